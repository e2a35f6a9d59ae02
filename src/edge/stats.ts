import type { ViewerRequest, ViewerResponse } from './viewer.js';

/** The local edge's own paths (CloudFront has none): answered only for loopback Host names. */
export const RESERVED_PATH_PREFIX = '/_cellfront/';
/** The reserved path where the local edge serves its counters (CloudFront has no such path). */
export const STATS_PATH = '/_cellfront/stats';

/** The response header naming the chosen cell, unless a config renames it. */
export const DEFAULT_CELL_HEADER = 'x-cellfront-cell';

/** Requests answered for one origin or cell, and how many of them were 4xx and 5xx. */
export interface Counter {
  readonly requests: number;
  readonly errors4xx: number;
  readonly errors5xx: number;
}

/** What `GET /_cellfront/stats` answers. */
export interface StatsSnapshot {
  /** Every answer the edge gave (the stats path itself excluded). */
  readonly requests: number;
  /** Answers by status code. */
  readonly byStatus: Record<string, number>;
  /** Answers an origin produced (or failed to), by origin id. */
  readonly byOrigin: Record<string, Counter>;
  /**
   * Answers by cell: the value of the cell header the function set (on the
   * origin's response in proxy mode, on the redirect in redirect mode), else
   * the id of the origin that answered. Answers with neither (a 503 from the
   * function, a function error) are not counted here.
   */
  readonly byCell: Record<string, Counter>;
}

/**
 * Counters the local edge keeps: answers by status, by origin, and by cell.
 * Served at `GET /_cellfront/stats`; read by `cellfront status` and tests.
 *
 * @example new EdgeStats().count(200, 'api1', [['x-cellfront-cell', 'api1']])
 */
export class EdgeStats {
  private requests = 0;
  private readonly byStatus = new Map<number, number>();
  private readonly byOrigin = new Map<string, { requests: number; errors4xx: number; errors5xx: number }>();
  private readonly byCell = new Map<string, { requests: number; errors4xx: number; errors5xx: number }>();

  constructor(
    /** The header naming the cell, lower case. */
    private readonly cellHeader = DEFAULT_CELL_HEADER,
  ) {}

  /**
   * Records one answer: `originId` when an origin produced (or failed) it,
   * `headers` (the answer's headers) when the function may have named the cell.
   */
  count(status: number, originId?: string, headers?: ReadonlyArray<readonly [string, string]>): void {
    this.requests++;
    this.byStatus.set(status, (this.byStatus.get(status) ?? 0) + 1);
    if (originId !== undefined) add(this.byOrigin, originId, status);
    const cell = headers?.find(([name]) => name.toLowerCase() === this.cellHeader)?.[1] ?? originId;
    if (cell !== undefined) add(this.byCell, cell, status);
  }

  snapshot(): StatsSnapshot {
    const copy = (map: Map<string, Counter>) => Object.fromEntries([...map].map(([k, v]) => [k, { ...v }]));
    return {
      requests: this.requests,
      byStatus: Object.fromEntries([...this.byStatus].map(([k, v]) => [String(k), v])),
      byOrigin: copy(this.byOrigin),
      byCell: copy(this.byCell),
    };
  }
}

function add(map: Map<string, { requests: number; errors4xx: number; errors5xx: number }>, id: string, status: number): void {
  const entry = map.get(id) ?? { requests: 0, errors4xx: 0, errors5xx: 0 };
  entry.requests++;
  if (status >= 500) entry.errors5xx++;
  else if (status >= 400) entry.errors4xx++;
  map.set(id, entry);
}

/**
 * Answers `GET /_cellfront/stats` with the counters as JSON (other methods on
 * that path get 405). Returns whether the request was the stats path, so the
 * edge passes every other request on.
 */
export function serveStats(req: ViewerRequest, res: ViewerResponse, stats: EdgeStats): boolean {
  const url = req.url ?? '';
  // Most requests are not for it: no split for them.
  if (!url.startsWith(STATS_PATH) || url.split('?')[0] !== STATS_PATH) return false;
  req.resume();
  const body = req.method === 'GET' || req.method === 'HEAD' ? JSON.stringify(stats.snapshot()) : JSON.stringify({ message: `only GET ${STATS_PATH}` });
  res.statusCode = req.method === 'GET' || req.method === 'HEAD' ? 200 : 405;
  res.setHeader('content-type', 'application/json');
  res.setHeader('cache-control', 'no-store');
  res.setHeader('content-length', Buffer.byteLength(body));
  if (req.method === 'HEAD') res.end();
  else res.end(body);
  return true;
}
