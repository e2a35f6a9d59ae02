/**
 * Routing targets as stored in the KeyValueStore under the seed layout: one
 * absolute http(s) URL per value.
 *
 * This file runs inside CloudFront Functions (runtime 2.0), which has no `URL`
 * class and a code size limit, so one regular expression decides.
 */

/**
 * `http(s)://`, a host name or IPv4 address (letters, digits, `.`, `-`, `_`),
 * an optional port, then an optional path and query in printable ASCII other
 * than `#`: no credentials, no fragment, no spaces, nothing a `Location`
 * header could not carry. The scheme's case is spelled out rather than left to
 * an `i` flag: in njs, `/s/i` also matches the long s (U+017F).
 */
const TARGET = /^[Hh][Tt]{2}[Pp][Ss]?:\/\/[\w.-]+(:\d{1,5})?([/?][!-"$-~]*)?$/;

/**
 * Whether a stored value (already trimmed) can be a redirect target.
 *
 * @example isTarget('https://abc.execute-api.eu-west-1.amazonaws.com/prod/') // true
 * @example isTarget('[APIGATEWAY1URL]') // false
 */
export function isTarget(value: string): boolean {
  return TARGET.test(value);
}
