import { KVS_KEY_MAX_BYTES, KVS_VALUE_MAX_BYTES } from '../limits.js';
import {
  decodeTable,
  encodeTable,
  PIN_KEY_PREFIX,
  PREVIOUS_TABLE_KEY,
  TABLE_KEY,
  utf8Length,
  type KvsEntry,
  type RoutingTable,
  type TableCell,
} from '../router/table/index.js';
import { ControlError } from './errors.js';
import type { LiveState, StoreWrites } from './live-state.js';

/*
 * Changes made to the live table itself (not compiled from a config): drain,
 * undrain, pin, unpin, rollback. Each is pure: live state in, the writes that
 * make the change out. Every write that changes the table keeps the table it
 * replaces in `cellfront:table:previous`, so `rollback` always undoes the last
 * table change, whatever made it. The one exception is a rollback with no
 * usable live table: there is nothing to keep, and nothing for a second
 * rollback to return to.
 */

/** The writes of an edit and the table it leads to. */
export interface Edit {
  readonly writes: StoreWrites;
  /** The live table before the edit. */
  readonly before: RoutingTable;
  /** The table after the edit (the same object as `before` when the table does not change). */
  readonly after: RoutingTable;
}

/** The live table, or a `no-table` / `unusable-table` error saying how to get one. */
export function liveTable(live: LiveState): RoutingTable {
  if (!live.table) {
    throw new ControlError('no-table', `the store holds no routing table (${TABLE_KEY}); write one with \`cellfront apply\``);
  }
  if (!live.table.decoded.ok) {
    throw new ControlError('unusable-table', `the live table (${TABLE_KEY}) is not usable (${live.table.decoded.reason}); fix it with \`cellfront apply\` or \`cellfront rollback\``);
  }
  return live.table.decoded.table;
}

/**
 * The writes that replace the live table with `next`: the new table, and the
 * live one as previous. None when `next` encodes to the same bytes. Throws
 * `too-large` when `next` does not fit in one KVS value.
 */
export function tableWrites(live: LiveState, next: RoutingTable): KvsEntry[] {
  const encoded = encodeTable(next);
  if (live.table && encoded === live.table.encoded) return [];
  if (utf8Length(encoded) > KVS_VALUE_MAX_BYTES) {
    throw new ControlError(
      'too-large',
      `the new table takes ${utf8Length(encoded)} bytes, over the ${KVS_VALUE_MAX_BYTES}-byte limit of one KVS value (${next.r.length / 2} runs); compile it afresh with \`cellfront apply --compact\``,
    );
  }
  // A bug check: nothing written here may be a table the edge refuses.
  const decoded = decodeTable(encoded);
  if (!decoded.ok) throw new Error(`edited table is unusable (${decoded.reason}): ${encoded}`);
  const puts = [{ key: TABLE_KEY, value: encoded }];
  if (live.table) puts.push({ key: PREVIOUS_TABLE_KEY, value: live.table.encoded });
  return puts;
}

/** The index of cell `id` in `table`, or an `unknown-cell` error listing the cells. */
export function cellIndex(table: RoutingTable, id: string): number {
  const index = table.c.findIndex((c) => c.i === id);
  if (index < 0) throw new ControlError('unknown-cell', `no cell "${id}" in the live table; cells: ${table.c.map((c) => c.i).join(', ')}`);
  return index;
}

/**
 * Drains a cell (`drained`: true) or brings it back: sets or clears its `x`
 * flag, so the edge sends its keys to the fallback cell at once while every
 * other key stays where it is. Refuses to drain the last enabled cell.
 */
export function setDrained(live: LiveState, id: string, drained: boolean): Edit {
  const before = liveTable(live);
  const index = cellIndex(before, id);
  const cell = before.c[index] as TableCell;
  if (Boolean(cell.x) === drained) return { writes: { puts: [], deletes: [] }, before, after: before };
  if (drained && before.c.every((c, i) => i === index || c.x)) {
    throw new ControlError('refused', `"${id}" is the only enabled cell; draining it would leave nothing to route to`);
  }
  const { x: _x, ...enabled } = cell;
  const c = before.c.map((other, i) => (i === index ? (drained ? { ...enabled, x: 1 as const } : enabled) : other));
  const after: RoutingTable = { ...before, c };
  return { writes: { puts: tableWrites(live, after), deletes: [] }, before, after };
}

/** The cell an edit's fallback traffic goes to, as the edge picks it. */
export function fallbackOf(table: RoutingTable): string {
  const fallback = table.c[table.f];
  return fallback && !fallback.x ? fallback.i : (table.c.find((c) => !c.x)?.i ?? '');
}

/**
 * Pins partition key `key` to cell `id` (one `cellfront:pin:<key>` key), and
 * sets the table's `pn` flag so the edge looks pins up.
 */
export function pin(live: LiveState, key: string, id: string): Edit {
  const before = liveTable(live);
  cellIndex(before, id);
  const bytes = utf8Length(PIN_KEY_PREFIX + key);
  if (key === '') throw new ControlError('invalid-input', 'the partition key must not be empty');
  if (bytes > KVS_KEY_MAX_BYTES) {
    throw new ControlError('invalid-input', `the KVS key "${PIN_KEY_PREFIX}${key.slice(0, 24)}..." would take ${bytes} bytes, over the ${KVS_KEY_MAX_BYTES}-byte key limit`);
  }
  const after: RoutingTable = before.pn ? before : { ...before, pn: 1 };
  const puts = live.pins.get(key) === id ? [] : [{ key: PIN_KEY_PREFIX + key, value: id }];
  return { writes: { puts: [...puts, ...tableWrites(live, after)], deletes: [] }, before, after };
}

/** Removes the pin of `key`; with no pins left, clears `pn` so the edge skips the lookup. */
export function unpin(live: LiveState, key: string): Edit {
  const before = liveTable(live);
  if (!live.pins.has(key)) {
    const known = [...live.pins.keys()];
    throw new ControlError('refused', `no pin for "${key}"; pinned keys: ${known.length > 0 ? known.slice(0, 10).join(', ') + (known.length > 10 ? ', ...' : '') : 'none'}`);
  }
  let after = before;
  if (live.pins.size === 1 && before.pn) {
    const { pn: _pn, ...rest } = before;
    after = rest;
  }
  return { writes: { puts: tableWrites(live, after), deletes: [PIN_KEY_PREFIX + key] }, before, after };
}

/** A rollback: its writes, the tables before and after, and what it did with the table it replaced. */
export interface RollbackEdit {
  readonly writes: StoreWrites;
  /** The live table before the rollback, when there was a usable one. */
  readonly before?: RoutingTable;
  /** The previous table, now (or already) the live one. */
  readonly after: RoutingTable;
  /**
   * `swapped`: the replaced table is now the previous one, so a second
   * rollback undoes this one. `restored`: there was no usable live table to
   * keep, so the previous one is left as it was (the same bytes as the live
   * table now) and there is nothing to undo to. `unchanged`: the live table
   * already is the previous one, byte for byte; nothing is written.
   */
  readonly outcome: 'swapped' | 'restored' | 'unchanged';
}

/**
 * Puts the previous table back, byte for byte, and keeps the replaced one as
 * previous, so a second rollback undoes the first. With no live table, or
 * one the edge cannot use, only the live table is written: an unusable table
 * is not kept (as `apply` does not keep one), and the previous table stays
 * where it is. Writes nothing when the live table already is the previous
 * one. Refuses when there is no previous table or it is not usable.
 */
export function rollback(live: LiveState): RollbackEdit {
  const previous = live.previous;
  if (!previous) throw new ControlError('no-previous', `there is no previous table (${PREVIOUS_TABLE_KEY}) to roll back to; it is kept by \`cellfront apply\` and the other commands that change the table`);
  if (!previous.decoded.ok) {
    throw new ControlError('unusable-table', `the previous table (${PREVIOUS_TABLE_KEY}) is not usable (${previous.decoded.reason}); refusing to roll back to it`);
  }
  const after = previous.decoded.table;
  if (!live.table?.decoded.ok) return { writes: { puts: [{ key: TABLE_KEY, value: previous.encoded }], deletes: [] }, after, outcome: 'restored' };
  const before = live.table.decoded.table;
  if (live.table.encoded === previous.encoded) return { writes: { puts: [], deletes: [] }, before, after, outcome: 'unchanged' };
  const puts = [
    { key: TABLE_KEY, value: previous.encoded },
    { key: PREVIOUS_TABLE_KEY, value: live.table.encoded },
  ];
  return { writes: { puts, deletes: [] }, before, after, outcome: 'swapped' };
}
