/**
 * Where a test edge's `fetch` sends a request. The request target goes on the
 * request line as written, as `curl --path-as-is` sends it: a function under test
 * sees `//images//a.png`, `/a/../b` and a bare `?` exactly as a viewer sent them,
 * which resolving the path as a URL would rewrite (`new URL('//images/a.png', base)`
 * even takes `images` for the host).
 */

/** A request target and the URL that gives the request its Host (and any credentials). */
export interface RequestTarget {
  /** The edge's URL for a path; the given URL for an absolute one. Its path is not sent. */
  readonly url: URL;
  /** Path and query, as the request line carries them. */
  readonly path: string;
}

/** An absolute `http://` URL's scheme and authority (up to the path, query or fragment). */
const ABSOLUTE_HTTP = /^http:\/\/[^/?#\\]*/i;
/** Runs of characters a request line cannot carry: spaces, controls, DEL and non-ASCII. */
const UNSENDABLE = /[^\x21-\x7e]+/g;

/**
 * The target for `given`: a path starting with `/` (query included) on the edge at
 * `edgeUrl`, or an absolute `http://` URL (a string or a `URL`), whose host becomes the Host header. Either
 * way the path and query are sent as written, but for a `#fragment`, which is not
 * sent, and for characters a request line cannot carry (spaces, controls,
 * non-ASCII), which are percent-encoded as UTF-8, as `fetch` encodes them.
 *
 * @throws TypeError when `given` is neither, naming what is accepted.
 * @example requestTarget('/a/../b?', 'http://127.0.0.1:8080').path // '/a/../b?'
 */
export function requestTarget(given: string | URL, edgeUrl: string): RequestTarget {
  const text = withoutFragment(String(given));
  if (text.startsWith('/')) return { url: new URL(edgeUrl), path: percentEncoded(text) };
  const authority = ABSOLUTE_HTTP.exec(text)?.[0];
  if (authority === undefined) {
    throw new TypeError(
      `edge.fetch takes a path starting with "/" (such as "/orders?id=1") or an absolute http:// URL (such as "http://shop.example/orders"); got ${JSON.stringify(String(given))}`,
    );
  }
  const rest = text.slice(authority.length);
  return { url: new URL(given), path: percentEncoded(rest.startsWith('/') ? rest : `/${rest}`) };
}

function withoutFragment(text: string): string {
  const hash = text.indexOf('#');
  return hash === -1 ? text : text.slice(0, hash);
}

function percentEncoded(text: string): string {
  return text.replace(UNSENDABLE, (run) => {
    let out = '';
    for (const byte of Buffer.from(run, 'utf8')) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    return out;
  });
}
