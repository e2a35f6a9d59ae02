/** One query parameter as the viewer sent it (still percent-encoded). */
export interface QueryPair {
  readonly name: string;
  readonly value: string;
}

/**
 * Rebuilds a query string (without `?`) from parameters, in order, without
 * re-encoding: CloudFront hands a function the parameters as the viewer sent
 * them, so joining them gives back the viewer's bytes. A parameter with an empty
 * value is written as its bare name (`?debug`), since `?debug` and `?debug=`
 * cannot be told apart once parsed.
 *
 * @example queryFromPairs([{ name: 'a', value: '1' }, { name: 'a', value: '2' }]) // 'a=1&a=2'
 */
export function queryFromPairs(pairs: readonly QueryPair[]): string {
  return pairs.map((p) => (p.value === '' ? p.name : p.name + '=' + p.value)).join('&');
}
