/*
 * Headers CloudFront Functions can neither see nor add, and those read-only in
 * viewer-response, from the CloudFront Functions event structure docs. A config
 * naming one would route on a value that is never there, or make the edge
 * function fail validation (502).
 */

const HIDDEN = new Set([
  'connection',
  'expect',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'trailer',
  'upgrade',
  'x-cache',
  'x-forwarded-proto',
  'x-real-ip',
]);
const HIDDEN_PREFIXES = ['x-accel-', 'x-amz-cf-', 'x-edge-'];
const READ_ONLY_IN_RESPONSE = new Set(['content-encoding', 'content-length', 'transfer-encoding', 'warning', 'via']);

/** True when a function never sees this request header. */
export function isHiddenHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return HIDDEN.has(lower) || HIDDEN_PREFIXES.some((p) => lower.startsWith(p));
}

/** True when a function may not set this header on a response. */
export function isUnsettableResponseHeader(name: string): boolean {
  return isHiddenHeader(name) || READ_ONLY_IN_RESPONSE.has(name.toLowerCase());
}
