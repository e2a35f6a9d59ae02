/**
 * The deploy-time writer's plan for a config when the store already holds a routing table:
 * the same plan `cellfront apply` makes (`planFromConfig`), compiled against the live table,
 * so a deploy moves no more users than an apply would, pool by pool.
 */
import type { ResolvedConfig } from '../../../src/config/types.js';
import { liveStateFrom } from '../../../src/control/live-state.js';
import { isPooledKey } from '../../../src/control/plan-pooled.js';
import { planFromConfig } from '../../../src/control/plan.js';
import { PIN_KEY_PREFIX, PREVIOUS_TABLE_KEY, TABLE_KEY } from '../../../src/router/table/constants.js';
import { toBatches, type UpdateBatch } from './plan.js';

/**
 * The batches that apply `configText` to a store holding `current`, compiled against its
 * live table; `undefined` when the store holds no table (a first deploy writes the
 * construct's entries). A config the store cannot hold throws, and the deploy fails with why.
 *
 * @example planAgainstLive(current, props.Config) ?? planChanges(current, props.Entries, written)
 */
export function planAgainstLive(current: ReadonlyMap<string, string>, configText: string): UpdateBatch[] | undefined {
  if (!current.has(TABLE_KEY)) return undefined;
  const config = JSON.parse(configText) as ResolvedConfig;
  const items = [...current].map(([key, value]) => ({ key, value }));
  const totalBytes = items.reduce((sum, i) => sum + Buffer.byteLength(i.key) + Buffer.byteLength(i.value), 0);
  // The ARN and ETag only label the plan; the writer sends its own with every call.
  const plan = planFromConfig(liveStateFrom({ arn: 'deploy', etag: '', totalBytes }, items), config);
  return toBatches(
    plan.writes.puts.map((p) => ({ Key: p.key, Value: p.value })),
    plan.writes.deletes,
  );
}

/** Every routing key a config's deploys may have written: the table, its previous one, pooled keys, pins. */
export function routingKeysIn(current: ReadonlyMap<string, string>): string[] {
  return [...current.keys()].filter((key) => key === PREVIOUS_TABLE_KEY || key.startsWith(PIN_KEY_PREFIX) || isPooledKey(key));
}
