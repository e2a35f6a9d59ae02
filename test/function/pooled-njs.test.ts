import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { pooledConfig } from '../../bench/pooled-config.js';
import { loadConfig, type RawConfig } from '../../src/config/index.js';
import { buildEdgeFunction, FUNCTION_BUDGET_BYTES, type BuiltFunction } from '../../src/function/index.js';
import { compileForStore, embeddableTable, routePooled, TABLE_KEY, type PoolHead, type RequestFacts } from '../../src/router/table/index.js';
import { viewerRequest, viewerResponse, type RequestShape } from './events.js';
import { runBatchInNjs, type EdgeCall } from './njs-runner.js';

const COUNTRIES = ['DE', 'FR', 'US', 'JP', 'BR', 'ZA', 'GB'];
const PATHS = ['/', '/v2/orders', '/orders', '/admin/users', '/reports/q1'];

async function compiled(raw: RawConfig) {
  const dir = await mkdtemp(join(tmpdir(), 'cellfront-pooled-njs-'));
  const file = join(dir, 'cellfront.config.json');
  await writeFile(file, JSON.stringify(raw), 'utf8');
  const result = compileForStore(await loadConfig(file));
  return { result, store: Object.fromEntries(result.entries.map((e) => [e.key, e.value])) };
}

/** A mix of requests: countries and regions, plans, paths, methods, tenants, sessions, new visitors, forcing. */
function shapes(count: number): { uri: string; shape: RequestShape }[] {
  return Array.from({ length: count }, (_, i) => {
    const headers: Record<string, string> = { 'cloudfront-viewer-country': COUNTRIES[i % COUNTRIES.length] as string };
    if (i % 5 === 0) headers['x-plan'] = 'premium';
    if (i % 7 === 0) headers['cloudfront-viewer-country-region'] = 'CA';
    if (i % 3 === 0) headers['x-tenant-id'] = `tenant-${i}`;
    if (i === 42) headers['x-tenant-id'] = 'tenant-42';
    if (i % 37 === 0) headers['x-cellfront-cell'] = i % 2 ? 'c005' : 'nope';
    const cookies: Record<string, string> = i % 3 === 1 ? { session: `s-${i}` } : i % 3 === 2 && i % 2 ? { 'cellfront-visitor': `v-${i}` } : {};
    return { uri: PATHS[i % PATHS.length] as string, shape: { headers, cookies, method: i % 4 === 0 ? 'DELETE' : 'GET', requestId: `req-${i}` } };
  });
}

function facts(uri: string, shape: RequestShape): RequestFacts {
  const wrap = (o: Record<string, string> = {}) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, { value: v }]));
  return { headers: wrap(shape.headers), cookies: wrap(shape.cookies), query: {}, path: uri, method: shape.method ?? 'GET', clientIp: '198.51.100.7', newVisitorId: shape.requestId ?? 'r1' };
}

describe('the built function routes a 100-cell pooled table under njs as the tools do', () => {
  let generic: BuiltFunction;
  let pooledOnly: BuiltFunction;
  let store: Record<string, string>;
  let head: PoolHead;
  beforeAll(async () => {
    const c = await compiled(pooledConfig(100));
    store = c.store;
    head = JSON.parse(store[TABLE_KEY] as string) as PoolHead;
    generic = await buildEdgeFunction();
    pooledOnly = await buildEdgeFunction({ table: embeddableTable(c.result) });
  }, 60_000);

  it('stays within the size budget when built for pooled tables without an embedded table', async () => {
    const plain = await buildEdgeFunction({ format: 2 });
    expect(plain.bytes).toBeLessThanOrEqual(FUNCTION_BUDGET_BYTES);
    expect(plain.code).not.toMatch(/APIGW/);
  });

  for (const build of ['generic', 'pooled'] as const) {
    it(`picks the same cell as routePooled for 400 requests, on both events (${build} build)`, async () => {
      const code = build === 'generic' ? generic.code : pooledOnly.code;
      const list = shapes(200);
      const calls: EdgeCall[] = list.flatMap(({ uri, shape }) => [
        { event: viewerRequest(uri, shape), kvs: store },
        { event: viewerResponse(uri, shape), kvs: store },
      ]);
      const outcome = await runBatchInNjs({ code, calls });
      list.forEach(({ uri, shape }, i) => {
        const expected = routePooled(facts(uri, shape), head, (k) => store[k]);
        const onRequest = outcome.results[2 * i];
        const onResponse = outcome.results[2 * i + 1];
        if (!onRequest?.ok || !onResponse?.ok) throw new Error(`call ${i} failed: ${JSON.stringify([onRequest, onResponse])}`);
        expect(onRequest.origin?.domainName, `${uri} ${JSON.stringify(shape)}`).toBe(expected.cell.d);
        const response = onResponse.value as { headers: Record<string, { value: string }>; cookies: Record<string, { value: string }> };
        expect(response.headers['x-cellfront-cell']?.value).toBe(expected.cell.i);
        if (expected.setVisitorCookie) expect(response.cookies['cellfront-visitor']?.value).toBe(expected.setVisitorCookie.value);
        // The head, then a pin, then one shard or cell: never more than three reads, two without a pin lookup.
        expect(onRequest.reads.length).toBeLessThanOrEqual(3);
      });
    }, 60_000);
  }

  it('reads twice per request when the table has no pins', async () => {
    const raw = pooledConfig(100);
    const { store: plain } = await compiled({ ...raw, overrides: {} });
    const outcome = await runBatchInNjs({ code: generic.code, calls: shapes(60).map(({ uri, shape }) => ({ event: viewerRequest(uri, shape), kvs: plain })) });
    const counts = outcome.results.map((r) => (r.ok ? r.reads.length : -1));
    expect(Math.max(...counts)).toBe(2);
    expect(Math.min(...counts)).toBe(2);
  }, 60_000);

  it('routes to the fallback cell and logs why when a shard is missing or corrupt', async () => {
    const { uri, shape } = { uri: '/orders', shape: { headers: { 'x-tenant-id': 't-1', 'cloudfront-viewer-country': 'DE' } } };
    const reads: string[] = [];
    routePooled(facts(uri, shape), head, (k) => store[k], reads);
    const shard = reads[reads.length - 1] as string;
    const calls: EdgeCall[] = [
      { event: viewerRequest(uri, shape), kvs: { ...store, [shard]: '{"r":[0' } },
      { event: viewerRequest(uri, shape), kvs: Object.fromEntries(Object.entries(store).filter(([k]) => k !== shard)) },
      { event: viewerRequest(uri, shape), kvs: store, failingKeys: [shard] },
    ];
    const outcome = await runBatchInNjs({ code: generic.code, calls });
    for (const r of outcome.results) expect(r.ok && r.origin?.domainName).toBe(head.F.d);
    expect(outcome.logs).toEqual(Array(3).fill(`cellfront: ${shard} bad -> fallback`));
  }, 60_000);

  it('checks the fallback cell when a request needs it: a bad one sends the request to the embedded table, else the default origin', async () => {
    const { uri, shape } = { uri: '/orders', shape: { headers: { 'x-tenant-id': 't-1' } } };
    const reads: string[] = [];
    routePooled(facts(uri, shape), head, (k) => store[k], reads);
    const shard = reads[reads.length - 1] as string;
    const badHead = JSON.stringify({ ...head, F: { ...head.F, d: 'not a host name!' } });
    // A good shard: the bad fallback cell never matters.
    const calls: EdgeCall[] = [
      { event: viewerRequest(uri, shape), kvs: { ...store, [TABLE_KEY]: badHead } },
      { event: viewerRequest(uri, shape), kvs: Object.fromEntries(Object.entries({ ...store, [TABLE_KEY]: badHead }).filter(([k]) => k !== shard)) },
    ];
    const [generic2, embedded] = await Promise.all([runBatchInNjs({ code: generic.code, calls }), runBatchInNjs({ code: pooledOnly.code, calls })]);
    const routed = routePooled(facts(uri, shape), head, (key) => store[key]).cell.d;
    expect(generic2.results.map((r) => r.ok && r.origin?.domainName)).toEqual([routed, undefined]);
    expect(generic2.logs).toEqual([`cellfront: ${shard} bad -> fallback`, `cellfront: ${TABLE_KEY} bad F -> default origin`]);
    // Built with the table embedded: the embedded head routes (its shards are the store's, missing here, so its fallback cell serves).
    expect(embedded.results.map((r) => r.ok && r.origin?.domainName)).toEqual([routed, head.F.d]);
  }, 60_000);
});
