import { KVS_TOTAL_MAX_BYTES, KVS_VALUE_MAX_BYTES } from '../../limits.js';
import { percent, SLOT_COUNT, TABLE_KEY, type CompiledPooled, type PoolMovement } from '../../router/table/index.js';
import type { KvsEntry } from '../../router/table/index.js';
import { grouped } from '../numbers.js';

/**
 * The budget of a pooled table, for `compile` and `validate`: the head against
 * one KVS value, the shards, the keys and bytes against one store, and with
 * a previous table the movement of each pool beside its minimum.
 *
 * @example pooledBudgetLines(compiled, entries, movement).join('\n')
 */
export function pooledBudgetLines(compiled: CompiledPooled, entries: readonly KvsEntry[], movement?: readonly PoolMovement[]): string[] {
  const total = entries.reduce((sum, e) => sum + Buffer.byteLength(e.key) + Buffer.byteLength(e.value), 0);
  const head = compiled.table.head;
  const lines = [
    `table   ${TABLE_KEY}: pooled (format 2), head ${grouped(compiled.headBytes)} of ${grouped(KVS_VALUE_MAX_BYTES)} bytes (${Math.round((100 * compiled.headBytes) / KVS_VALUE_MAX_BYTES)}%), ${head.T.length} rule${head.T.length === 1 ? '' : 's'}, ${compiled.table.pools.length} pools, ${compiled.table.cells.length} cells, generation ${head.g}`,
    `shards  ${grouped(compiled.shardCount)} (largest ${grouped(Math.max(...entries.filter((e) => e.key.startsWith('cellfront:s:')).map((e) => Buffer.byteLength(e.value))))} bytes)`,
    `store   ${grouped(entries.length)} keys, ${grouped(total)} of ${grouped(KVS_TOTAL_MAX_BYTES)} bytes (${percent(total / KVS_TOTAL_MAX_BYTES)})`,
  ];
  for (const m of movement ?? []) {
    lines.push(`moves   pool ${m.pool}: ${percent(m.movedSlots / SLOT_COUNT)} of its keys (the minimum: ${percent(m.minimumSlots / SLOT_COUNT)})`);
  }
  return lines;
}
