import { SLOT_COUNT, TABLE_KEY } from './constants.js';
import { decisionFault, fallbackFault, openStored } from './decode.js';
import { overrideKeyOf, partitionKeyOf } from './decide.js';
import { slotOf } from './hash.js';
import { cellKey, poolDecision, forcedId, isOff,  poolOf, ruleOf, shardCell, shardKey } from './pools.js';
import { META_KEY_PREFIX, readShard, type PooledTable, type PoolLayout } from './pools-compile.js';
import type { Decision, PoolHead, RequestFacts, TableCell } from './types.js';

/** Reads one key of a store synchronously: its value, or `undefined` when missing. */
export type SyncGet = (key: string) => string | undefined;

/**
 * The decision the edge function makes for a pooled table, from a store read
 * synchronously: the same steps and the same reads (force or pin, then the
 * rule, then one shard), for `simulate`, `plan` and the tests. `reads`
 * collects the keys read after the head.
 *
 * @example routePooled(facts, head, (k) => store.get(k))
 */
export function routePooled(f: RequestFacts, t: PoolHead, get: SyncGet, reads: string[] = []): Decision {
  const read = (key: string) => {
    reads.push(key);
    return get(key);
  };
  const pk = partitionKeyOf(f, t);
  let id = forcedId(f, t);
  let reason: Decision['reason'] = 'force';
  const pin = overrideKeyOf(t, pk);
  if (!id && pin) {
    reason = 'override';
    id = read(pin) ?? '';
  }
  const slot = slotOf(pk.key);
  const rule = id ? -1 : ruleOf(f, t);
  const pool = poolOf(t, rule);
  const text = read(id ? cellKey(t, id) : shardKey(t, pool, slot));
  const cell = shardCell(text, t, pool, slot);
  const tag = (d: Decision): Decision => ({ ...d, rule, pool: id ? -1 : pool });
  if (cell && !isOff(t, cell)) {
    const d = poolDecision(t, cell, id ? reason : 'hash', pk);
    if (!decisionFault(t, d)) return tag(d);
  }
  return tag(poolDecision(t, t.F, 'fallback', pk));
}

/**
 * Reassembles a pooled table from its store entries (the head, every shard),
 * for compiling against it or showing it. Returns why it cannot when the
 * head is not a usable pooled head or a shard is missing or broken.
 *
 * @example pooledFromStore((k) => entries.get(k))
 */
export function pooledFromStore(get: SyncGet): PooledTable | string {
  const text = get(TABLE_KEY);
  if (text === undefined) return `no ${TABLE_KEY}`;
  const head = openStored(text);
  if (typeof head === 'string') return `${TABLE_KEY} ${head}`;
  if (head.v !== 2) return `${TABLE_KEY} is not a pooled table`;
  if (fallbackFault(head)) return `${TABLE_KEY} bad F`;
  const cells = new Map<string, TableCell>([[head.F.i, head.F]]);
  let names: { pools?: string[]; rules?: string[] } = {};
  try {
    names = JSON.parse(get(META_KEY_PREFIX + head.g) ?? '{}') as typeof names;
  } catch {
    // Names are for display only: indexes stand in.
  }
  const pools: PoolLayout[] = [];
  for (let p = 0; p < head.P.length; p++) {
    const width = head.P[p] as number;
    if (!(width >= 1 && SLOT_COUNT % width === 0)) return `${TABLE_KEY} bad P`;
    const runs: { cell: string; length: number }[] = [];
    for (let start = 0; start < SLOT_COUNT; start += width) {
      const key = shardKey(head, p, start);
      const value = get(key);
      const shard = readShard(value);
      if (typeof shard === 'string') return `${key} ${shard}`;
      let covered = 0;
      for (const { cell, length } of shard) {
        cells.set(cell.i, cell);
        covered += length;
        const last = runs[runs.length - 1];
        if (last && last.cell === cell.i) last.length += length;
        else runs.push({ cell: cell.i, length });
      }
      if (covered !== width) return `${key} covers ${covered} of ${width} slots`;
    }
    pools.push({ id: names.pools?.[p] ?? `pool-${p}`, width, runs });
  }
  return { head, pools, cells: [...cells.values()], rules: Array.from({ length: head.T.length }, (_, r) => names.rules?.[r] ?? `rule-${r}`) };
}
