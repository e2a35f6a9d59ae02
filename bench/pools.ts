/**
 * Rules and pools at scale: a config of 100 API Gateway cells, 20 rules and
 * five pools (`pooled-config.ts`). Measures what fits in the store, the
 * shares of every pool over 100,000 keys routed by the edge bundle under njs,
 * stickiness, movement for a weight shift and for a cell added inside a pool
 * (against the minimum), the function's per-request cost under njs against
 * the two-cell demo table, and the ComputeUtilization estimate of every mode
 * against the demo table's. Every ratio is measured in the same run.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { loadConfig, type RawConfig, type ResolvedConfig } from '../src/config/index.js';
import { compileDevConfig } from '../src/dev/dev-config.js';
import { buildEdgeFunction, FUNCTION_BUDGET_BYTES } from '../src/function/index.js';
import { KVS_KEY_MAX_BYTES, KVS_VALUE_MAX_BYTES } from '../src/limits.js';
import { compileForStore, embeddableTable, liveTable, syntheticKeys, TABLE_KEY, type PooledTable } from '../src/router/table/index.js';
import { estimateCompute } from '../src/runtime/compute/index.js';
import type { FunctionEvent, KvsReader } from '../src/runtime/types.js';
import { viewerRequest, viewerResponse, type RequestShape } from '../test/function/events.js';
import { median, timeInterleavedInNjs } from '../test/function/njs-interleaved.js';
import type { EdgeCall } from '../test/function/njs-runner.js';
import { cellId, pooledConfig } from './pooled-config.js';

/** Limits the figures must stay within. */
export const POOLS_LIMITS = { sharePoints: 0.5, movementRatio: 1.05, njsCostRatio: 1.2 } as const;

const KEYS = 100_000;
/**
 * The cost comparison: njs processes, rounds per process, and passes of the
 * 200 calls per function per round: each process runs 8,000 invocations of
 * each function (10 rounds of 800, about 150 ms of CPU each: the CPU clock
 * read moves in ticks of a few ms), interleaved (see `timeInterleavedInNjs`).
 */
const COST_PROCESSES = 3;
const COST_ROUNDS = 10;
const COST_PASSES = 4;
const DEMO_CONFIG = fileURLToPath(new URL('../cellfront.config.json', import.meta.url));
const DEMO_OUTPUTS = {
  APIGATEWAY1URL: 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod/',
  APIGATEWAY2URL: 'https://f6g7h8i9j0.execute-api.eu-west-1.amazonaws.com/prod/',
};

export interface PoolsFigures {
  readonly cells: number;
  readonly rules: number;
  readonly pools: number;
  readonly store: { readonly headBytes: number; readonly largestValue: number; readonly longestKey: number; readonly keys: number; readonly shards: number };
  readonly functionBytes: { readonly pooledOnly: number; readonly bothFormats: number; readonly budget: number };
  /** Per pool: the largest |observed − expected| share over its cells, in points, from the edge bundle under njs. */
  readonly shares: ReadonlyArray<{ readonly pool: string; readonly cells: number; readonly maxErrorPoints: number }>;
  readonly stickiness: { readonly repeated: number; readonly newVisitors: number };
  readonly movement: ReadonlyArray<{ readonly change: string; readonly movedShare: number; readonly minimumShare: number; readonly ratio: number }>;
  /**
   * The per-request cost comparison: `ratio` is the median, over every round
   * of every process, of the pooled function's CPU time over the demo's in
   * the same round; `demoMs` and `pooledMs` are each function's CPU time over
   * `invocations` (the median process); `wallRatio` is the median ratio of
   * the rounds' wall-clock times, for comparison.
   */
  readonly njs: { readonly demoMs: number; readonly pooledMs: number; readonly ratio: number; readonly wallRatio: number; readonly invocations: number; readonly rounds: number };
  readonly compute: ReadonlyArray<{ readonly mode: string; readonly demo?: number; readonly pooled: number }>;
  readonly checks: ReadonlyArray<{ readonly name: string; readonly ok: boolean; readonly detail: string }>;
}

async function load(raw: RawConfig, dir: string, name: string): Promise<ResolvedConfig> {
  const file = join(dir, name);
  await writeFile(file, JSON.stringify(raw), 'utf8');
  return loadConfig(file);
}

/** The edge bundle (src/router/table/edge.ts) as a script defining `E`, for njs. */
async function edgeBundle(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('../src/router/table/edge.ts', import.meta.url))],
    bundle: true,
    write: false,
    format: 'iife',
    globalName: 'E',
    platform: 'neutral',
    target: 'es2017',
    supported: { 'optional-catch-binding': false, destructuring: false, 'object-rest-spread': false, 'optional-chain': false, 'nullish-coalescing': false, 'for-of': false, class: false },
  });
  return result.outputFiles[0]?.text ?? '';
}

/**
 * Routes every key in every pool with the edge bundle under njs (head, rule,
 * shard: the function's own steps), counting each pool's cells, and checks
 * stickiness: a repeated request, and a new visitor coming back with its cookie.
 */
async function njsShares(store: Record<string, string>, count: number, seed: number): Promise<{ counts: Record<string, number>[]; repeated: number; newVisitors: number }> {
  const last = syntheticKeys(count, seed)[count - 1] as string;
  const script = `${await edgeBundle()}
var store = ${JSON.stringify(store)};
// The keys of syntheticKeys(count, seed), made here: njs takes no array literal that long.
var keys = [];
var state = ${seed} >>> 0;
function next() {
  state = (state + 0x6d2b79f5) >>> 0;
  var t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (t ^ (t >>> 14)) >>> 0;
}
for (var n = 0; n < ${count}; n++) { var a = next(); var b = next(); keys.push('k-' + a.toString(16) + b.toString(16)); }
if (keys[${count - 1}] !== ${JSON.stringify(last)}) throw new Error('keys differ from syntheticKeys: ' + keys[${count - 1}]);
var head = JSON.parse(store['${TABLE_KEY}']);
function route(f) {
  var pk = E.partitionKeyOf(f, head);
  var pool = E.poolOf(head, E.ruleOf(f, head));
  var slot = E.slotOf(pk.key);
  var c = E.shardCell(store[E.shardKey(head, pool, slot)], head, pool, slot);
  return E.poolDecision(head, c || head.F, 'hash', pk);
}
var counts = [];
for (var p = 0; p < head.P.length; p++) counts.push({});
var repeated = 0, visitors = 0;
for (var i = 0; i < keys.length; i++) {
  var key = keys[i];
  var slot = E.slotOf(key);
  for (var p = 0; p < head.P.length; p++) {
    var c = E.shardCell(store[E.shardKey(head, p, slot)], head, p, slot);
    var id = c ? c.i : 'none';
    counts[p][id] = (counts[p][id] || 0) + 1;
  }
  var f = { headers: { 'x-tenant-id': { value: key }, 'cloudfront-viewer-country': { value: i % 3 ? 'DE' : 'US' } }, cookies: {}, query: {}, path: '/', method: 'GET', clientIp: '', newVisitorId: 'x' };
  if (route(f).cell.i === route(f).cell.i) repeated++;
  var fresh = route({ headers: {}, cookies: {}, query: {}, path: i % 2 ? '/v2/a' : '/', method: 'GET', clientIp: '', newVisitorId: key });
  var back = route({ headers: {}, cookies: { 'cellfront-visitor': { value: fresh.setVisitorCookie.value } }, query: {}, path: i % 2 ? '/v2/a' : '/', method: 'GET', clientIp: '', newVisitorId: key + '-again' });
  if (fresh.cell.i === back.cell.i) visitors++;
}
console.log('RESULT ' + JSON.stringify({ counts: counts, repeated: repeated / keys.length, newVisitors: visitors / keys.length }));
`;
  const dir = await mkdtemp(join(tmpdir(), 'cellfront-bench-pools-'));
  try {
    const file = join(dir, 'shares.js');
    await writeFile(file, script, 'utf8');
    const { stdout } = await promisify(execFile)('/usr/bin/njs', [file], { timeout: 600_000, maxBuffer: 64 * 1024 * 1024 });
    const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
    if (!line) throw new Error(`njs printed no result: ${stdout.slice(0, 500)}`);
    return JSON.parse(line.slice('RESULT '.length)) as { counts: Record<string, number>[]; repeated: number; newVisitors: number };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Each pool's expected shares, from the config. */
function expectedShares(config: ResolvedConfig, table: PooledTable): Map<string, number>[] {
  const disabled = new Set(config.cells.filter((c) => c.disabled).map((c) => c.id));
  return table.pools.map((pool) => {
    const members =
      pool.id === 'default'
        ? config.cells.map((c) => ({ cell: c.id, weight: c.weight }))
        : pool.id.startsWith('@')
          ? [{ cell: pool.id.slice(1), weight: 1 }]
          : ((config.pools ?? []).find((p) => p.id === pool.id)?.members ?? []);
    const live = members.map((m) => ({ cell: m.cell, weight: disabled.has(m.cell) ? 0 : m.weight }));
    const total = live.reduce((s, m) => s + m.weight, 0);
    return new Map(live.filter((m) => m.weight > 0).map((m) => [m.cell, m.weight / total]));
  });
}

/** Share of keys whose cell in pool `pool` differs between two tables, routing each key by its slot. */
function movedKeys(before: PooledTable, after: PooledTable, pool: string, keys: readonly string[], slotOf: (k: string) => number): number {
  const owner = (t: PooledTable) => {
    const runs = t.pools.find((p) => p.id === pool)?.runs ?? [];
    const owners: string[] = [];
    for (const r of runs) for (let i = 0; i < r.length; i++) owners.push(r.cell);
    return owners;
  };
  const a = owner(before);
  const b = owner(after);
  let moved = 0;
  for (const key of keys) if (a[slotOf(key)] !== b[slotOf(key)]) moved++;
  return moved / keys.length;
}

/** Total variation distance between two weight maps: the fewest keys any layout could move. */
function tvd(a: Map<string, number>, b: Map<string, number>): number {
  const ids = new Set([...a.keys(), ...b.keys()]);
  let sum = 0;
  for (const id of ids) sum += Math.abs((a.get(id) ?? 0) - (b.get(id) ?? 0));
  return sum / 2;
}

/** The request mix for the cost comparison: browser-like, tenants, sessions, visitors, new visitors, countries, paths, plans. */
export function costCallsForBench(store: Record<string, string>): EdgeCall[] {
  const countries = ['DE', 'US', 'JP', 'BR', 'ZA', 'FR', 'GB'];
  const calls: EdgeCall[] = [];
  for (let i = 0; i < 200; i++) {
    const headers: Record<string, string> = {
      'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      accept: 'application/json, text/plain, */*',
      'accept-language': 'en-GB,en;q=0.9,de;q=0.8',
      'accept-encoding': 'gzip, deflate, br, zstd',
      referer: 'https://d111111abcdef8.cloudfront.net/app/orders',
      'cloudfront-viewer-country': countries[i % countries.length] as string,
    };
    if (i % 4 === 0) headers['x-tenant-id'] = `tenant-${i}`;
    if (i % 10 === 3) headers['x-plan'] = 'premium';
    const cookies: Record<string, string> = { _ga: `GA1.1.${1_000_000 + i}.1732460000`, theme: 'dark' };
    if (i % 4 === 1) cookies.session = `s-${i}`;
    if (i % 4 === 2) cookies['cellfront-visitor'] = `visitor-${i}`;
    const shape: RequestShape = { headers, cookies, requestId: `cost-${i}` };
    const uri = i % 5 === 0 ? '/v2/orders' : '/api/orders';
    const querystring = { limit: { value: '20' }, page: { value: String(i % 7) } };
    calls.push({ event: i % 2 ? viewerResponse(uri, { ...shape, querystring }) : viewerRequest(uri, { ...shape, querystring }), kvs: store, rawQueryString: { returns: `limit=20&page=${i % 7}` } });
  }
  return calls;
}

function reader(store: Record<string, string>): KvsReader {
  return { get: (key) => store[key], meta: () => ({ creationDateTime: '2026-01-01T00:00:00Z', lastUpdatedDateTime: '2026-01-01T00:00:00Z', keyCount: Object.keys(store).length }) };
}

/** The ComputeUtilization estimate per mode, for one function and store. */
async function computeModes(code: string, store: Record<string, string>, modes: ReadonlyArray<[string, FunctionEvent]>): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const [mode, event] of modes) out.set(mode, (await estimateCompute(code, event, { kvs: reader(store), kvsId: 'bench' })).utilization);
  return out;
}

/**
 * The per-request cost of the pooled function against the demo's, under njs:
 * both functions in one njs process, round after round, alternating which
 * runs first, the same 200 calls each (`costCallsForBench`, each on its own
 * store); per round, each function's CPU time. The ratio is the median of
 * the rounds' ratios over `COST_PROCESSES` processes: a burst of load from
 * elsewhere lands on both sides of a round, and the median drops the rounds
 * it hit harder on one side. CPU time, not wall-clock time: on a shared
 * machine the wall clock also counts the time njs waited for a core.
 */
async function compareCost(demoCode: string, demoStore: Record<string, string>, pooledCode: string, store: Record<string, string>): Promise<PoolsFigures['njs']> {
  const ratios: number[] = [];
  const wallRatios: number[] = [];
  const totals: { demo: number; pooled: number }[] = [];
  for (let p = 0; p < COST_PROCESSES; p++) {
    const outcome = await timeInterleavedInNjs(
      [
        { code: demoCode, calls: costCallsForBench(demoStore) },
        { code: pooledCode, calls: costCallsForBench(store) },
      ],
      COST_ROUNDS,
      COST_PASSES,
    );
    const failures = outcome.failures.flat();
    if (failures.length > 0) throw new Error(`a function failed in the cost comparison: ${failures.join('; ')}`);
    const [demoWall, pooledWall] = outcome.roundMs as [number[], number[]];
    const [demoCpu, pooledCpu] = (outcome.roundCpuMs[0]?.length ? outcome.roundCpuMs : outcome.roundMs) as [number[], number[]];
    demoCpu.forEach((d, r) => ratios.push((pooledCpu[r] as number) / d));
    demoWall.forEach((d, r) => wallRatios.push((pooledWall[r] as number) / Math.max(1, d)));
    totals.push({ demo: demoCpu.reduce((a, b) => a + b, 0), pooled: pooledCpu.reduce((a, b) => a + b, 0) });
  }
  const middle = [...totals].sort((a, b) => a.pooled / a.demo - b.pooled / b.demo)[totals.length >> 1] as { demo: number; pooled: number };
  return { demoMs: middle.demo, pooledMs: middle.pooled, ratio: median(ratios), wallRatio: median(wallRatios), invocations: 200 * COST_ROUNDS * COST_PASSES, rounds: ratios.length };
}

const modes = (): Array<[string, FunctionEvent, boolean]> => [
  ['tenant key (pin read)', viewerRequest('/api/orders', { headers: { 'x-tenant-id': 'tenant-7' } }) as unknown as FunctionEvent, true],
  ['session cookie', viewerRequest('/api/orders', { cookies: { session: 's-1' } }) as unknown as FunctionEvent, true],
  ['new visitor', viewerRequest('/api/orders') as unknown as FunctionEvent, true],
  ['returning visitor, viewer response', viewerResponse('/api/orders', { cookies: { 'cellfront-visitor': 'v-1' } }) as unknown as FunctionEvent, true],
  ['forced cell', viewerRequest('/', { headers: { 'x-cellfront-cell': 'api2' } }) as unknown as FunctionEvent, true],
  ['viewer in DE (rule: EU pool)', viewerRequest('/api/orders', { headers: { 'x-tenant-id': 't-1', 'cloudfront-viewer-country': 'DE' } }) as unknown as FunctionEvent, false],
  ['path /v2/ (rule: v2 pool)', viewerRequest('/v2/orders', { cookies: { session: 's-2' } }) as unknown as FunctionEvent, false],
  ['x-plan: premium, new visitor', viewerRequest('/', { headers: { 'x-plan': 'premium' } }) as unknown as FunctionEvent, false],
];

/**
 * Runs the pools benchmark: a minute or two (100,000 keys in njs, the cost
 * rounds, the compute estimates).
 *
 * @example const figures = await runPoolsBench(); figures.checks.every((c) => c.ok)
 */
export async function runPoolsBench(options: { keys?: number; timing?: boolean } = {}): Promise<PoolsFigures> {
  const dir = await mkdtemp(join(tmpdir(), 'cellfront-bench-pools-'));
  try {
    const raw = pooledConfig(100);
    const config = await load(raw, dir, 'pooled.json');
    const compiled = compileForStore(config);
    if (compiled.format !== 2) throw new Error('the 100-cell config compiled to one value');
    const store = Object.fromEntries(compiled.entries.map((e) => [e.key, e.value]));
    const seed = 7;
    const keys = syntheticKeys(options.keys ?? KEYS, seed);

    // Shares and stickiness, by the edge bundle under njs.
    const routed = await njsShares(store, keys.length, seed);
    const expected = expectedShares(config, compiled.compiled.table);
    const shares = compiled.compiled.table.pools.map((pool, p) => {
      const want = expected[p] as Map<string, number>;
      const got = routed.counts[p] as Record<string, number>;
      const ids = new Set([...want.keys(), ...Object.keys(got)]);
      let max = 0;
      for (const id of ids) max = Math.max(max, Math.abs(((got[id] ?? 0) / keys.length - (want.get(id) ?? 0)) * 100));
      return { pool: pool.id, cells: want.size, maxErrorPoints: max };
    });

    // Movement inside a pool, against the minimum (the total variation distance of the weights).
    const { slotOf } = await import('../src/router/table/hash.js');
    const before = compiled.compiled.table;
    const previous = liveTable((k) => store[k]) as PooledTable;
    const movement = [];
    for (const [change, pool, edit] of [
      ['weight shift in pool eu (c000 5 -> 25, c001 10 -> 5)', 'eu', (r: RawConfig) => ({ ...r, pools: { ...r.pools, eu: { ...r.pools?.eu, [cellId(0)]: 25, [cellId(1)]: 5 } } })],
      ['cell c070 added to pool premium (weight 15)', 'premium', (r: RawConfig) => ({ ...r, pools: { ...r.pools, premium: { ...r.pools?.premium, [cellId(70)]: 15 } } })],
    ] as const) {
      const nextConfig = await load(edit(raw), dir, `${pool}.json`);
      const next = compileForStore(nextConfig, previous);
      if (next.format !== 2) throw new Error('expected a pooled table');
      const p = before.pools.findIndex((x) => x.id === pool);
      const minimumShare = tvd(expected[p] as Map<string, number>, expectedShares(nextConfig, next.compiled.table)[p] as Map<string, number>);
      const movedShare = movedKeys(before, next.compiled.table, pool, keys, slotOf);
      movement.push({ change, movedShare, minimumShare, ratio: movedShare / minimumShare });
    }

    // Per-request cost under njs: the pooled function on the 100-cell store against the demo's.
    const demo = await compileDevConfig(DEMO_CONFIG, process.cwd(), 'Demo', DEMO_OUTPUTS);
    const demoStore = Object.fromEntries(demo.entries.map((e) => [e.key, e.value]));
    const demoFunction = await buildEdgeFunction({ table: demo.table });
    const pooledFunction = await buildEdgeFunction({ table: embeddableTable(compiled) });
    const pooledOnly = await buildEdgeFunction({ format: 2 });
    const bothFormats = await buildEdgeFunction();
    const njs = options.timing === false ? { demoMs: 0, pooledMs: 0, ratio: 0, wallRatio: 0, invocations: 0, rounds: 0 } : await compareCost(demoFunction.code, demoStore, pooledFunction.code, store);

    // ComputeUtilization per mode.
    const all = modes();
    const demoCompute = await computeModes(demoFunction.code, demoStore, all.filter((m) => m[2]).map(([m, e]) => [m, e]));
    const pooledModes = all.map(([m, e]): [string, FunctionEvent] => [m, m === 'forced cell' ? (viewerRequest('/', { headers: { 'x-cellfront-cell': cellId(7) } }) as unknown as FunctionEvent) : e]);
    const pooledCompute = await computeModes(pooledFunction.code, store, pooledModes);
    const compute = all.map(([mode]) => ({ mode, ...(demoCompute.has(mode) ? { demo: demoCompute.get(mode) as number } : {}), pooled: pooledCompute.get(mode) as number }));
    const demoMax = Math.max(...demoCompute.values());

    const values = compiled.entries.map((e) => Buffer.byteLength(e.value));
    const figures = {
      cells: config.cells.length,
      rules: config.rules?.length ?? 0,
      pools: config.pools?.length ?? 0,
      store: {
        headBytes: compiled.compiled.headBytes,
        largestValue: Math.max(...values),
        longestKey: Math.max(...compiled.entries.map((e) => Buffer.byteLength(e.key))),
        keys: compiled.entries.length,
        shards: compiled.compiled.shardCount,
      },
      functionBytes: { pooledOnly: pooledOnly.bytes, bothFormats: bothFormats.bytes, budget: FUNCTION_BUDGET_BYTES },
      shares,
      stickiness: { repeated: routed.repeated, newVisitors: routed.newVisitors },
      movement,
      njs,
      compute,
    };
    const worstShare = Math.max(...shares.map((s) => s.maxErrorPoints));
    const worstMove = Math.max(...movement.map((m) => m.ratio));
    const computeOk = compute.every((c) => c.pooled <= (c.demo ?? demoMax));
    return {
      ...figures,
      checks: [
        { name: 'fits the store', ok: figures.store.largestValue <= KVS_VALUE_MAX_BYTES && figures.store.longestKey <= KVS_KEY_MAX_BYTES, detail: `head ${figures.store.headBytes} bytes, largest value ${figures.store.largestValue} (limit ${KVS_VALUE_MAX_BYTES}), longest key ${figures.store.longestKey} (limit ${KVS_KEY_MAX_BYTES}), ${figures.store.keys} keys` },
        { name: 'shares per pool', ok: worstShare <= POOLS_LIMITS.sharePoints, detail: `worst ${worstShare.toFixed(3)} points over ${shares.length} pools at ${keys.length.toLocaleString('en-US')} keys under njs (limit ${POOLS_LIMITS.sharePoints})` },
        { name: 'stickiness', ok: routed.repeated === 1 && routed.newVisitors === 1, detail: `${(routed.repeated * 100).toFixed(2)}% repeated, ${(routed.newVisitors * 100).toFixed(2)}% new visitors returning` },
        { name: 'movement inside a pool', ok: worstMove <= POOLS_LIMITS.movementRatio, detail: `worst ${worstMove.toFixed(3)} x the minimum (limit ${POOLS_LIMITS.movementRatio})` },
        {
          name: 'njs cost against the demo table',
          ok: options.timing === false || njs.ratio <= POOLS_LIMITS.njsCostRatio,
          detail: options.timing === false ? 'not measured' : `${njs.ratio.toFixed(3)} x, median of ${njs.rounds} rounds' CPU-time ratios (limit ${POOLS_LIMITS.njsCostRatio})`,
        },
        { name: 'function size', ok: pooledOnly.bytes <= FUNCTION_BUDGET_BYTES, detail: `${pooledOnly.bytes} bytes built for pooled tables, no table embedded (budget ${FUNCTION_BUDGET_BYTES}); ${bothFormats.bytes} for both formats and the seed layout` },
        { name: 'ComputeUtilization', ok: computeOk, detail: `every mode at or under the demo table's figure for it (rules' modes: under the demo's highest, ${demoMax})` },
      ],
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The pools figures as text, for `npm run bench`. */
export function poolsReport(f: PoolsFigures): string {
  const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
  return [
    `Rules and pools: ${f.cells} API Gateway cells, ${f.rules} rules, ${f.pools} pools`,
    `  store: head ${f.store.headBytes} bytes, ${f.store.shards} shards, ${f.store.keys} keys, largest value ${f.store.largestValue} bytes, longest key ${f.store.longestKey} bytes`,
    `  function: ${f.functionBytes.pooledOnly} bytes built for pooled tables (budget ${f.functionBytes.budget}), ${f.functionBytes.bothFormats} for both formats and the seed layout`,
    ...f.shares.map((s) => `  shares, pool ${s.pool} (${s.cells} cells): worst ${s.maxErrorPoints.toFixed(3)} points`),
    `  stickiness: ${pct(f.stickiness.repeated)} repeated, ${pct(f.stickiness.newVisitors)} new visitors returning`,
    ...f.movement.map((m) => `  movement, ${m.change}: ${pct(m.movedShare)} moved, minimum ${pct(m.minimumShare)}, ${m.ratio.toFixed(3)} x`),
    `  njs cost: ${f.njs.ratio.toFixed(3)} x, the median of ${f.njs.rounds} interleaved rounds' CPU-time ratios (wall clock: ${f.njs.wallRatio.toFixed(3)} x); CPU ${f.njs.pooledMs.toFixed(0)} ms pooled (100 cells, 20 rules) vs ${f.njs.demoMs.toFixed(0)} ms demo (2 cells) for ${f.njs.invocations} invocations each in one process`,
    ...f.compute.map((c) => `  ComputeUtilization, ${c.mode}: ${c.pooled}${c.demo === undefined ? '' : ` (demo ${c.demo})`}`),
    ...f.checks.map((c) => `  [${c.ok ? 'ok' : 'FAIL'}] ${c.name}: ${c.detail}`),
    '',
  ].join('\n');
}
