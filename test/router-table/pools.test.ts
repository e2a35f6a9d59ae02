import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cellId, POOL_RANGES, pooledConfig } from '../../bench/pooled-config.js';
import { loadConfig, type RawConfig, type ResolvedConfig } from '../../src/config/index.js';
import { KVS_KEY_MAX_BYTES, KVS_VALUE_MAX_BYTES } from '../../src/limits.js';
import {
  compileForStore,
  compileTable,
  liveTable,
  pooledFromStore,
  readShard,
  routePooled,
  shardCell,
  shardText,
  SLOT_COUNT,
  storeEntries,
  TABLE_KEY,
  type PoolHead,
  type PooledTable,
  type PoolMovement,
  type RequestFacts,
} from '../../src/router/table/index.js';

let dir: string;
async function load(raw: RawConfig, name = 'cellfront.config.json'): Promise<ResolvedConfig> {
  const file = join(dir, name);
  await writeFile(file, JSON.stringify(raw), 'utf8');
  return loadConfig(file);
}

function facts(shape: { headers?: Record<string, string>; path?: string; cookies?: Record<string, string>; method?: string } = {}): RequestFacts {
  return { headers: shape.headers ?? {}, cookies: shape.cookies ?? {}, query: {}, path: shape.path ?? '/', method: shape.method ?? 'GET', clientIp: '203.0.113.9', newVisitorId: 'new-1' };
}

const inRange = (id: string, [from, to]: readonly [number, number]) => Number(id.slice(1)) >= from && Number(id.slice(1)) < to;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cellfront-pools-'));
});

describe('a pooled table: 100 API Gateway cells, 20 rules, pools', () => {
  let config: ResolvedConfig;
  let store: Map<string, string>;
  let head: PoolHead;
  beforeAll(async () => {
    config = await load(pooledConfig(100));
    const compiled = compileForStore(config);
    store = new Map(compiled.entries.map((e) => [e.key, e.value]));
    head = JSON.parse(store.get(TABLE_KEY) as string) as PoolHead;
  });

  it('fits the KVS limits: every value within 1,024 bytes, every key within 512', () => {
    expect(config.cells).toHaveLength(100);
    expect(config.rules).toHaveLength(20);
    expect(config.cells[0]?.origin).toMatch(/^https:\/\/[a-z0-9]{10}\.execute-api\.[a-z0-9-]+\.amazonaws\.com\/prod$/);
    for (const [key, value] of store) {
      expect(Buffer.byteLength(value), key).toBeLessThanOrEqual(KVS_VALUE_MAX_BYTES);
      expect(Buffer.byteLength(key)).toBeLessThanOrEqual(KVS_KEY_MAX_BYTES);
    }
    expect(head.v).toBe(2);
  });

  it('sends DE to the EU pool, /v2/ to the v2 cells, x-plan: premium to the premium pool, others to the default split', () => {
    const route = (f: RequestFacts) => routePooled(f, head, (k) => store.get(k));
    for (let i = 0; i < 50; i++) {
      const tenant = { 'x-tenant-id': `t-${i}` };
      expect(inRange(route(facts({ headers: { ...tenant, 'cloudfront-viewer-country': 'DE' } })).cell.i, POOL_RANGES.eu)).toBe(true);
      expect(inRange(route(facts({ headers: tenant, path: '/v2/orders' })).cell.i, POOL_RANGES.v2)).toBe(true);
      expect(inRange(route(facts({ headers: { ...tenant, 'x-plan': 'premium', 'cloudfront-viewer-country': 'DE' } })).cell.i, POOL_RANGES.premium)).toBe(true);
      expect(inRange(route(facts({ headers: { ...tenant, 'cloudfront-viewer-country': 'BR' } })).cell.i, POOL_RANGES['us-west'])).toBe(true);
      expect(inRange(route(facts({ headers: { ...tenant, 'cloudfront-viewer-country': 'ZA' } })).cell.i, [60, 100])).toBe(true);
    }
    expect(route(facts({ headers: { 'x-tenant-id': 't', 'cloudfront-viewer-country': 'DE' } }))).toMatchObject({ reason: 'hash', rule: 2, pool: 1 });
    expect(route(facts({ path: '/admin/x', method: 'DELETE' })).cell.i).toBe(cellId(98));
    expect(route(facts({ path: '/admin/x', method: 'GET' })).cell.i).not.toBe(cellId(98));
  });

  it('reads one key after the head without a pin lookup, two with; forcing reads one cell', () => {
    const reads: string[] = [];
    routePooled(facts({ headers: { 'x-tenant-id': 'tenant-42' } }), head, (k) => store.get(k), reads);
    expect(reads).toEqual(['cellfront:pin:tenant-42', `cellfront:c:${head.g}:${cellId(61)}`]);
    const forced: string[] = [];
    expect(routePooled(facts({ headers: { 'x-cellfront-cell': cellId(7) } }), head, (k) => store.get(k), forced)).toMatchObject({ reason: 'force', cell: { i: cellId(7) } });
    expect(forced).toEqual([`cellfront:c:${head.g}:${cellId(7)}`]);
    const fresh: string[] = [];
    const d = routePooled(facts(), head, (k) => store.get(k), fresh);
    expect(fresh).toHaveLength(1);
    expect(d.setVisitorCookie).toMatchObject({ name: 'cellfront-visitor', value: 'new-1' });
  });

  it('routes to the fallback cell when a shard or a cell is missing or corrupt', () => {
    const f = facts({ headers: { 'x-tenant-id': 'abc', 'cloudfront-viewer-country': 'DE' } });
    const reads: string[] = [];
    const normal = routePooled(f, head, (k) => store.get(k), reads);
    const shard = reads[reads.length - 1] as string;
    for (const broken of [
      undefined,
      '',
      '{',
      '{"r":[0,5],"c":[]}',
      '{"r":[9,99999],"c":[{"i":"x"}]}',
      '{"r":[0,99999],"c":[{"i":"bad id!","d":"x.example.com"}]}',
      '{"i":"bad id!","d":"x.example.com"}\n0 99999',
      '{"i":"c000","d":"x.example.com"}\n5 99999',
      '{"i":"c000","d":"x.example.com"}\n0 1',
      '{"i":"c000"}\n0 99999',
    ]) {
      const d = routePooled(f, head, (k) => (k === shard ? broken : store.get(k)));
      expect(d).toMatchObject({ reason: 'fallback', cell: { i: config.fallback } });
    }
    expect(normal.reason).toBe('hash');
    const forced = routePooled(facts({ headers: { 'x-cellfront-cell': 'nope' } }), head, (k) => store.get(k));
    expect(forced).toMatchObject({ reason: 'fallback', cell: { i: config.fallback } });
    const off = { ...head, x: [normal.cell.i] };
    expect(routePooled(f, off, (k) => store.get(k))).toMatchObject({ reason: 'fallback', cell: { i: config.fallback } });
  });

  it('stores each shard as its cells, one per line, and the runs last, naming each cell by its offset', () => {
    const key = [...store.keys()].find((k) => k.startsWith(`cellfront:s:${head.g}:0:`)) as string;
    const text = store.get(key) as string;
    const lines = text.split('\n');
    const runs = (lines[lines.length - 1] as string).split(' ').map(Number);
    const cells = lines.slice(0, -1).map((l) => JSON.parse(l) as { i: string });
    expect(cells.length).toBeGreaterThan(1);
    let at = 0;
    const offsets = cells.map((_, n) => (at += n === 0 ? 0 : (lines[n - 1] as string).length + 1));
    for (let i = 0; i < runs.length; i += 2) expect(offsets).toContain(runs[i]);
    expect(runs.filter((_, i) => i % 2 === 1).reduce((a, b) => a + b, 0)).toBe(head.P[0]);
    // Read back as the tools read it: the same runs and cells.
    expect(readShard(text)).toEqual(runs.flatMap((r, i) => (i % 2 ? [] : [{ cell: cells[offsets.indexOf(r)], length: runs[i + 1] }])));
    const one = store.get(`cellfront:c:${head.g}:${cellId(5)}`) as string;
    expect(one).toMatch(/^\{"i":"c005","d":"[a-z0-9]{10}\.execute-api\.[a-z0-9-]+\.amazonaws\.com","o":"\/prod"\}\n0 10000$/);
    expect(shardText([{ i: 'a', d: 'a.example.com', x: 1 }], [0, 10])).toBe('{"i":"a","d":"a.example.com"}\n0 10');
  });

  it('parses only the cell a slot falls in: a broken line elsewhere in the shard does not matter', () => {
    const text = shardText(
      [
        { i: 'a', d: 'a.example.com' },
        { i: 'b', d: 'b.example.com' },
      ],
      [0, 60, 1, 40],
    );
    const broken = text.replace('{"i":"b"', '{"i":"b"!!');
    const t = { P: [100] } as unknown as PoolHead;
    expect([shardCell(broken, t, 0, 10)?.i, shardCell(broken, t, 0, 59)?.i, shardCell(broken, t, 0, 60), shardCell(broken, t, 0, 110)?.i]).toEqual(['a', 'a', undefined, 'a']);
    expect([shardCell(text, t, 0, 60)?.i, shardCell(text, t, 0, 99)?.i]).toEqual(['b', 'b']);
    // Whatever the value, no throw and no cell: missing, not a shard, runs past the end or naming no line.
    for (const bad of [undefined, '', '\n', 'x', '[0,100]', '{"r":[0,100],"c":[{"i":"a"}]}', `${text.slice(0, text.lastIndexOf('\n'))}\n0 10`, `${text.slice(0, text.lastIndexOf('\n'))}\n{"0":0}`, `${text.slice(0, text.lastIndexOf('\n'))}\n999 100`]) {
      expect(() => shardCell(bad, t, 0, 50)).not.toThrow();
      expect(typeof shardCell(bad, t, 0, 50)?.i === 'string' && shardCell(bad, t, 0, 50)?.d !== undefined, JSON.stringify(bad)).toBe(false);
    }
    expect(readShard(broken)).toMatch(/^bad cell at \d+$/);
    expect([readShard(undefined), readShard('0 1 2'), readShard('{"i":"a"}\n1 5'), readShard('{"i":"a"}\n0 0'), readShard('{"i":"a"}\n0 x')]).toEqual(['missing', 'bad runs', 'bad runs', 'bad runs', 'bad runs']);
  });

  it('reads back whole from its entries, names included', () => {
    const back = pooledFromStore((k) => store.get(k)) as PooledTable;
    expect(typeof back).toBe('object');
    expect(back.pools.map((p) => p.id)).toEqual(['default', 'eu', 'premium', 'v2', 'us-west', 'apac', '@c099', '@c098', '@c097']);
    expect(back.rules.slice(0, 3)).toEqual(['premium', 'v2', 'eu']);
    for (const pool of back.pools) expect(pool.runs.reduce((s, r) => s + r.length, 0)).toBe(SLOT_COUNT);
    expect(pooledFromStore((k) => (k.startsWith('cellfront:s:') && k.endsWith(':0') ? undefined : store.get(k)))).toMatch(/missing/);
  });
});

describe('minimal movement inside pools', () => {
  async function movedAfter(change: (raw: RawConfig) => void) {
    const before = await load(pooledConfig(100), 'before.json');
    const raw = pooledConfig(100);
    change(raw);
    const after = await load(raw, 'after.json');
    const first = compileForStore(before);
    const live = liveTable((k) => first.entries.find((e) => e.key === k)?.value) as PooledTable;
    const next = compileForStore(after, live);
    if (next.format !== 2) throw new Error('expected a pooled table');
    return next;
  }

  it('a weight shift inside a pool moves exactly the minimum, in that pool only', async () => {
    const next = await movedAfter((raw) => {
      (raw.pools as Record<string, Record<string, number>>).eu = { ...(raw.pools?.eu ?? {}), [cellId(0)]: 60, [cellId(1)]: 1 };
    });
    const eu = next.movement?.find((m) => m.pool === 'eu');
    expect(eu?.minimumSlots).toBeGreaterThan(0);
    expect(eu?.movedSlots).toBe(eu?.minimumSlots);
    for (const m of next.movement ?? []) if (m.pool !== 'eu') expect(m.movedSlots).toBe(0);
    expect(next.compiled.table.head.g).toBe(2);
  });

  it('a cell added to a pool moves exactly the minimum', async () => {
    const next = await movedAfter((raw) => {
      (raw.pools as Record<string, Record<string, number>>).premium = { ...(raw.pools?.premium ?? {}), [cellId(70)]: 15 };
    });
    const premium = next.movement?.find((m) => m.pool === 'premium');
    expect(premium?.minimumSlots).toBeGreaterThan(0);
    expect(premium?.movedSlots).toBe(premium?.minimumSlots);
  });
});

describe('formats: configs without rules are unchanged; adding rules keeps the default split in place', () => {
  const twoCells: RawConfig = {
    cells: [
      { id: 'api1', origin: 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod', weight: 50 },
      { id: 'api2', origin: 'https://f6g7h8i9j0.execute-api.eu-west-1.amazonaws.com/prod', weight: 50 },
    ],
    partition: { from: [{ header: 'x-tenant-id' }] },
  };

  it('compiles a config without rules to the same one-value table, byte for byte', async () => {
    const config = await load(twoCells);
    const result = compileForStore(config);
    expect(result.format).toBe(1);
    expect(result.entries).toEqual(storeEntries(compileTable(config), config).data);
  });

  it('moves nobody on the default split when the first rule and pool arrive', async () => {
    const v1 = compileTable(await load(twoCells));
    const withRules = await load({
      ...twoCells,
      cells: [...twoCells.cells, { id: 'eu1', origin: 'https://k1l2m3n4o5.execute-api.eu-central-1.amazonaws.com/prod', weight: 0 }],
      pools: { eu: { eu1: 1 } },
      rules: [{ match: { country: ['DE'] }, pool: 'eu' }],
    });
    const next = compileForStore(withRules, v1.table);
    expect(next.format).toBe(2);
    expect((next.movement as PoolMovement[] | undefined)?.find((m) => m.pool === 'default')).toEqual({ pool: 'default', movedSlots: 0, minimumSlots: 0 });
  });
});
