import { tableForDisplay } from './pooled-view.js';
import { historyFrom, type HistoryEntry } from './history.js';
import { decodeTable, PIN_KEY_PREFIX, PREVIOUS_TABLE_KEY, TABLE_KEY, type DecodedTable, type KvsEntry } from '../router/table/index.js';

/** A routing table as stored: the value byte for byte, and what decoding it gave. */
export interface StoredTable {
  readonly encoded: string;
  readonly decoded: DecodedTable;
}

/** What the control plane reads from a store, all at one ETag. */
export interface LiveState {
  readonly arn: string;
  /** The version every read value belongs to; writes go with `If-Match` on it. */
  readonly etag: string;
  readonly lastModified?: Date;
  readonly itemCount: number;
  readonly totalBytes: number;
  /** `cellfront:table`, when present. */
  readonly table?: StoredTable;
  /** `cellfront:table:previous`, when present: what `rollback` restores. */
  readonly previous?: StoredTable;
  /** Overrides (`cellfront:pin:<key>`): partition key to cell id, in key order. */
  readonly pins: ReadonlyMap<string, string>;
  /** Every key read, with its value: a pooled table's shards and cells are among them. */
  readonly items?: ReadonlyMap<string, string>;
  /** The change history (`cellfront:history:NN`), newest first. */
  readonly history: readonly HistoryEntry[];
}

/**
 * The store-level facts of a live state as JSON (`status --json`, the
 * dashboard): its ARN, ETag, last change, size, whether a previous table is
 * kept, and why the table could not be read, when it could not.
 */
export function liveStoreJson(live: LiveState) {
  return {
    arn: live.arn,
    etag: live.etag,
    lastModified: live.lastModified?.toISOString() ?? null,
    itemCount: live.itemCount,
    totalBytes: live.totalBytes,
    // A pooled table (format 2) is usable though the one-value decoder refuses it.
    ...(live.table && !live.table.decoded.ok && !tableForDisplay(live).table ? { tableProblem: live.table.decoded.reason } : {}),
    previous: live.previous !== undefined,
  };
}

/** Keys to put and delete, in one conditional write. */
export interface StoreWrites {
  readonly puts: readonly KvsEntry[];
  readonly deletes: readonly string[];
}

/** No writes at all. */
export const NO_WRITES: StoreWrites = { puts: [], deletes: [] };

/** Builds the live state from a store's items (any order). */
export function liveStateFrom(
  store: { arn: string; etag: string; lastModified?: Date; totalBytes: number },
  items: readonly KvsEntry[],
): LiveState {
  let table: StoredTable | undefined;
  let previous: StoredTable | undefined;
  const pins: [string, string][] = [];
  for (const { key, value } of items) {
    if (key === TABLE_KEY) table = { encoded: value, decoded: decodeTable(value) };
    else if (key === PREVIOUS_TABLE_KEY) previous = { encoded: value, decoded: decodeTable(value) };
    else if (key.startsWith(PIN_KEY_PREFIX)) pins.push([key.slice(PIN_KEY_PREFIX.length), value]);
  }
  pins.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    arn: store.arn,
    etag: store.etag,
    ...(store.lastModified ? { lastModified: store.lastModified } : {}),
    itemCount: items.length,
    totalBytes: store.totalBytes,
    ...(table ? { table } : {}),
    ...(previous ? { previous } : {}),
    pins: new Map(pins),
    items: new Map(items.map((i) => [i.key, i.value])),
    history: historyFrom(items),
  };
}
