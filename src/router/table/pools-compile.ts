import type { ResolvedConfig } from '../../config/types.js';
import { KVS_VALUE_MAX_BYTES } from '../../limits.js';
import { utf8Length } from './bytes.js';
import { SLOT_COUNT, TABLE_KEY } from './constants.js';
import { tableCell } from './encode.js';
import type { KvsEntry } from './entries.js';
import { TableError } from './errors.js';
import { CELL_KEY_PREFIX, SHARD_KEY_PREFIX } from './pools.js';
import { rebalance } from './rebalance.js';
import { flatDimensions, ruleDimensions } from './rule-index.js';
import { freshLayout, normalizeRuns, runsFromFlat, slotOwners, slotsPerCell, type Run } from './runs.js';
import type { PoolHead, RoutingTable, SourceSpec, TableCell } from './types.js';
import { slotCounts } from './weights.js';

/**
 * Prefix of the names key, `cellfront:meta:<generation>`: the pools' and
 * rules' names, for the tools (the edge needs indexes only, and the head's
 * bytes go to rules).
 */
export const META_KEY_PREFIX = 'cellfront:meta:';

/** Id of the default split (the cells' own weights) among the pools: pool 0. */
export const DEFAULT_POOL = 'default';
/** Pools made for a rule that targets one cell are named `@<cell id>`. */
export const CELL_POOL_PREFIX = '@';
/**
 * A shard is laid out as wide as possible while its value stays within this
 * many bytes: fewer keys, but a wider shard has more runs, which a request
 * parses and walks (it parses only the one cell it needs). Any shard fits
 * one KVS value (a one-slot shard holds one cell).
 */
export const SHARD_TARGET_BYTES = 600;
/** Shard widths tried, widest first: the divisors of SLOT_COUNT. */
const WIDTHS = Array.from({ length: SLOT_COUNT }, (_, i) => SLOT_COUNT - i).filter((w) => SLOT_COUNT % w === 0);

/** One pool as the tools see it: its runs by cell id, and how wide its shards are. */
export interface PoolLayout {
  readonly id: string;
  /** Slots per shard. */
  readonly width: number;
  readonly runs: readonly { readonly cell: string; readonly length: number }[];
}

/** A pooled table (version 2) whole: the head, every pool's runs, every cell, the rules' names. */
export interface PooledTable {
  readonly head: PoolHead;
  readonly pools: readonly PoolLayout[];
  readonly cells: readonly TableCell[];
  /** Rule names, in rule order (the head holds rules as dimensions). */
  readonly rules: readonly string[];
}

/** Keys one pool's change moves, beside the fewest any layout could. */
export interface PoolMovement {
  readonly pool: string;
  readonly movedSlots: number;
  readonly minimumSlots: number;
}

/** A compiled pooled table and its KVS entries (the head first). */
export interface CompiledPooled {
  readonly table: PooledTable;
  readonly entries: readonly KvsEntry[];
  readonly headBytes: number;
  readonly shardCount: number;
  /** Present when compiled against a previous table. */
  readonly movement?: readonly PoolMovement[];
}

/** Whether a config needs the pooled format: it has rules or pools, or more cells than one value holds. */
export function needsPools(config: ResolvedConfig): boolean {
  return (config.rules?.length ?? 0) > 0 || (config.pools?.length ?? 0) > 0;
}

/** Each pool's members and weights: the default split, the config's pools, then one per single-cell rule target. */
export function poolMembers(config: ResolvedConfig): { id: string; members: { cell: string; weight: number }[] }[] {
  const disabled = new Set(config.cells.filter((c) => c.disabled).map((c) => c.id));
  const live = (m: { cell: string; weight: number }) => ({ cell: m.cell, weight: disabled.has(m.cell) ? 0 : m.weight });
  const pools = [
    { id: DEFAULT_POOL, members: config.cells.map((c) => live({ cell: c.id, weight: c.weight })) },
    ...(config.pools ?? []).map((p) => ({ id: p.id, members: p.members.map(live) })),
  ];
  for (const rule of config.rules ?? []) {
    if (!('cell' in rule.target)) continue;
    const id = CELL_POOL_PREFIX + rule.target.cell;
    if (!pools.some((p) => p.id === id)) pools.push({ id, members: [{ cell: rule.target.cell, weight: 1 }] });
  }
  return pools;
}

/** The previous layout of pool `id`, by cell id, if the previous table had it. */
function previousRuns(previous: RoutingTable | PooledTable | undefined, id: string): { cell: string; length: number }[] | undefined {
  if (!previous) return undefined;
  if ('head' in previous) return previous.pools.find((p) => p.id === id)?.runs.map((r) => ({ ...r }));
  if (id !== DEFAULT_POOL) return undefined;
  return runsFromFlat(previous.r).map((r) => ({ cell: (previous.c[r.cell] as TableCell).i, length: r.length }));
}

/**
 * Compiles a config with rules or pools into a pooled table: each pool's
 * weights become slots (largest remainder), laid out with the fewest moves
 * from the previous table's runs of the same pool (a version 1 table's runs
 * are the default split's), then cut into shards. Throws
 * `TableError('table-too-large')` when the head does not fit one KVS value.
 *
 * @example compilePooled(config, { previous: live }).entries
 */
export function compilePooled(config: ResolvedConfig, options: { previous?: RoutingTable | PooledTable } = {}): CompiledPooled {
  const previous = options.previous;
  const generation = previous && 'head' in previous ? previous.head.g + 1 : 1;
  const cells = config.cells.map((c) => tableCell(c, config.mode));
  const byId = new Map(cells.map((c) => [c.i, c]));
  const pools: PoolLayout[] = [];
  const movement: PoolMovement[] = [];
  for (const pool of poolMembers(config)) {
    const ids = pool.members.map((m) => m.cell);
    const targets = slotCounts(
      pool.members.map((m) => m.weight),
      SLOT_COUNT,
    );
    const before = previousRuns(previous, pool.id);
    let runs: Run[];
    if (before) {
      for (const r of before) if (!ids.includes(r.cell)) ids.push(r.cell);
      const old = before.map((r) => ({ cell: ids.indexOf(r.cell), length: r.length }));
      const all = ids.map((_, i) => targets[i] ?? 0);
      runs = rebalance(old, all);
      const minimumSlots = slotsPerCell(old, ids.length).reduce((sum, had, i) => sum + Math.max(0, had - (all[i] as number)), 0);
      const a = slotOwners(old, ids);
      const b = slotOwners(runs, ids);
      let movedSlots = 0;
      for (let s = 0; s < SLOT_COUNT; s++) if (a[s] !== b[s]) movedSlots++;
      movement.push({ pool: pool.id, movedSlots, minimumSlots });
    } else {
      runs = freshLayout(targets);
    }
    const byCell = normalizeRuns(runs).map((r) => ({ cell: ids[r.cell] as string, length: r.length }));
    pools.push({ id: pool.id, width: widestShard(byCell, byId), runs: byCell });
  }
  const fallback = byId.get(config.fallback) as TableCell;
  const head: PoolHead = {
    v: 2,
    g: generation,
    m: config.mode === 'proxy' ? 'p' : 'r',
    ...(config.mode === 'redirect' ? { rs: config.redirectStatus } : {}),
    k: config.partition.from.map(sourceSpecOf),
    sc: config.partition.sticky.cookie,
    sa: config.partition.sticky.maxAgeSeconds,
    ...(config.force.header ? { fh: config.force.header.toLowerCase() } : {}),
    ...(config.force.cookie ? { fc: config.force.cookie } : {}),
    ...(config.cellHeader ? { h: config.cellHeader.toLowerCase() } : {}),
    ...(config.overrides.length > 0 ? { pn: 1 as const } : {}),
    F: withoutFlag(fallback),
    ...(config.cells.some((c) => c.disabled) ? { x: config.cells.filter((c) => c.disabled).map((c) => c.id) } : {}),
    P: pools.map((p) => p.width),
    D: flatDimensions(ruleDimensions(config.rules ?? [])),
    T: ruleTargets(config, pools),
  };
  const table: PooledTable = { head, pools, cells, rules: (config.rules ?? []).map((r) => r.name) };
  const entries = pooledEntries(table);
  const headBytes = utf8Length((entries[0] as KvsEntry).value);
  if (headBytes > KVS_VALUE_MAX_BYTES) {
    throw new TableError(
      'table-too-large',
      `the routing table's head takes ${headBytes} bytes, over the ${KVS_VALUE_MAX_BYTES}-byte limit of one KVS value (rules: ${utf8Length(JSON.stringify(head.D))} bytes for ${head.T.length}; pools: ${head.P.length}; the rest: settings and the fallback cell)`,
    );
  }
  return { table, entries, headBytes, shardCount: entries.length - 2 - cells.length, ...(previous ? { movement } : {}) };
}

/** Pools one table may hold: a rule's pool is one character (`48 + index`, at most `~`). */
export const MAX_POOLS = 127 - 48;

/** Each rule's pool index as one character, `48 + index` (see `PoolHead.T`). */
function ruleTargets(config: ResolvedConfig, pools: readonly PoolLayout[]): string {
  if (pools.length > MAX_POOLS) throw new TableError('table-too-large', `${pools.length} pools (the default split, the config's pools and one per rule targeting a cell) are more than the ${MAX_POOLS} a table can hold`);
  return (config.rules ?? []).map((r) => String.fromCharCode(48 + pools.findIndex((p) => p.id === ('pool' in r.target ? r.target.pool : CELL_POOL_PREFIX + r.target.cell)))).join('');
}

/** A cell as the head's fallback and the cell keys hold it: disabling is the head's `x`. */
function withoutFlag(cell: TableCell): TableCell {
  const copy: { -readonly [K in keyof TableCell]: TableCell[K] } = { ...cell };
  delete copy.x;
  return copy;
}

function sourceSpecOf(source: ResolvedConfig['partition']['from'][number]): SourceSpec {
  return source.kind === 'header'
    ? `h:${source.name.toLowerCase()}`
    : source.kind === 'cookie'
      ? `c:${source.name}`
      : source.kind === 'query'
        ? `q:${source.name}`
        : source.kind === 'path'
          ? `p:${source.index}`
          : 'i';
}

/**
 * A shard's value from its cells and runs: each cell's JSON on a line of its
 * own, then the runs on the last line, `offset length ...` (separated by
 * spaces: the edge splits them, which costs less than parsing JSON), each naming its
 * cell by the offset of the cell's line in the value. The edge parses the
 * runs and the one cell a slot falls in, never the others (see `shardCell`).
 *
 * @example shardText([{ i: 'a', d: 'a.example.com' }], [0, 10000]) // '{"i":"a","d":"a.example.com"}\n0 10000'
 */
export function shardText(cells: readonly TableCell[], runs: readonly number[]): string {
  const offsets: number[] = [];
  let text = '';
  for (const cell of cells) {
    offsets.push(text.length);
    text += JSON.stringify(withoutFlag(cell)) + '\n';
  }
  const r: number[] = [];
  for (let i = 0; i + 1 < runs.length; i += 2) r.push(offsets[runs[i] as number] as number, runs[i + 1] as number);
  return text + r.join(' ');
}

/**
 * The inverse of `shardText`, for the tools: the runs with their cells, or
 * why the value is not a shard.
 */
export function readShard(text: string | undefined): { cell: TableCell; length: number }[] | string {
  if (text === undefined) return 'missing';
  const last = text.lastIndexOf('\n');
  const r = text.slice(last + 1).split(' ').map(Number);
  if (r.length % 2 || !r.every(Number.isInteger)) return 'bad runs';
  const runs: { cell: TableCell; length: number }[] = [];
  for (let i = 0; i < r.length; i += 2) {
    const at = r[i] as unknown;
    const length = r[i + 1] as unknown;
    if (typeof at !== 'number' || typeof length !== 'number' || !(length > 0) || (at > 0 && text[at - 1] !== '\n')) return 'bad runs';
    let cell: TableCell;
    try {
      cell = JSON.parse(text.slice(at, text.indexOf('\n', at))) as TableCell;
    } catch {
      return `bad cell at ${at}`;
    }
    if (!cell || typeof cell.i !== 'string') return `bad cell at ${at}`;
    runs.push({ cell, length });
  }
  return runs;
}

/** The value of slots `[start, start + width)`: the cells they name and their runs (see `shardText`). */
export function shardValue(runs: readonly { cell: string; length: number }[], start: number, width: number, byId: ReadonlyMap<string, TableCell>): string {
  const r: number[] = [];
  const c: TableCell[] = [];
  const ids: string[] = [];
  let at = 0;
  for (const run of runs) {
    const from = Math.max(at, start);
    const to = Math.min(at + run.length, start + width);
    at += run.length;
    if (to <= from) continue;
    let i = ids.indexOf(run.cell);
    if (i < 0) {
      i = ids.push(run.cell) - 1;
      c.push(byId.get(run.cell) ?? { i: run.cell });
    }
    r.push(i, to - from);
  }
  return shardText(c, r);
}

/** The widest shard whose every value stays within SHARD_TARGET_BYTES. */
function widestShard(runs: readonly { cell: string; length: number }[], byId: ReadonlyMap<string, TableCell>): number {
  for (const width of WIDTHS) {
    let fits = true;
    for (let start = 0; fits && start < SLOT_COUNT; start += width) fits = utf8Length(shardValue(runs, start, width, byId)) <= SHARD_TARGET_BYTES;
    if (fits) return width;
  }
  return 1;
}

/** The KVS entries of a pooled table: the head, every pool's shards, every cell. */
export function pooledEntries(table: PooledTable): KvsEntry[] {
  const byId = new Map(table.cells.map((c) => [c.i, c]));
  const g = table.head.g;
  const entries: KvsEntry[] = [{ key: TABLE_KEY, value: JSON.stringify(table.head) }];
  table.pools.forEach((pool, p) => {
    for (let start = 0, b = 0; start < SLOT_COUNT; start += pool.width, b++) {
      entries.push({ key: `${SHARD_KEY_PREFIX}${g}:${p}:${b}`, value: shardValue(pool.runs, start, pool.width, byId) });
    }
  });
  // One run over every slot: the edge reads a cell key like a shard.
  for (const cell of table.cells) entries.push({ key: `${CELL_KEY_PREFIX}${g}:${cell.i}`, value: shardText([cell], [0, SLOT_COUNT]) });
  entries.push({ key: `${META_KEY_PREFIX}${g}`, value: JSON.stringify({ pools: table.pools.map((p) => p.id), rules: table.rules }) });
  return entries;
}
