/** The part of a viewer request a redirect keeps. */
export interface RequestTarget {
  /** The request path, starting with `/`, as the viewer sent it. */
  readonly path: string;
  /** The query string without `?`; `""` for a bare `?`, `undefined` for none. */
  readonly query: string | undefined;
}

/**
 * Builds the redirect location: the target URL joined with the request's path
 * and query string. A trailing slash on the target's path is not doubled; a
 * target with its own query string keeps it, ahead of the viewer's parameters.
 * An empty query (a bare `?`) adds nothing.
 *
 * @example joinLocation('https://h/prod/?stage=blue', { path: '/users/7', query: 'a=1' })
 * // 'https://h/prod/users/7?stage=blue&a=1'
 */
export function joinLocation(target: string, request: RequestTarget): string {
  const at = target.indexOf('?');
  const queries = [at < 0 ? '' : target.slice(at + 1), request.query || ''].filter((q) => q !== '');
  return (at < 0 ? target : target.slice(0, at)).replace(/\/+$/, '') + request.path + (queries.length ? '?' + queries.join('&') : '');
}
