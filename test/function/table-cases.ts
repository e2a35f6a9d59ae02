/**
 * The edge function's behaviour with a routing table, as one suite any engine
 * can run against the BUILT file. Expected cells come from the core's own
 * `decide()` run in Node: the function must make the very same decision.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedConfig } from '../../src/config/index.js';
import { buildEdgeFunction } from '../../src/function/index.js';
import { compileTable, decide, storeEntries, type RequestFacts, type RoutingTable } from '../../src/router/table/index.js';
import { cell, makeConfig } from '../router-table/support.js';
import { succeeded, type BatchRunner, type GeneratedResponse } from './edge-cases.js';
import { viewerRequest, viewerResponse, type RequestShape } from './events.js';
import type { EdgeCall } from './njs-runner.js';

const VISITOR_ATTRIBUTES = 'Path=/; Max-Age=86400; Secure; HttpOnly; SameSite=Lax';

/** The demo's shape: two cells 50/50 (and a disabled third), tenants by header then session cookie, one override, force by header or cookie. */
export function tableConfig(changes: Partial<ResolvedConfig> = {}): ResolvedConfig {
  return makeConfig({
    cells: [cell('api1', 50), cell('api2', 50), cell('api3', 0, true)],
    partition: {
      from: [
        { kind: 'header', name: 'x-tenant-id' },
        { kind: 'cookie', name: 'session' },
      ],
      sticky: { cookie: 'cellfront-visitor', maxAgeSeconds: 86_400 },
    },
    overrides: [{ key: 'tenant-42', cell: 'api2' }],
    force: { header: 'x-cellfront-cell', cookie: 'cellfront-force' },
    ...changes,
  });
}

/** The store a config compiles to: the table and one pin key per override. */
export function storeOf(config: ResolvedConfig): Record<string, string> {
  const compiled = compileTable(config);
  return Object.fromEntries(storeEntries(compiled, config).data.map((e) => [e.key, e.value]));
}

/** The facts the function derives from one of these events. */
export function factsOf(shape: RequestShape, uri = '/'): RequestFacts {
  return {
    headers: { host: 'd111111abcdef8.cloudfront.net', ...shape.headers },
    cookies: { ...shape.cookies },
    query: {},
    path: uri,
    clientIp: shape.ip ?? '198.51.100.7',
    newVisitorId: shape.requestId ?? 'r1',
  };
}

/** A tenant id whose slot belongs to `cellId`, and that has no override. */
export function tenantOn(table: RoutingTable, cellId: string): string {
  for (let i = 0; ; i++) {
    const key = `tenant-probe-${i}`;
    if (decide(factsOf({ headers: { 'x-tenant-id': key } }), table).cell.i === cellId) return key;
  }
}

function cellOf(origin: Record<string, unknown> | undefined): string {
  return String(origin?.domainName).split('.')[0] as string;
}

export function runTableCases(engine: string, run: BatchRunner): void {
  describe(`the built edge function, routing table, under ${engine}`, () => {
    const proxyConfig = tableConfig();
    const proxyStore = storeOf(proxyConfig);
    const proxyTable = compileTable(proxyConfig).table;
    const redirectConfig = tableConfig({ mode: 'redirect', redirectStatus: 307 });
    const redirectStore = storeOf(redirectConfig);
    let code = '';
    let embeddedCode = '';
    beforeAll(async () => {
      code = (await buildEdgeFunction()).code;
      embeddedCode = (await buildEdgeFunction({ table: proxyTable })).code;
    });

    async function invoke(calls: readonly EdgeCall[], withCode = code, maxReads = 2) {
      const outcome = await run({ code: withCode, calls });
      expect(outcome.violations).toEqual([]);
      const results = outcome.results.map(succeeded);
      // At most two store reads per invocation whenever a table routes: the table, then maybe a pin.
      results.forEach((r) => expect(r.reads.length).toBeLessThanOrEqual(maxReads));
      return { results, logs: outcome.logs };
    }

    it('makes the core decision for 200 tenants: same cell, both cells used, two reads at most', async () => {
      const shapes = Array.from({ length: 200 }, (_, i): RequestShape => ({ headers: { 'x-tenant-id': `t-${i}` } }));
      const { results } = await invoke(shapes.map((shape) => ({ event: viewerRequest('/', shape), kvs: proxyStore })));
      const cells = results.map((r) => cellOf(r.origin));
      expect(cells).toEqual(shapes.map((shape) => decide(factsOf(shape), proxyTable).cell.i));
      expect(new Set(cells)).toEqual(new Set(['api1', 'api2']));
      expect(results[0]?.reads).toEqual(['get cellfront:table', 'get cellfront:pin:t-0']);
    });

    it('proxies through cf.updateRequestOrigin (domain, path, port, protocol, Host) and lets the request through untouched', async () => {
      const event = viewerRequest('/users/7', { method: 'POST', headers: { 'x-tenant-id': tenantOn(proxyTable, 'api2') } });
      const { results } = await invoke([{ event, kvs: proxyStore, rawQueryString: { returns: 'a=1' } }]);
      expect(results[0]?.value).toEqual(event.request);
      expect(results[0]?.origin).toEqual({
        hostHeader: 'api2.execute-api.eu-west-1.amazonaws.com',
        domainName: 'api2.execute-api.eu-west-1.amazonaws.com',
        originPath: '/prod',
        customOriginConfig: { port: 443, protocol: 'https', sslProtocols: ['TLSv1.2'] },
      });
    });

    it('gives a new visitor one cell in both events: the request is proxied there, the response names it and sets the cookie', async () => {
      const shape = { requestId: 'Zm9vYmFy-new_visitor==' };
      const { results } = await invoke([
        { event: viewerRequest('/', shape), kvs: proxyStore },
        { event: viewerResponse('/', shape), kvs: proxyStore },
      ]);
      const expected = decide(factsOf(shape), proxyTable).cell.i;
      expect(cellOf(results[0]?.origin)).toBe(expected);
      const response = results[1]?.value as GeneratedResponse;
      expect(response.headers['x-cellfront-cell']).toEqual({ value: expected });
      expect(response.cookies).toEqual({ 'cellfront-visitor': { value: 'Zm9vYmFy-new_visitor==', attributes: VISITOR_ATTRIBUTES } });
      expect(response.headers['content-type']).toEqual({ value: 'application/json' });
      // A brand-new id cannot have an override: no pin read.
      expect(results.map((r) => r.reads)).toEqual([['get cellfront:table'], ['get cellfront:table']]);
    });

    it('keeps a returning visitor on its cell, sending no new cookie', async () => {
      const first = { requestId: 'first-visit' };
      const again = { requestId: 'second-visit', cookies: { 'cellfront-visitor': 'first-visit' } };
      const { results } = await invoke([
        { event: viewerRequest('/', first), kvs: proxyStore },
        { event: viewerRequest('/', again), kvs: proxyStore },
        { event: viewerResponse('/', again), kvs: proxyStore },
      ]);
      expect(cellOf(results[1]?.origin)).toBe(cellOf(results[0]?.origin));
      expect((results[2]?.value as GeneratedResponse).cookies).toEqual({});
      expect(results[1]?.reads).toEqual(['get cellfront:table', 'get cellfront:pin:first-visit']);
    });

    it('sends an overridden key to its pinned cell, whatever its slot', async () => {
      const onApi1 = tenantOn(proxyTable, 'api1');
      const pinned = { ...proxyStore, [`cellfront:pin:${onApi1}`]: 'api2' };
      const { results } = await invoke([
        { event: viewerRequest('/', { headers: { 'x-tenant-id': onApi1 } }), kvs: proxyStore },
        { event: viewerRequest('/', { headers: { 'x-tenant-id': onApi1 } }), kvs: pinned },
        { event: viewerRequest('/', { cookies: { session: 'tenant-42' } }), kvs: proxyStore },
      ]);
      expect(results.map((r) => cellOf(r.origin))).toEqual(['api1', 'api2', 'api2']);
    });

    it('lets the force header, then the force cookie, win over overrides and weights', async () => {
      const { results } = await invoke([
        { event: viewerRequest('/', { headers: { 'x-tenant-id': 'tenant-42', 'x-cellfront-cell': 'api1' } }), kvs: proxyStore },
        { event: viewerRequest('/', { headers: { 'x-tenant-id': tenantOn(proxyTable, 'api2') }, cookies: { 'cellfront-force': 'api1' } }), kvs: proxyStore },
      ]);
      expect(results.map((r) => cellOf(r.origin))).toEqual(['api1', 'api1']);
    });

    it('ignores a forced cell that does not exist or is disabled', async () => {
      const tenant = tenantOn(proxyTable, 'api2');
      const { results } = await invoke(
        ['api9', 'api3', 'constructor'].map((forced) => ({ event: viewerRequest('/', { headers: { 'x-tenant-id': tenant, 'x-cellfront-cell': forced } }), kvs: proxyStore })),
      );
      expect(results.map((r) => cellOf(r.origin))).toEqual(['api2', 'api2', 'api2']);
    });

    it('redirects with 307, keeping path and query, naming the cell and setting a new visitor cookie on the redirect', async () => {
      const shape = { requestId: 'redirect-visitor' };
      const { results } = await invoke([{ event: viewerRequest('/users/7', shape), kvs: redirectStore, rawQueryString: { returns: 'a=1&b=%20' } }]);
      const expected = decide(factsOf(shape, '/users/7'), compileTable(redirectConfig).table).cell.i;
      expect(results[0]?.origin).toBeUndefined();
      expect(results[0]?.value).toEqual({
        statusCode: 307,
        headers: {
          location: { value: `https://${expected}.execute-api.eu-west-1.amazonaws.com/prod/users/7?a=1&b=%20` },
          'cache-control': { value: 'no-store' },
          'x-cellfront-cell': { value: expected },
        },
        cookies: { 'cellfront-visitor': { value: 'redirect-visitor', attributes: VISITOR_ATTRIBUTES } },
      });
    });

    it('redirects with the status the table names, 308 included', async () => {
      const store = storeOf(tableConfig({ mode: 'redirect', redirectStatus: 308 }));
      const { results } = await invoke([{ event: viewerRequest('/', { headers: { 'x-tenant-id': 't' } }), kvs: store }]);
      expect((results[0]?.value as GeneratedResponse).statusCode).toBe(308);
    });

    it('names no cell when the cell header is turned off', async () => {
      const store = storeOf(tableConfig({ cellHeader: undefined }));
      const { results } = await invoke([{ event: viewerResponse('/', { requestId: 'quiet' }), kvs: store }]);
      const response = results[0]?.value as GeneratedResponse;
      expect(Object.keys(response.headers)).toEqual(['content-type']);
      expect(Object.keys(response.cookies ?? {})).toEqual(['cellfront-visitor']);
    });

    it('prefers a table in the store to seed keys', async () => {
      const { results } = await invoke([{ event: viewerRequest('/'), kvs: { ...proxyStore, APIGW1URL: 'https://seed.example.com' } }]);
      expect(cellOf(results[0]?.origin)).toMatch(/^api[12]$/);
    });

    describe('static stability, built without a table', () => {
      it.each([
        ['corrupt', '{"v":1,"m":', 'bad JSON'],
        ['naming only disabled cells', JSON.stringify({ ...proxyTable, c: proxyTable.c.map((c) => ({ ...c, x: 1 })) }), 'bad c (none enabled)'],
        ['with runs that leave slots to no cell', JSON.stringify({ ...proxyTable, r: [0, 5000, 1, 4999] }), 'bad r'],
        // Checked on both events, so that the response never names a cell the request did not go to.
        ['with a cell header CloudFront refuses', JSON.stringify({ ...proxyTable, h: 'X-Cellfront-Cell' }), 'bad h'],
        ['of another version', JSON.stringify({ ...proxyTable, v: 3 }), 'bad v'],
      ])('leaves the request to the default origin when the table is %s, and logs why', async (_name, value, why) => {
        const shape = { headers: { 'x-tenant-id': 't-1' } };
        const kvs = { ...proxyStore, 'cellfront:table': value };
        const request = viewerRequest('/x', shape);
        const response = viewerResponse('/x', shape);
        const { results, logs } = await invoke([
          { event: request, kvs },
          { event: response, kvs },
        ]);
        expect(results[0]?.value).toEqual(request.request);
        expect(results[0]?.origin).toBeUndefined();
        expect(results[1]?.value).toEqual(response.response);
        const line = `cellfront: cellfront:table ${why} -> default origin`;
        expect(logs).toEqual([line, line]);
      });

      it('leaves the request to the default origin when the store does not answer', async () => {
        const event = viewerRequest('/x');
        // No table to route with: the seed layout's reads follow (APIGW1URL, and `exists` to tell failure from absence).
        const { results } = await invoke([{ event, kvs: proxyStore, failingKeys: ['cellfront:table', 'APIGW1URL'] }], code, 3);
        expect(results[0]?.value).toEqual(event.request);
        expect(results[0]?.origin).toBeUndefined();
      });
    });

    describe("checked as far as each request goes: a cell CloudFront would refuse (an IP address)", () => {
      const broken = JSON.stringify({ ...proxyTable, c: proxyTable.c.map((c) => (c.i === 'api2' ? { ...c, d: '10.0.0.2' } : c)) });
      const kvs = { ...proxyStore, 'cellfront:table': broken };

      it('still serves the requests that do not reach that cell, reading nothing more', async () => {
        const shape = { headers: { 'x-tenant-id': tenantOn(proxyTable, 'api1') } };
        const { results, logs } = await invoke([{ event: viewerRequest('/', shape), kvs }]);
        expect(cellOf(results[0]?.origin)).toBe('api1');
        expect(results[0]?.reads).toHaveLength(2);
        expect(logs).toEqual([]);
      });

      it('sends the others to the default origin, and logs why', async () => {
        const shape = { headers: { 'x-tenant-id': tenantOn(proxyTable, 'api2') } };
        const response = viewerResponse('/', shape);
        const { results, logs } = await invoke([
          { event: viewerRequest('/', shape), kvs },
          { event: response, kvs },
        ]);
        expect(results[0]?.origin).toBeUndefined();
        expect(results[1]?.value).toEqual(response.response);
        expect(logs).toEqual(Array(2).fill('cellfront: cellfront:table bad c -> default origin'));
      });

      it('or, with a table embedded, to the cell that table picks on both events, keeping the pin already read', async () => {
        const shape = { headers: { 'x-tenant-id': tenantOn(proxyTable, 'api2') } };
        const pinned = { cookies: { session: 'tenant-42' }, requestId: 'pinned' };
        const { results, logs } = await invoke(
          [
            { event: viewerRequest('/', shape), kvs },
            { event: viewerResponse('/', shape), kvs },
            // tenant-42 is pinned to api2 (the broken cell): the pin sends it there, the check sends it on.
            { event: viewerRequest('/', pinned), kvs },
          ],
          embeddedCode,
        );
        expect(cellOf(results[0]?.origin)).toBe('api2');
        expect(results[0]?.origin?.domainName).toBe('api2.execute-api.eu-west-1.amazonaws.com');
        expect((results[1]?.value as GeneratedResponse).headers['x-cellfront-cell']).toEqual({ value: 'api2' });
        expect(cellOf(results[2]?.origin)).toBe('api2');
        expect(results[2]?.reads).toEqual(['get cellfront:table', 'get cellfront:pin:tenant-42']);
        expect(logs).toEqual(Array(3).fill('cellfront: cellfront:table bad c -> embedded table'));
      });
    });

    describe('static stability, with the table embedded at build time', () => {
      it.each([
        ['missing from the store', {}, [], 'Error: KeyNotFound: cellfront:table'],
        ['corrupt', { 'cellfront:table': '{"v":' }, [], 'bad JSON'],
        ['unreadable', proxyStore, ['cellfront:table'], 'Error: InternalError: the store did not answer for cellfront:table'],
      ])('routes by the embedded table when the live one is %s', async (_name, kvs, failingKeys, why) => {
        const shape = { headers: { 'x-tenant-id': tenantOn(proxyTable, 'api2') } };
        const { results, logs } = await invoke([{ event: viewerRequest('/', shape), kvs, failingKeys }], embeddedCode);
        expect(results[0]?.origin?.domainName).toBe('api2.execute-api.eu-west-1.amazonaws.com');
        expect(logs).toEqual([`cellfront: cellfront:table ${why} -> embedded table`]);
      });

      it('routes by the embedded table when no store is associated, reading nothing', async () => {
        const { results, logs } = await invoke([{ event: viewerRequest('/', { cookies: { session: 'tenant-42' } }), kvs: null }], embeddedCode);
        expect(cellOf(results[0]?.origin)).toMatch(/^api[12]$/);
        expect(results[0]?.reads).toEqual([]);
        expect(logs[0]).toMatch(/^cellfront: .*KVSNamespaceNotFound.* -> embedded table$/);
      });

      it('still prefers the live table', async () => {
        const live = storeOf(tableConfig({ cells: [cell('api1', 0), cell('api2', 100)] }));
        const { results, logs } = await invoke([{ event: viewerRequest('/', { headers: { 'x-tenant-id': tenantOn(proxyTable, 'api1') } }), kvs: live }], embeddedCode);
        expect(cellOf(results[0]?.origin)).toBe('api2');
        expect(logs).toEqual([]);
      });
    });
  });
}
