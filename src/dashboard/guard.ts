import type { IncomingMessage } from 'node:http';
import { isLoopbackHost } from '../net/loopback-lookup.js';

/** The header the page sends its token in, with every write. */
export const TOKEN_HEADER = 'x-cellfront-token';

/** Why a request was turned away, and with which status. */
export interface Refusal {
  readonly status: number;
  readonly message: string;
}

/**
 * The hostname of a Host header (`localhost:8079`, `[::1]:8079`), or
 * `undefined` when there is none.
 */
export function hostnameOf(host: string | undefined): string | undefined {
  if (host === undefined || host === '') return undefined;
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(host);
  if (bracketed) return bracketed[1];
  return host.replace(/:\d+$/, '');
}

/**
 * Every request must name this machine in its Host header: a page on another
 * site whose name an attacker points at 127.0.0.1 (DNS rebinding) sends its
 * own name, and is refused before anything is read or changed.
 */
export function checkHost(req: IncomingMessage): Refusal | undefined {
  const hostname = hostnameOf(req.headers.host);
  if (hostname !== undefined && isLoopbackHost(hostname)) return undefined;
  return {
    status: 403,
    message: `Host ${JSON.stringify(req.headers.host ?? '')} refused: the dashboard answers only to loopback names (localhost, 127.0.0.1, [::1])`,
  };
}

/**
 * A write must come from the dashboard's own page: a JSON body (which a form
 * on another site cannot send without a CORS preflight, never granted here),
 * an `Origin` that is this very server, a browser that says the request is
 * same-origin (when it says so at all), and the token the page was served with.
 */
export function checkWrite(req: IncomingMessage, token: string): Refusal | undefined {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') return { status: 415, message: 'writes take a JSON body (content-type: application/json)' };
  const origin = req.headers.origin;
  if (origin !== `http://${req.headers.host ?? ''}`) {
    return { status: 403, message: `cross-origin write refused: Origin ${JSON.stringify(origin ?? '')} is not this dashboard (http://${req.headers.host ?? ''})` };
  }
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') return { status: 403, message: `cross-site write refused (Sec-Fetch-Site: ${String(site)})` };
  if (req.headers[TOKEN_HEADER] !== token) return { status: 403, message: `write refused: missing or wrong ${TOKEN_HEADER}; reload the page` };
  return undefined;
}
