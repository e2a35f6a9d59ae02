import type { ResolvedConfig } from '../../config/types.js';
import { KVS_KEY_MAX_BYTES, KVS_TOTAL_MAX_BYTES, KVS_VALUE_MAX_BYTES } from '../../limits.js';
import { utf8Length } from './bytes.js';
import { compileTable, type CompiledTable, type Movement } from './compile.js';
import { PIN_KEY_PREFIX, TABLE_KEY } from './constants.js';
import { storeEntries, type KvsEntry } from './entries.js';
import { TableError } from './errors.js';
import { compilePooled, needsPools, type CompiledPooled, type PooledTable, type PoolMovement } from './pools-compile.js';
import { pooledFromStore, type SyncGet } from './pools-read.js';
import { openStored } from './decode.js';
import type { PoolHead, RoutingTable } from './types.js';

/** What a store compile produced: a one-value table (format 1) or a pooled one (format 2), and every entry. */
export type StoreCompile =
  | { readonly format: 1; readonly compiled: CompiledTable; readonly entries: readonly KvsEntry[]; readonly movement?: Movement }
  | { readonly format: 2; readonly compiled: CompiledPooled; readonly entries: readonly KvsEntry[]; readonly movement?: readonly PoolMovement[] };

/** The live table, as `compileForStore` takes it: one value, or a pooled table read whole. */
export type LiveTable = RoutingTable | PooledTable;

/**
 * Reads the live table from a store: a version 1 table as it is, a pooled
 * table with its shards. `undefined` when there is none or it is unusable.
 *
 * @example liveTable((key) => entries.get(key))
 */
export function liveTable(get: SyncGet): LiveTable | undefined {
  const text = get(TABLE_KEY);
  if (text === undefined) return undefined;
  const opened = openStored(text);
  if (typeof opened === 'string') return undefined;
  if (opened.v === 2) {
    const pooled = pooledFromStore(get);
    return typeof pooled === 'string' ? undefined : pooled;
  }
  return opened;
}

/**
 * Compiles a config into the store's entries, in the format it needs: a
 * config with rules or pools (or a store already pooled) compiles pooled,
 * anything else into one value exactly as before. With `previous` (the live
 * table), the fewest keys move, per pool. Override keys come last. Throws
 * `TableError` when a KVS limit would break.
 *
 * @example compileForStore(config, liveTable((k) => store.get(k))).entries
 */
export function compileForStore(config: ResolvedConfig, previous?: LiveTable, options: { compact?: boolean } = {}): StoreCompile {
  const pooled = needsPools(config) || (previous !== undefined && 'head' in previous);
  if (!pooled) {
    const compiled = compileTable(config, previous && !('head' in previous) ? { previous, compact: options.compact ?? false } : {});
    return { format: 1, compiled, entries: storeEntries(compiled, config).data, ...(compiled.movement ? { movement: compiled.movement } : {}) };
  }
  const compiled = compilePooled(config, previous ? { previous } : {});
  const entries = [...compiled.entries, ...config.overrides.map((o) => ({ key: PIN_KEY_PREFIX + o.key, value: o.cell }))];
  let total = 0;
  for (const e of entries) {
    const keyBytes = utf8Length(e.key);
    if (keyBytes > KVS_KEY_MAX_BYTES) throw new TableError('store-too-large', `the key "${e.key.slice(0, 40)}..." takes ${keyBytes} bytes, over the ${KVS_KEY_MAX_BYTES}-byte KVS key limit`);
    const valueBytes = utf8Length(e.value);
    if (valueBytes > KVS_VALUE_MAX_BYTES) throw new TableError('table-too-large', `${e.key} takes ${valueBytes} bytes, over the ${KVS_VALUE_MAX_BYTES}-byte limit of one KVS value`);
    total += keyBytes + valueBytes;
  }
  if (total > KVS_TOTAL_MAX_BYTES) throw new TableError('store-too-large', `the entries take ${total} bytes, over the ${KVS_TOTAL_MAX_BYTES}-byte size of one KVS (${entries.length} keys)`);
  return { format: 2, compiled, entries, ...(compiled.movement ? { movement: compiled.movement } : {}) };
}

/** The table a build embeds as the last known good one: the one value, or the pooled head. */
export function embeddableTable(result: StoreCompile): RoutingTable | PoolHead {
  return result.format === 1 ? result.compiled.table : result.compiled.table.head;
}
