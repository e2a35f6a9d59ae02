import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEdgeStats } from '../../src/control/edge-stats.js';
import { compileTable } from '../../src/router/table/index.js';
import { cell, makeConfig } from '../router-table/support.js';

/** What the fake edge answers next at /_cellfront/stats. */
let answer: { status: number; body: string } = { status: 200, body: '{}' };
let server: Server;
let url: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    res.writeHead(req.url === '/_cellfront/stats' ? answer.status : 404);
    res.end(answer.body);
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  url = `http://localhost:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((done) => server.close(done));
});

const table = compileTable(
  makeConfig({
    cells: [cell('api1', 50), { ...cell('api2', 50), origin: 'http://localhost:8083/prod' }],
    fallback: 'api1',
  }),
).table;

describe('readEdgeStats', () => {
  it('reads counters by cell, adding answers counted by the origin of a cell (no cell header on origin errors)', async () => {
    answer = {
      status: 200,
      body: JSON.stringify({
        byCell: { api1: { requests: 7, errors5xx: 0 }, api2: { requests: 3, errors5xx: 0 }, 'localhost:8083': { requests: 2, errors5xx: 2 } },
      }),
    };
    expect(await readEdgeStats(url, table)).toEqual(
      new Map([
        ['api1', { requests: 7, errors4xx: 0, errors5xx: 0 }],
        ['api2', { requests: 5, errors4xx: 0, errors5xx: 2 }],
      ]),
    );
  });

  it('reads an edge that counts by origin only', async () => {
    answer = { status: 200, body: JSON.stringify({ byOrigin: { 'api1.execute-api.eu-west-1.amazonaws.com:443': { requests: 4, errors5xx: 1 } } }) };
    expect(await readEdgeStats(url, table)).toEqual(
      new Map([
        ['api1', { requests: 4, errors4xx: 0, errors5xx: 1 }],
        ['api2', { requests: 0, errors4xx: 0, errors5xx: 0 }],
      ]),
    );
  });

  it('says what is wrong when the endpoint is missing or answers something else', async () => {
    answer = { status: 404, body: 'no' };
    await expect(readEdgeStats(url, table)).rejects.toThrowError(`cannot read the edge's counters at ${url}/_cellfront/stats: status 404`);
    answer = { status: 200, body: '{"message": "Hello from API 1"}' };
    await expect(readEdgeStats(url, table)).rejects.toThrowError(`${url}/_cellfront/stats did not answer with the edge's counters (no "byCell" or "byOrigin")`);
  });
});
