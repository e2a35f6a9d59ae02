import type { Target } from './target.js';

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
 * @example joinLocation(parseTarget('https://h/prod/').target, { path: '/users/7', query: 'a=1' })
 * // 'https://h/prod/users/7?a=1'
 */
export function joinLocation(target: Target, request: RequestTarget): string {
  const base = target.path.replace(/\/+$/, '');
  const path = request.path.charAt(0) === '/' ? request.path : '/' + request.path;
  const queries: string[] = [];
  if (target.query) queries.push(target.query);
  if (request.query) queries.push(request.query);
  return target.origin + base + path + (queries.length > 0 ? '?' + queries.join('&') : '');
}
