import type { TableCell } from './types.js';

/*
 * What the edge does with a chosen cell. Bundled into the edge function:
 * CloudFront Functions 2.0 subset (see decode.ts).
 */

/** The argument of `cf.updateRequestOrigin` that sends a request to a cell. */
export interface ProxyOrigin {
  readonly domainName: string;
  /** The origin's own domain: API Gateway (like most HTTPS origins) answers only requests for its host name. */
  readonly hostHeader: string;
  /** The cell's origin path, `''` when it has none (never the distribution's origin path). */
  readonly originPath: string;
  readonly customOriginConfig: {
    readonly port: number;
    readonly protocol: 'http' | 'https';
    /** Only for HTTPS origins. */
    readonly sslProtocols?: readonly string[];
  };
}

/**
 * The redirect target for a request: the cell's URL, then the request path,
 * then the viewer's raw query string (left out when empty).
 *
 * @example redirectLocation({ i: 'a', u: 'https://a.example.com/prod' }, '/users/7', 'x=1')
 * // 'https://a.example.com/prod/users/7?x=1'
 */
export function redirectLocation(cell: TableCell, path: string, rawQuery: string | undefined): string {
  return (cell.u as string) + path + (rawQuery ? '?' + rawQuery : '');
}

/**
 * The origin fields for `cf.updateRequestOrigin` that send a request to a cell
 * (proxy mode): domain, Host header, path, port and protocol. Every field is
 * given, so nothing is inherited from the distribution's default origin (the
 * function cannot know it).
 *
 * @example cf.updateRequestOrigin(proxyOrigin(decision.cell))
 */
export function proxyOrigin(cell: TableCell): ProxyOrigin {
  const o: { -readonly [K in keyof ProxyOrigin]: ProxyOrigin[K] } = {
    domainName: cell.d as string,
    hostHeader: cell.d as string,
    // '' clears the path of the distribution's origin: a cell without a path gets none.
    originPath: cell.o || '',
    customOriginConfig:
      cell.p === 'http' ? { port: cell.n || 80, protocol: 'http' } : { port: cell.n || 443, protocol: 'https', sslProtocols: ['TLSv1.2'] },
  };
  return o;
}
