/**
 * Reads the `headers` a function returned (request or response) back into header
 * lines, enforcing spec §1: lower-case names, `{ value }` entries, no hidden
 * headers added, read-only headers left as they were.
 */
import { ResultValidationError } from './errors.js';
import { headerNameProblem, isHiddenHeader, isReadOnlyHeader, isValidHeaderValue } from './headers.js';
import type { EventType, ValueMap } from './types.js';
import { FieldPath, itemsOf, mapOf, mergeEntry, ownEntry, sameJson } from './values.js';

export interface HeaderRules {
  /** Which event's read-only list applies; `undefined` for a generated response (none is read-only). */
  readonly eventType: EventType | undefined;
  /** `request.headers` or `response.headers`, for messages. */
  readonly field: string;
  /** The header the function must express through `cookies` instead. */
  readonly cookieHeader: 'cookie' | 'set-cookie';
  /**
   * A read-only header the result leaves out is kept as it was rather than an
   * error (viewer-response: a function may return a response object of its own).
   * @default false
   */
  readonly readOnlyMayBeOmitted?: boolean;
  /**
   * The byte length of a body the function gave: a `content-length` equal to it is
   * the function aligning the header with its body, which is allowed.
   * @default - no new body: content-length may not change
   */
  readonly newBodyLength?: number;
}

/**
 * The header lines for what the function returned. A missing `headers` keeps the
 * original ones.
 *
 * @throws ResultValidationError naming the header and the rule it breaks.
 */
export function outputHeaders(returned: unknown, original: ValueMap, rules: HeaderRules): Array<[string, string]> {
  if (returned === undefined) returned = original;
  const lines: Array<[string, string]> = [];
  const map = mapOf(returned, rules.field);
  for (const name of Object.keys(map)) {
    const entry = map[name];
    const field = new FieldPath(rules.field, name);
    const problem = headerNameProblem(name);
    if (problem) throw new ResultValidationError(`${field}: ${problem}`);
    if (name === rules.cookieHeader) {
      throw new ResultValidationError(`${field}: set cookies through ${rules.field.replace('headers', 'cookies')}, not a ${name} header`);
    }
    if (isHiddenHeader(name)) throw new ResultValidationError(`${field}: CloudFront does not let a function add the ${name} header`);
    const before = ownEntry(original, name);
    const items = mergeEntry(entry, before, field);
    if (rules.eventType && isReadOnlyHeader(rules.eventType, name) && !(before && sameJson(items, itemsOf(before))) && !alignsLength(name, items, rules)) {
      throw new ResultValidationError(`${field} is read-only in ${rules.eventType} functions and cannot be added or changed`);
    }
    for (const item of items) {
      if (!isValidHeaderValue(item.value)) {
        throw new ResultValidationError(`${field}.value may not hold line breaks or other control characters`);
      }
      lines.push([name, item.value]);
    }
  }
  if (rules.eventType && !rules.readOnlyMayBeOmitted) {
    for (const name of Object.keys(original)) {
      // Not among the returned names (`Object.keys(map)`, all of which were read above).
      if (!Object.prototype.propertyIsEnumerable.call(map, name) && isReadOnlyHeader(rules.eventType, name)) {
        throw new ResultValidationError(`${rules.field}[${JSON.stringify(name)}] is read-only in ${rules.eventType} functions and cannot be removed`);
      }
    }
  }
  return lines;
}

/** A content-length the function set to its new body's length. */
function alignsLength(name: string, items: ReadonlyArray<{ value: string }>, rules: HeaderRules): boolean {
  return name === 'content-length' && rules.newBodyLength !== undefined && items.length === 1 && items[0]?.value === String(rules.newBodyLength);
}
