import type { ResolvedConfig } from '../config/index.js';
import {
  CELL_KEY_PREFIX,
  compileForStore,
  liveTable,
  META_KEY_PREFIX,
  PIN_KEY_PREFIX,
  PREVIOUS_TABLE_KEY,
  SHARD_KEY_PREFIX,
  SLOT_COUNT,
  TABLE_KEY,
  TableError,
  type KvsEntry,
} from '../router/table/index.js';
import { ControlError } from './errors.js';
import { pinWrites } from './pin-writes.js';
import type { LiveState } from './live-state.js';
import type { Plan, PlanChange } from './plan.js';
import { batchWrites } from './routing-store.js';

/** Prefixes of the keys a pooled table writes per generation. */
const GENERATION_PREFIXES = [SHARD_KEY_PREFIX, CELL_KEY_PREFIX, META_KEY_PREFIX];

/** The generation a shard, cell or names key belongs to, or undefined for any other key. */
function generationOf(key: string): number | undefined {
  const prefix = GENERATION_PREFIXES.find((p) => key.startsWith(p));
  return prefix === undefined ? undefined : Number(key.slice(prefix.length).split(':')[0]);
}

/**
 * `planFromConfig` for a config with rules or pools, or a store already
 * pooled: compiles against the live pooled table (or a one-value table, whose
 * runs become the default split's), and writes the new generation's shards
 * and cells, then the head (kept as the previous one is, for rollback). The
 * previous generation stays, for edges still reading the old head and for
 * rollback; older ones are deleted. The changes list each pool's movement.
 */
export function planPooled(live: LiveState, config: ResolvedConfig): Plan {
  const items = live.items ?? new Map<string, string>();
  const previous = liveTable((key) => items.get(key));
  let result;
  try {
    result = compileForStore(config, previous);
  } catch (error) {
    if (error instanceof TableError) throw new ControlError('too-large', `${config.file}#/rules: ${error.message}`);
    throw error;
  }
  if (result.format !== 2) throw new Error('a pooled plan compiled a one-value table');
  const changes: PlanChange[] = [];
  if (!live.table) changes.push({ kind: 'first-table' });
  else if (!previous) changes.push({ kind: 'unusable-table', reason: 'not a usable table' });
  for (const m of result.movement ?? []) {
    changes.push({ kind: 'pool-moved', pool: m.pool, movedShare: m.movedSlots / SLOT_COUNT, minimumShare: m.minimumSlots / SLOT_COUNT });
  }
  const generation = result.compiled.table.head.g;
  const puts: KvsEntry[] = result.entries.filter((e) => !e.key.startsWith(PIN_KEY_PREFIX) && items.get(e.key) !== e.value);
  if (previous && live.table) puts.push({ key: PREVIOUS_TABLE_KEY, value: live.table.encoded });
  const deletes = [...items.keys()].filter((key) => {
    const g = generationOf(key);
    return g !== undefined && g < generation - 1;
  });
  const wanted = new Map(config.overrides.map((o) => [o.key, o.cell]));
  pinWrites(live.pins, wanted, puts, deletes, changes);
  const writes = { puts, deletes };
  return {
    arn: live.arn,
    etag: live.etag,
    configFile: config.file,
    changes,
    cells: [],
    movedShare: Math.max(0, ...(result.movement ?? []).map((m) => m.movedSlots / SLOT_COUNT)),
    compacted: false,
    tableBytes: result.compiled.headBytes,
    writes,
    calls: puts.length + deletes.length === 0 ? 0 : batchWrites(writes).length,
  };
}

/** Whether `key` is one a pooled table writes (head, shards, cells, names). */
export function isPooledKey(key: string): boolean {
  return key === TABLE_KEY || generationOf(key) !== undefined;
}
