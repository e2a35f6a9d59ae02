import { decodeTable, partitionKeyOf, PIN_KEY_PREFIX, TABLE_KEY, type RequestFacts, type RoutingTable } from '../router/table/edge.js';
import type { WithEmbeddedTable } from './embedded-table.js';
import { log, TO_DEFAULT_ORIGIN } from './log.js';
import type { KvsReader } from './store.js';

/** The associated store, or why there is none (what `cf.kvs()` threw). */
export type Store = KvsReader | string;

/**
 * Picks the table for this request, reading the store once: the live table;
 * else the table embedded at build time; else `'seed'` when the store gave no
 * table at all (or no store is associated), for the seed layout; else (a table
 * that is there but unusable) `undefined`: the request goes to the
 * distribution's default origin. Every fallback is logged with its reason.
 * Never rejects.
 *
 * @example const table = await chooseTable(cf.kvs());
 */
export async function chooseTable(kvs: Store): Promise<RoutingTable | 'seed' | undefined> {
  let why = kvs;
  let text: string | undefined;
  if (typeof kvs !== 'string') {
    try {
      text = await kvs.get(TABLE_KEY);
    } catch (err) {
      // A missing key and a failed read look alike here; the seed layout's
      // own reads tell them apart when it comes to that.
      why = TABLE_KEY + ' ' + err;
    }
    if (text !== undefined) {
      const decoded = decodeTable(text);
      if (decoded.ok) return decoded.table;
      why = TABLE_KEY + ' ' + decoded.reason;
    }
  }
  // Replaced by the build with a literal (see embedded-table.ts), so the
  // bundler keeps only the branch that applies.
  if ((globalThis as WithEmbeddedTable).CELLFRONT_HAS_EMBEDDED_TABLE) {
    log(why + ' -> embedded table');
    return (globalThis as WithEmbeddedTable).CELLFRONT_EMBEDDED_TABLE as RoutingTable;
  }
  if (text === undefined) return 'seed';
  log(why + TO_DEFAULT_ORIGIN);
  return undefined;
}

/**
 * The cell the request's key is pinned to (`cellfront:pin:<key>`), read only
 * when the table has overrides and the key is not a brand-new visitor id.
 * A missing key or a failed read is no pin. Never rejects.
 */
export async function readPin(kvs: Store, table: RoutingTable, facts: RequestFacts): Promise<string | undefined> {
  const key = partitionKeyOf(facts, table);
  if (!table.pn || key.source === 'new-visitor' || typeof kvs === 'string') return undefined;
  return kvs.get(PIN_KEY_PREFIX + key.key).then(undefined, () => undefined);
}
