/**
 * The header lines a test edge's viewer sends for `fetch`'s `headers`, in order.
 * Pairs are sent one line each, as a viewer sends a repeated header, so that a
 * function sees `multiValue` as it would on CloudFront; a record and a `Headers`
 * hold one value per name and send one line per name, as `fetch` does.
 */

/** A header line: lower-case name, value. */
export type HeaderLine = [name: string, value: string];

/**
 * The lines for `given`, names in lower case:
 *
 * - pairs (`[['x-id', '1'], ['x-id', '2']]`): one line per pair, in order;
 * - a record: one line per name, values of names that differ only in case joined
 *   with `, ` as `Headers` joins them;
 * - a `Headers`: one line per name as it holds them, and one per `set-cookie`.
 *
 * `cookie` is the exception: however given, the cookies go on one line joined with
 * `; `, as `fetch` joins them and as an HTTP/2 viewer's cookie fields are joined
 * for HTTP/1.1 (RFC 9113 §8.2.3). The function gets the same `request.cookies` from
 * one line or several (a cookie named twice has `multiValue`), so one line is the
 * choice that is right whichever CloudFront does with several.
 *
 * @throws TypeError when a pair is not `[name, value]`.
 */
export function headerLines(given: RequestInit['headers']): HeaderLine[] {
  if (given === undefined) return [];
  if (given instanceof Headers) return headersLines(given);
  const lines = Array.isArray(given) ? pairLines(given as ReadonlyArray<readonly string[]>) : recordLines(given as Record<string, string>);
  return withCookiesOnOneLine(lines);
}

/** Whether `lines` has a header `name` (lower case). */
export function hasHeader(lines: readonly HeaderLine[], name: string): boolean {
  return lines.some(([given]) => given === name);
}

function pairLines(pairs: ReadonlyArray<readonly string[]>): HeaderLine[] {
  return pairs.map((pair) => {
    if (pair.length !== 2) throw new TypeError(`a header must be a [name, value] pair (got ${pair.length} items)`);
    return line(pair[0] as string, pair[1] as string);
  });
}

function recordLines(record: Readonly<Record<string, string>>): HeaderLine[] {
  const lines: HeaderLine[] = [];
  const at = new Map<string, number>();
  for (const [name, value] of Object.entries(record)) {
    const next = line(name, value);
    const index = at.get(next[0]);
    const had = index === undefined ? undefined : lines[index];
    if (had && next[0] !== 'cookie' && next[0] !== 'set-cookie') had[1] = `${had[1]}, ${next[1]}`;
    else {
      at.set(next[0], lines.length);
      lines.push(next);
    }
  }
  return lines;
}

function headersLines(headers: Headers): HeaderLine[] {
  const lines: HeaderLine[] = [];
  headers.forEach((value, name) => {
    if (name !== 'set-cookie') lines.push([name, value]);
  });
  for (const cookie of headers.getSetCookie()) lines.push(['set-cookie', cookie]);
  return lines;
}

/** The `cookie` lines as one, where the first was. */
function withCookiesOnOneLine(lines: HeaderLine[]): HeaderLine[] {
  const cookies = lines.filter(([name]) => name === 'cookie');
  if (cookies.length < 2) return lines;
  const joined: HeaderLine = ['cookie', cookies.map(([, value]) => value).join('; ')];
  const first = lines.indexOf(cookies[0] as HeaderLine);
  return lines.flatMap((item, i) => (item[0] !== 'cookie' ? [item] : i === first ? [joined] : []));
}

function line(name: string, value: string): HeaderLine {
  return [String(name).toLowerCase(), String(value).trim()];
}
