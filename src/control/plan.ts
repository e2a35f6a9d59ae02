import type { ResolvedConfig } from '../config/index.js';
import {
  needsPools,
  openStored,
  compileTable,
  PIN_KEY_PREFIX,
  PREVIOUS_TABLE_KEY,
  storeEntries,
  TABLE_KEY,
  TableError,
  type CompiledTable,
  type KvsEntry,
  type RoutingTable,
  type StoreEntries,
} from '../router/table/index.js';
import { cellOrigin, tableSettings } from './describe.js';
import { ControlError } from './errors.js';
import { pinWrites } from './pin-writes.js';
import { planPooled } from './plan-pooled.js';
import type { LiveState, StoreWrites } from './live-state.js';
import { batchWrites } from './routing-store.js';
import { shareChanges, type CellShareChange } from './shares.js';

/** One difference between the store and the config, as a plan shows it. */
export type PlanChange =
  | { readonly kind: 'first-table' }
  | { readonly kind: 'unusable-table'; readonly reason: string }
  | { readonly kind: 'cell-added'; readonly cell: string; readonly origin: string }
  | { readonly kind: 'cell-removed'; readonly cell: string }
  | { readonly kind: 'cell-origin'; readonly cell: string; readonly from: string; readonly to: string }
  | { readonly kind: 'cell-disabled' | 'cell-enabled'; readonly cell: string }
  | { readonly kind: 'setting'; readonly name: string; readonly from: string; readonly to: string }
  | { readonly kind: 'pin-added'; readonly key: string; readonly cell: string }
  | { readonly kind: 'pin-removed'; readonly key: string; readonly cell: string }
  | { readonly kind: 'pin-changed'; readonly key: string; readonly from: string; readonly to: string }
  /** A pooled table: how many of one pool's keys move, beside the fewest possible. */
  | { readonly kind: 'pool-moved'; readonly pool: string; readonly movedShare: number; readonly minimumShare: number };

/** What applying a config to a store would change. Plain JSON: a plan file holds it as is. */
export interface Plan {
  readonly arn: string;
  /** The ETag the plan was computed against: applying it writes with `If-Match` on it. */
  readonly etag: string;
  /** The config file, as the user named it. */
  readonly configFile: string;
  readonly changes: readonly PlanChange[];
  /** Each cell's share of keys before and after, and what moves in and out. */
  readonly cells: readonly CellShareChange[];
  /** Share of all keys whose cell changes (overrides and forcing aside). */
  readonly movedShare: number;
  /** True when the table was compacted to one run per cell (`compact`), which moves more than the minimum. */
  readonly compacted: boolean;
  readonly tableBytes: number;
  readonly writes: StoreWrites;
  /** UpdateKeys calls the writes take: 1 unless more than 50 keys change. */
  readonly calls: number;
}

/** Options of `planFromConfig`. */
export interface PlanOptions {
  /**
   * Lay the table out with one run per cell instead of moving the fewest keys.
   * @default false
   */
  readonly compact?: boolean;
}

/**
 * Compares a store with a config: compiles the config against the live table
 * (so the fewest keys move), and lists the writes that would make the store
 * match, with the live table kept as the previous one. Throws
 * `ControlError('too-large')` when the table or the entries break a KVS limit.
 *
 * @example planFromConfig(await store.read(), await loadConfig('cellfront.config.json')).writes
 */
export function planFromConfig(live: LiveState, config: ResolvedConfig, options: PlanOptions = {}): Plan {
  const opened = live.table ? openStored(live.table.encoded) : undefined;
  if (needsPools(config) || (typeof opened === 'object' && opened.v === 2)) return planPooled(live, config);
  const current = live.table?.decoded.ok ? live.table.decoded.table : undefined;
  let compiled: CompiledTable;
  let entries: StoreEntries;
  try {
    compiled = compileTable(config, current ? { previous: current, compact: options.compact ?? false } : {});
    entries = storeEntries(compiled, config);
  } catch (error) {
    if (error instanceof TableError) {
      const at = error.code === 'store-too-large' ? '/overrides' : '/cells';
      const details = error.compactAlternative ? { compactAlternative: error.compactAlternative } : undefined;
      throw new ControlError('too-large', `${config.file}#${at}: ${error.message}`, details);
    }
    throw error;
  }

  const changes: PlanChange[] = [];
  if (!live.table) changes.push({ kind: 'first-table' });
  else if (!live.table.decoded.ok) changes.push({ kind: 'unusable-table', reason: live.table.decoded.reason });
  if (current) changes.push(...tableChanges(current, compiled.table));

  const puts: KvsEntry[] = [];
  const deletes: string[] = [];
  if (live.table?.encoded !== compiled.encoded) {
    puts.push({ key: TABLE_KEY, value: compiled.encoded });
    // Only a usable table is worth rolling back to; otherwise the older previous one stays.
    if (current && live.table) puts.push({ key: PREVIOUS_TABLE_KEY, value: live.table.encoded });
  }
  const wanted = new Map(entries.data.filter((e) => e.key.startsWith(PIN_KEY_PREFIX)).map((e) => [e.key.slice(PIN_KEY_PREFIX.length), e.value]));
  pinWrites(live.pins, wanted, puts, deletes, changes);

  const cells = shareChanges(current, compiled.table);
  const writes = { puts, deletes };
  return {
    arn: live.arn,
    etag: live.etag,
    configFile: config.file,
    changes,
    cells,
    movedShare: Math.round(cells.reduce((sum, c) => sum + c.movesOut, 0) * 10_000) / 10_000,
    compacted: compiled.movement?.compacted ?? false,
    tableBytes: compiled.bytes,
    writes,
    calls: puts.length + deletes.length === 0 ? 0 : batchWrites(writes).length,
  };
}

/** Whether the plan writes nothing: the store already matches the config. */
export function isEmptyPlan(plan: Pick<Plan, 'writes'>): boolean {
  return plan.writes.puts.length === 0 && plan.writes.deletes.length === 0;
}

/** Differences between two tables, cells first (in the new table's order), then settings. */
export function tableChanges(before: RoutingTable, after: RoutingTable): PlanChange[] {
  const changes: PlanChange[] = [];
  const old = new Map(before.c.map((c) => [c.i, c]));
  for (const cell of after.c) {
    const was = old.get(cell.i);
    if (!was) {
      changes.push({ kind: 'cell-added', cell: cell.i, origin: cellOrigin(cell) });
      continue;
    }
    if (cellOrigin(was) !== cellOrigin(cell)) changes.push({ kind: 'cell-origin', cell: cell.i, from: cellOrigin(was), to: cellOrigin(cell) });
    if (!was.x && cell.x) changes.push({ kind: 'cell-disabled', cell: cell.i });
    if (was.x && !cell.x) changes.push({ kind: 'cell-enabled', cell: cell.i });
  }
  const kept = new Set(after.c.map((c) => c.i));
  for (const cell of before.c) if (!kept.has(cell.i)) changes.push({ kind: 'cell-removed', cell: cell.i });
  const from = tableSettings(before);
  const to = tableSettings(after);
  for (const name of Object.keys(to)) {
    if (from[name] !== to[name]) changes.push({ kind: 'setting', name, from: from[name] ?? '', to: to[name] ?? '' });
  }
  return changes;
}
