import type { CfField, CfRequest } from './event.js';

/**
 * The viewer's query string without `?`, as `rawQueryString()` gives it: the
 * exact bytes. Runtime 2.0 always offers the method; without it (hand-written
 * events) there is no query. `undefined` or `""` when there is none.
 *
 * @example rawQuery(event.request) // 'a=1&tag=x&tag=y'
 */
export function rawQuery(request: CfRequest): string | undefined {
  return request.rawQueryString && request.rawQueryString();
}

/**
 * The viewer's query string without `?`: `rawQueryString()` when it has one;
 * otherwise (older runtimes, other emulators, and AWS's TestFunction, which
 * answers `""` even when its test event has parameters) rebuilt in order from
 * `querystring`, whose values arrive still percent-encoded (a parameter with
 * an empty value is written as its bare name). `undefined` when there is none.
 *
 * @example viewerQuery(event.request) // 'a=1&tag=x&tag=y'
 */
export function viewerQuery(request: CfRequest): string | undefined {
  const pairs: string[] = [];
  const query = request.querystring;
  for (const name in query) {
    const field = query[name] as CfField;
    (field.multiValue || [field]).forEach((v) => {
      pairs.push(v.value ? name + '=' + v.value : name);
    });
  }
  return rawQuery(request) || pairs.join('&') || undefined;
}
