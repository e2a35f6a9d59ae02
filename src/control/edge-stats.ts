import { request } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { loopbackAwareLookup } from '../net/loopback-lookup.js';
import type { RoutingTable } from '../router/table/index.js';
import { ControlError } from './errors.js';

/** The local edge's counters endpoint (served by `cellfront dev`). */
export const EDGE_STATS_PATH = '/_cellfront/stats';

/** How long a stats read may take before it counts as unavailable. */
const STATS_TIMEOUT_MS = 5_000;

/** One cell's counters at the local edge since it started. */
export interface CellCounters {
  readonly requests: number;
  /** 0 from an edge that does not count 4xx. */
  readonly errors4xx: number;
  readonly errors5xx: number;
}

/**
 * Reads the local edge's counters and returns them per cell of `table`.
 * Counters by cell (`byCell`) are keyed by the cell header the function set;
 * answers without it (an origin's 4xx/5xx skips viewer-response, so no header)
 * are keyed by origin, `host:port`, and are added to the cell with that
 * origin. An edge that only counts by origin (`byOrigin`) is read the same
 * way. An origin two cells share is left out rather than guessed. Throws
 * `ControlError('stats-unavailable')` when the endpoint is missing or answers
 * something else.
 *
 * @example (await readEdgeStats('http://localhost:8080', table)).get('api1')?.requests
 */
export async function readEdgeStats(edgeUrl: string, table: RoutingTable): Promise<Map<string, CellCounters>> {
  const url = new URL(EDGE_STATS_PATH, edgeUrl);
  const body = await getJson(url);
  const counters = (x: unknown): CellCounters => ({
    requests: isRecord(x) && typeof x.requests === 'number' ? x.requests : 0,
    errors4xx: isRecord(x) && typeof x.errors4xx === 'number' ? x.errors4xx : 0,
    errors5xx: isRecord(x) && typeof x.errors5xx === 'number' ? x.errors5xx : 0,
  });
  const record = isRecord(body) ? body : {};
  const byCell = isRecord(record.byCell) ? record.byCell : undefined;
  const byOrigin = isRecord(record.byOrigin) ? record.byOrigin : undefined;
  const keyed = byCell ?? byOrigin;
  if (!keyed) throw new ControlError('stats-unavailable', `${url.href} did not answer with the edge's counters (no "byCell" or "byOrigin")`);
  const cellIds = new Set(table.c.map((c) => c.i));
  const origins = table.c.map(originId);
  const out = new Map<string, CellCounters>();
  for (const [i, cell] of table.c.entries()) {
    const origin = origins[i] as string;
    const shared = origins.indexOf(origin) !== origins.lastIndexOf(origin);
    if (shared && !byCell) continue;
    const named = byCell ? counters(byCell[cell.i]) : counters(undefined);
    const fromOrigin = shared || cellIds.has(origin) ? counters(undefined) : counters(keyed[origin]);
    out.set(cell.i, {
      requests: named.requests + fromOrigin.requests,
      errors4xx: named.errors4xx + fromOrigin.errors4xx,
      errors5xx: named.errors5xx + fromOrigin.errors5xx,
    });
  }
  return out;
}

/** How the local edge names the origin of a proxied cell: `host:port`. */
function originId(cell: RoutingTable['c'][number]): string {
  if (cell.u !== undefined) {
    const url = new URL(cell.u);
    return `${url.hostname}:${url.port || (url.protocol === 'http:' ? 80 : 443)}`;
  }
  return `${cell.d ?? ''}:${cell.n ?? (cell.p === 'http' ? 80 : 443)}`;
}

function getJson(url: URL): Promise<unknown> {
  const send = url.protocol === 'https:' ? httpsRequest : request;
  return new Promise((resolve, reject) => {
    const unavailable = (why: string) => new ControlError('stats-unavailable', `cannot read the edge's counters at ${url.href}: ${why}`);
    const req = send(url, { method: 'GET', timeout: STATS_TIMEOUT_MS, agent: false, lookup: loopbackAwareLookup }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', (error) => reject(unavailable(error.message)));
      res.on('end', () => {
        if (res.statusCode !== 200) return reject(unavailable(`status ${res.statusCode ?? '?'}`));
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        } catch {
          reject(unavailable('the answer is not JSON'));
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${STATS_TIMEOUT_MS} ms`)));
    req.on('error', (error) => reject(unavailable(error.message)));
    req.end();
  });
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
