/**
 * Routing targets as stored in the KeyValueStore: one absolute http(s) URL per value.
 *
 * This file runs inside CloudFront Functions (runtime 2.0), which has no `URL`
 * class, so targets are parsed with small regular expressions.
 */

/** A target URL, split into the parts a redirect is built from. */
export interface Target {
  /** The stored value with stray whitespace trimmed, as written by the operator. */
  readonly url: string;
  /** `scheme://host[:port]`, scheme in lower case. */
  readonly origin: string;
  /** `""` or a path starting with `/`, as stored (trailing slash kept). */
  readonly path: string;
  /** The target's own query string without `?`, or `undefined` when it has none. */
  readonly query: string | undefined;
}

/** The outcome of {@link parseTarget}: a target, or why the value cannot be one. */
export type TargetParse =
  | { readonly ok: true; readonly target: Target }
  | { readonly ok: false; readonly reason: string };

const SHAPE = /^(https?):\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?(#.*)?$/i;
const HOST =
  /^(\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.?)(?::(\d{1,5}))?$/i;
// A Location header carries ASCII only; anything else has to be percent-encoded by the operator.
const NOT_URL_SAFE = /[^\x21-\x7e]/;
const MAX_PORT = 65535;

/**
 * Parses a stored target value. Leading and trailing whitespace is ignored (the
 * seed pattern's README stores a value with a trailing space).
 *
 * @example parseTarget(' https://abc.execute-api.eu-west-1.amazonaws.com/prod/ ')
 * // { ok: true, target: { origin: 'https://abc.execute-api...', path: '/prod/', query: undefined, ... } }
 */
export function parseTarget(raw: string): TargetParse {
  const url = raw.trim();
  if (url === '') return invalid('is empty');
  if (NOT_URL_SAFE.test(url)) {
    return invalid('contains spaces, control or non-ASCII characters (percent-encode them)');
  }
  const shape = SHAPE.exec(url);
  if (shape === null) return invalid('is not an absolute http:// or https:// URL');
  const scheme = (shape[1] as string).toLowerCase();
  const authority = shape[2] as string;
  if (shape[5] !== undefined) return invalid('has a fragment (#...), which a redirect target cannot carry');
  if (authority.indexOf('@') !== -1) return invalid('carries credentials (user@host)');
  const host = HOST.exec(authority);
  if (host === null) return invalid('has no valid host name');
  const port = host[2];
  if (port !== undefined && (Number(port) < 1 || Number(port) > MAX_PORT)) {
    return invalid('has port ' + port + ', outside 1-' + MAX_PORT);
  }
  return {
    ok: true,
    target: {
      url: url,
      origin: scheme + '://' + authority,
      path: shape[3] as string,
      query: shape[4],
    },
  };
}

function invalid(reason: string): TargetParse {
  return { ok: false, reason: reason };
}
