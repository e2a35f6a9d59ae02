import type { ResolvedConfig } from '../../config/types.js';
import { KVS_KEY_MAX_BYTES, KVS_TOTAL_MAX_BYTES, KVS_VALUE_MAX_BYTES } from '../../limits.js';
import type { CompiledTable } from './compile.js';
import { PIN_KEY_PREFIX, TABLE_KEY } from './constants.js';
import { utf8Length } from './bytes.js';
import { TableError } from './errors.js';

/** One KVS entry in the store's import format. */
export interface KvsEntry {
  readonly key: string;
  readonly value: string;
}

/** How much of the KVS limits the entries use. */
export interface ByteBudget {
  readonly tableBytes: number;
  readonly tableLimit: number;
  readonly runCount: number;
  readonly keyCount: number;
  /** Keys plus values, in UTF-8 bytes, as the store counts its size. */
  readonly totalBytes: number;
  readonly totalLimit: number;
}

/** The entries to store and the budget they use. */
export interface StoreEntries {
  /** The KVS import format: `{"data": [{"key", "value"}]}`. */
  readonly data: readonly KvsEntry[];
  readonly budget: ByteBudget;
}

/** The KVS key of the override for partition key `key`. */
export function pinKey(key: string): string {
  return PIN_KEY_PREFIX + key;
}

/**
 * The KVS entries for a compiled table: the table under `TABLE_KEY`, then one
 * `cellfront:pin:<key>` entry per override, in config order. Throws
 * `TableError('store-too-large')` when they would not fit in one store.
 *
 * @example storeEntries(compileTable(config), config).data[0].key // 'cellfront:table'
 */
export function storeEntries(compiled: CompiledTable, config: ResolvedConfig): StoreEntries {
  const data: KvsEntry[] = [{ key: TABLE_KEY, value: compiled.encoded }];
  for (const o of config.overrides) data.push({ key: pinKey(o.key), value: o.cell });
  let totalBytes = 0;
  for (const entry of data) {
    const keyBytes = utf8Length(entry.key);
    // Config validation keeps pin keys short; this guards callers that skip it.
    if (keyBytes > KVS_KEY_MAX_BYTES) {
      throw new TableError('store-too-large', `the key "${entry.key.slice(0, 40)}..." takes ${keyBytes} bytes, over the ${KVS_KEY_MAX_BYTES}-byte KVS key limit`);
    }
    totalBytes += keyBytes + utf8Length(entry.value);
  }
  if (totalBytes > KVS_TOTAL_MAX_BYTES) {
    throw new TableError(
      'store-too-large',
      `the entries take ${totalBytes} bytes, over the ${KVS_TOTAL_MAX_BYTES}-byte size of one KVS (${data.length} keys)`,
    );
  }
  return {
    data,
    budget: {
      tableBytes: compiled.bytes,
      tableLimit: KVS_VALUE_MAX_BYTES,
      runCount: compiled.runCount,
      keyCount: data.length,
      totalBytes,
      totalLimit: KVS_TOTAL_MAX_BYTES,
    },
  };
}
