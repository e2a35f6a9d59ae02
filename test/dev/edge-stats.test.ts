import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { EdgeStats, serveStats, STATS_PATH } from '../../src/edge/index.js';
import { listen } from '../../src/net/listen.js';
import { send } from '../e2e/http.js';

describe('EdgeStats', () => {
  it('counts by status, by origin, and by the cell the answer names, else the origin', () => {
    const stats = new EdgeStats();
    stats.count(200, 'localhost:9001', [['X-Cellfront-Cell', 'api1']]);
    stats.count(502, 'localhost:9001', [['x-cellfront-cell', 'api1']]);
    stats.count(307, undefined, [['location', 'https://x'], ['x-cellfront-cell', 'api2']]);
    stats.count(200, 'api1');
    stats.count(503);
    expect(stats.snapshot()).toEqual({
      requests: 5,
      byStatus: { '200': 2, '307': 1, '502': 1, '503': 1 },
      byOrigin: { 'localhost:9001': { requests: 2, errors4xx: 0, errors5xx: 1 }, api1: { requests: 1, errors4xx: 0, errors5xx: 0 } },
      byCell: { api1: { requests: 3, errors4xx: 0, errors5xx: 1 }, api2: { requests: 1, errors4xx: 0, errors5xx: 0 } },
    });
  });

  it('reads a renamed cell header', () => {
    const stats = new EdgeStats('x-served-by');
    stats.count(200, 'o', [['x-cellfront-cell', 'ignored'], ['x-served-by', 'blue']]);
    expect(Object.keys(stats.snapshot().byCell)).toEqual(['blue']);
  });
});

describe('serveStats', () => {
  it(`answers GET ${STATS_PATH} with the counters, refuses other methods, and passes every other path on`, async () => {
    const stats = new EdgeStats();
    stats.count(200, 'api1');
    const server = createServer((req, res) => {
      if (serveStats(req, res, stats)) return;
      res.end('passed on');
    });
    const listening = await listen(server, '127.0.0.1', 0);
    try {
      const domain = `127.0.0.1:${listening.port}`;
      const got = await send(domain, `${STATS_PATH}?x=1`);
      expect([got.status, got.headers['cache-control'], JSON.parse(got.body)]).toEqual([200, 'no-store', stats.snapshot()]);
      expect((await send(domain, STATS_PATH, { method: 'POST', body: 'x' })).status).toBe(405);
      expect((await send(domain, '/_cellfront/other')).body).toBe('passed on');
    } finally {
      await listening.close();
    }
  });
});
