/**
 * Node's raw header lists (names and values in turn, as received) read the two
 * ways the test edge needs: as a WHATWG `Headers`, and one value by name.
 */

/** Raw header names and values as a `Headers`, repeats appended. */
export function headersOf(raw: readonly string[]): Headers {
  const headers = new Headers();
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i] as string, raw[i + 1] as string);
  return headers;
}

/** The first value of header `name` (lower case), or `undefined`. */
export function rawHeader(raw: readonly string[], name: string): string | undefined {
  for (let i = 0; i + 1 < raw.length; i += 2) if ((raw[i] as string).toLowerCase() === name) return raw[i + 1];
  return undefined;
}
