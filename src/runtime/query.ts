/**
 * The query string in and out of a function (spec §1). CloudFront hands a function
 * the parameters exactly as the viewer spelled them: names and values stay
 * percent-encoded and `+` stays `+` [community-observed; the docs do not say].
 */
import { ResultValidationError } from './errors.js';
import type { ValueMap } from './types.js';
import { appendItem, entriesOf, mergeEntry, ownEntry, sameJson, type FieldItem } from './values.js';

/**
 * `event.request.querystring` for a raw query string (without `?`). Empty segments
 * (`a=1&&b=2`) and segments without a name are skipped; `flag` and `flag=` both
 * give `{ value: "" }`.
 */
export function parseQuery(raw: string | undefined): ValueMap {
  const map: ValueMap = {};
  if (!raw) return map;
  for (const segment of raw.split('&')) {
    const eq = segment.indexOf('=');
    const name = eq === -1 ? segment : segment.slice(0, eq);
    if (name === '') continue;
    appendItem(map, name, { value: eq === -1 ? '' : segment.slice(eq + 1) });
  }
  return map;
}

/** Characters CloudFront refuses in a query string a function sets: whitespace, controls, `#`. */
// eslint-disable-next-line no-control-regex -- control characters are what is refused
const FORBIDDEN_QUERY_CHARS = /[\x00-\x20\x7f#]/;

function checkQueryText(text: string, field: string): void {
  const bad = FORBIDDEN_QUERY_CHARS.exec(text);
  if (bad) {
    throw new ResultValidationError(
      `${field} contains ${JSON.stringify(bad[0])}; a query string may not hold spaces, control characters or "#" (percent-encode them)`,
    );
  }
}

/**
 * The query string to forward for what the function returned in `querystring`: an
 * object (merged with the original by the multiValue rule) or, as runtime 2.0
 * allows, a string. An untouched object keeps the viewer's exact query string.
 *
 * @param original - the event's `querystring` and the raw string it came from.
 */
export function forwardQuery(returned: unknown, original: { map: ValueMap; raw: string | undefined }): string | undefined {
  if (returned === undefined || sameJson(returned, original.map)) return original.raw;
  if (typeof returned === 'string') {
    checkQueryText(returned, 'request.querystring');
    return returned === '' ? undefined : returned;
  }
  const parts: string[] = [];
  for (const [name, entry] of entriesOf(returned, 'request.querystring')) {
    const field = `request.querystring[${JSON.stringify(name)}]`;
    checkQueryText(name, `${field} (its name)`);
    const items: FieldItem[] = mergeEntry(entry, ownEntry(original.map, name), field);
    for (const item of items) {
      checkQueryText(item.value, `${field}.value`);
      parts.push(`${name}=${item.value}`);
    }
  }
  return parts.length === 0 ? undefined : parts.join('&');
}
