/*
 * Headers a routing config must not name: a function never sees the hidden ones
 * (so routing on one would route on a value that is never there), and setting a
 * read-only one on a response fails the edge function's validation (502). The
 * lists are the runtime's (spec §1), so config checks and the emulator agree.
 */
import { isHiddenHeader as isHiddenLowerCase, isReadOnlyHeader } from '../runtime/headers.js';

/** True when a function never sees this request header (any case). */
export function isHiddenHeader(name: string): boolean {
  return isHiddenLowerCase(name.toLowerCase());
}

/** True when a function may not set this header on a response (any case). */
export function isUnsettableResponseHeader(name: string): boolean {
  return isHiddenHeader(name) || isReadOnlyHeader('viewer-response', name.toLowerCase());
}
