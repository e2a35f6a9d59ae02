import { liveTable, SLOT_COUNT, type PooledTable, type RoutingTable, type TableCell } from '../router/table/index.js';
import type { LiveState } from './live-state.js';

/** One pool of a pooled table as `status` and the dashboard show it. */
export interface PoolSummary {
  readonly id: string;
  /** Rules that send requests to it (none for the default split). */
  readonly rules: readonly string[];
  /** Each cell's share of the pool's keys, in slot order of first appearance. */
  readonly cells: readonly { readonly id: string; readonly share: number }[];
}

/** The live table as the tools show it: a one-value table as it is, or a pooled one's default split. */
export interface TableForDisplay {
  /**
   * A one-value table, or for a pooled table its default split in that shape (every cell,
   * the default pool's runs, the head's settings): what per-cell views and the edge's
   * counters are read against.
   */
  readonly table?: RoutingTable;
  /** The pooled table whole, when the store holds one. */
  readonly pooled?: PooledTable;
  /** Its pools, for display. */
  readonly pools?: readonly PoolSummary[];
}

/**
 * The live table for display: `status`, the dashboard and the edge's counters read a
 * pooled table (format 2) through its default split, with its pools beside.
 *
 * @example const { table, pools } = tableForDisplay(await store.read());
 */
export function tableForDisplay(live: LiveState): TableForDisplay {
  if (live.table?.decoded.ok) return { table: live.table.decoded.table };
  const items = live.items;
  if (!live.table || !items) return {};
  const found = liveTable((key) => items.get(key));
  if (!found || !('head' in found)) return {};
  const head = found.head;
  const off = new Set(head.x ?? []);
  const cells: TableCell[] = found.cells.map((c) => (off.has(c.i) ? { ...c, x: 1 } : c));
  const index = new Map(cells.map((c, i) => [c.i, i]));
  const defaults = found.pools[0]?.runs ?? [];
  const table: RoutingTable = {
    v: 1,
    m: head.m,
    ...(head.rs ? { rs: head.rs } : {}),
    c: cells,
    r: defaults.flatMap((r) => [index.get(r.cell) ?? 0, r.length]),
    k: head.k,
    sc: head.sc,
    sa: head.sa,
    ...(head.fh ? { fh: head.fh } : {}),
    ...(head.fc ? { fc: head.fc } : {}),
    f: index.get(head.F.i) ?? 0,
    ...(head.h ? { h: head.h } : {}),
    ...(head.pn ? { pn: head.pn } : {}),
  } as RoutingTable;
  const pools = found.pools.map((pool, p): PoolSummary => {
    const shares = new Map<string, number>();
    for (const r of pool.runs) shares.set(r.cell, (shares.get(r.cell) ?? 0) + r.length / SLOT_COUNT);
    const rules = found.rules.filter((_, r) => head.T.charCodeAt(r) - 48 === p);
    return { id: pool.id, rules, cells: [...shares].map(([id, share]) => ({ id, share: Math.round(share * 10_000) / 10_000 })) };
  });
  return { table, pooled: found, pools };
}
