/**
 * `cf.updateRequestOrigin` arguments already checked: a router passes the same few
 * origin changes (one per cell) on every request, and checking one is a JSON parse
 * and a walk over every field. The check depends on the argument's JSON alone, so a
 * remembered result is never out of date; each call gets its own copy of it, so a
 * request's origin can be changed later without touching what the next one gets.
 * Arguments that fail the check are not remembered (they throw again, the same way).
 */
import { validateOriginChange } from './origin.js';
import type { OriginChange } from './types.js';
import { copyJsonData } from './values.js';

/** How many distinct arguments are remembered; the oldest goes first. */
export const CHECKED_ORIGIN_CHANGES_MAX = 64;
/** Longer arguments are checked every time rather than held. */
export const CHECKED_ORIGIN_CHANGE_MAX_CHARS = 4_096;

const checked = new Map<string, OriginChange>();

/**
 * `validateOriginChange(JSON.parse(json))`, remembered by `json`.
 *
 * @throws ResultValidationError as `validateOriginChange` does.
 */
export function checkedOriginChange(json: string | null): OriginChange {
  if (json === null || json.length > CHECKED_ORIGIN_CHANGE_MAX_CHARS) return validateOriginChange(json === null ? null : JSON.parse(json));
  let change = checked.get(json);
  if (change === undefined) {
    change = validateOriginChange(JSON.parse(json));
    if (checked.size >= CHECKED_ORIGIN_CHANGES_MAX) checked.delete(checked.keys().next().value as string);
    checked.set(json, change);
  }
  return copyJsonData(change) as OriginChange;
}
