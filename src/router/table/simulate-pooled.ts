import type { ResolvedConfig } from '../../config/types.js';
import { PIN_KEY_PREFIX, SLOT_COUNT } from './constants.js';
import { slotOf } from './hash.js';
import { compilePooled, poolMembers, type PoolMovement, type PooledTable } from './pools-compile.js';
import { routePooled } from './pools-read.js';
import { factsForKey, syntheticKeys, type CellShare } from './simulate.js';
import type { FactValue, RequestFacts, RoutingTable } from './types.js';
import { shardCell, shardKey } from './pools.js';

/**
 * The facts of the simulated viewer that rules test, besides the partition
 * key: every synthetic request carries them.
 */
export interface ViewerFacts {
  /** `CloudFront-Viewer-Country`, e.g. `DE`. */
  readonly country?: string;
  /** `CloudFront-Viewer-Country-Region` (the region part only), e.g. `BY`. */
  readonly region?: string;
  /** Request headers (names in any case). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly cookies?: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, string>>;
  /** @default '/' */
  readonly path?: string;
  /** @default 'GET' */
  readonly method?: string;
}

/** The share of the keys one rule (or the default split) took. */
export interface RuleShare {
  /** The rule's name, or `(default split)`. */
  readonly rule: string;
  readonly pool: string;
  readonly keys: number;
  readonly share: number;
}

/** One pool's split over every synthetic key, whatever the facts. */
export interface PoolShares {
  readonly pool: string;
  /** Rules that send requests to this pool (none for the default split). */
  readonly rules: readonly string[];
  readonly cells: readonly CellShare[];
  /** Largest |observed − expected| over the pool's cells, in percentage points. */
  readonly maxErrorPoints: number;
}

/** The result of `simulatePooled`. */
export interface PooledSimulationReport {
  readonly keys: number;
  readonly seed: number;
  readonly facts: ViewerFacts;
  /** Where the keys went with these facts: by rule, then by cell. */
  readonly rules: readonly RuleShare[];
  readonly routed: readonly { readonly cell: string; readonly keys: number; readonly share: number }[];
  /** Every pool's split, each key routed by its slot in that pool. */
  readonly pools: readonly PoolShares[];
  /** Largest error over every pool, in percentage points. */
  readonly maxErrorPoints: number;
  readonly stickiness: { readonly repeatedRequests: number; readonly newVisitors: number };
  /** With `against`: per pool, the keys that move beside the fewest any layout could. */
  readonly against?: { readonly file: string; readonly pools: readonly (PoolMovement & { readonly movedShare: number; readonly minimumShare: number })[] };
}

/** The facts of one synthetic request: the viewer's facts, with `key` where the table takes its partition key from. */
function requestFor(head: Pick<RoutingTable, 'k' | 'sc'>, key: string, viewer: ViewerFacts, newVisitorId = 'unused'): RequestFacts {
  const keyed = factsForKey(head as RoutingTable, key);
  const headers: Record<string, FactValue> = {};
  for (const [name, value] of Object.entries(viewer.headers ?? {})) headers[name.toLowerCase()] = value;
  if (viewer.country) headers['cloudfront-viewer-country'] = viewer.country;
  if (viewer.country && viewer.region) headers['cloudfront-viewer-country-region'] = viewer.region;
  return {
    headers: { ...headers, ...keyed.headers },
    cookies: { ...viewer.cookies, ...keyed.cookies },
    query: { ...viewer.query, ...keyed.query },
    path: keyed.path === '/' ? (viewer.path ?? '/') : keyed.path,
    method: viewer.method ?? 'GET',
    clientIp: keyed.clientIp,
    newVisitorId,
  };
}

function poolShares(config: ResolvedConfig, table: PooledTable, counts: readonly Map<string, number>[], total: number): PoolShares[] {
  const members = poolMembers(config);
  const disabled = new Set(config.cells.filter((c) => c.disabled).map((c) => c.id));
  return table.pools.map((pool, p) => {
    const weights = members.find((m) => m.id === pool.id)?.members ?? [];
    const sum = weights.reduce((s, m) => s + m.weight, 0);
    const slots = new Map<string, number>();
    for (const r of pool.runs) slots.set(r.cell, (slots.get(r.cell) ?? 0) + r.length);
    // Cells outside the pool (weight 0 in the default split) that took no key are left out.
    const cells = weights.filter((m) => m.weight > 0 || (counts[p]?.get(m.cell) ?? 0) > 0 || disabled.has(m.cell)).map((m): CellShare => {
      const keys = counts[p]?.get(m.cell) ?? 0;
      return {
        id: m.cell,
        weight: m.weight,
        disabled: disabled.has(m.cell),
        expectedShare: sum > 0 ? m.weight / sum : 0,
        slotShare: (slots.get(m.cell) ?? 0) / SLOT_COUNT,
        observedShare: keys / total,
        keys,
      };
    });
    const rules = (config.rules ?? []).filter((r) => ('pool' in r.target ? r.target.pool : `@${r.target.cell}`) === pool.id).map((r) => r.name);
    return { pool: pool.id, rules, cells, maxErrorPoints: Math.max(0, ...cells.map((c) => Math.abs(c.observedShare - c.expectedShare) * 100)) };
  });
}

/**
 * Routes `keys` synthetic partition keys, each carrying the viewer's facts,
 * through the same decision the edge makes on a pooled table (rules, then
 * the pool's shard), and reports the share each rule took, where the keys
 * went, every pool's split against its weights, and stickiness. With
 * `against`, compiles the second config against the first's table and
 * reports, per pool, the keys that move beside the minimum.
 *
 * @example simulatePooled(config, { keys: 100_000, facts: { country: 'DE' } }).rules[0] // { rule: 'eu', pool: 'eu', share: 1, ... }
 */
export function simulatePooled(config: ResolvedConfig, options: { keys: number; seed?: number; facts?: ViewerFacts; against?: ResolvedConfig }): PooledSimulationReport {
  const seed = options.seed ?? 1;
  const viewer = options.facts ?? {};
  const compiled = compilePooled(config);
  const table = compiled.table;
  const head = table.head;
  const store = new Map([...compiled.entries.map((e): [string, string] => [e.key, e.value]), ...config.overrides.map((o): [string, string] => [PIN_KEY_PREFIX + o.key, o.cell])]);
  const get = (key: string) => store.get(key);
  const keys = syntheticKeys(options.keys, seed);
  const byRule = new Map<number, number>();
  const byCell = new Map<string, number>();
  const perPool = table.pools.map(() => new Map<string, number>());
  let repeated = 0;
  let returning = 0;
  for (const key of keys) {
    const facts = requestFor(head, key, viewer);
    const first = routePooled(facts, head, get);
    byRule.set(first.rule ?? -1, (byRule.get(first.rule ?? -1) ?? 0) + 1);
    byCell.set(first.cell.i, (byCell.get(first.cell.i) ?? 0) + 1);
    if (routePooled(facts, head, get).cell.i === first.cell.i) repeated++;
    const fresh = routePooled(requestFor({ k: [], sc: head.sc }, '', viewer, key), head, get);
    const cookie = fresh.setVisitorCookie;
    const back = requestFor({ k: [], sc: head.sc }, cookie ? cookie.value : '', viewer, `${key}-again`);
    if (routePooled(back, head, get).cell.i === fresh.cell.i) returning++;
    const slot = slotOf(key);
    table.pools.forEach((_, p) => {
      const cell = shardCell(get(shardKey(head, p, slot)), head, p, slot);
      const id = cell ? cell.i : '(none)';
      perPool[p]?.set(id, (perPool[p]?.get(id) ?? 0) + 1);
    });
  }
  const total = keys.length;
  const pools = poolShares(config, table, perPool, total);
  const rules = [...byRule.entries()]
    .sort(([a], [b]) => (a < 0 ? 1 : b < 0 ? -1 : a - b))
    .map(([r, n]) => ({
      rule: r < 0 ? '(default split)' : (table.rules[r] ?? `rule-${r}`),
      pool: table.pools[r < 0 ? 0 : head.T.charCodeAt(r) - 48]?.id ?? '?',
      keys: n,
      share: n / total,
    }));
  const routed = [...byCell.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([cell, n]) => ({ cell, keys: n, share: n / total }));
  const report: PooledSimulationReport = {
    keys: total,
    seed,
    facts: viewer,
    rules,
    routed,
    pools,
    maxErrorPoints: Math.max(0, ...pools.map((p) => p.maxErrorPoints)),
    stickiness: { repeatedRequests: repeated / total, newVisitors: returning / total },
  };
  if (!options.against) return report;
  const next = compilePooled(options.against, { previous: table });
  return {
    ...report,
    against: {
      file: options.against.file,
      pools: (next.movement ?? []).map((m) => ({ ...m, movedShare: m.movedSlots / SLOT_COUNT, minimumShare: m.minimumSlots / SLOT_COUNT })),
    },
  };
}
