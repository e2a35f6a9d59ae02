/**
 * What the deploy-time writer must change in a store, computed without I/O: the
 * handler reads the store, asks this module for the batches, then sends them.
 */
import { historyFrom, historyPut, nextSeq, type Actor } from '../../../src/control/history.js';
import { KVS_UPDATE_MAX_KEYS } from '../../../src/limits.js';
import { TABLE_KEY } from '../../../src/router/table/constants.js';

/** A key and its value, as the KeyValueStore API spells them. */
export interface KvsItem {
  readonly Key: string;
  readonly Value: string;
}

/** Keep what a deploy overwrites in `Key` under `Into`, so it can be put back (a rollback). */
export interface KeepReplaced {
  readonly Key: string;
  readonly Into: string;
}

/** One UpdateKeys call's worth of changes. */
export interface UpdateBatch {
  readonly puts: KvsItem[];
  readonly deletes: string[];
}

/**
 * The writes that take a store from `current` to holding `desired`, removing the keys in
 * `previouslyWritten` that `desired` no longer has. Keys nobody wrote are left alone (an
 * operator may have added them with `cellfront kvs`), and so are values already right,
 * so a repeated deploy writes nothing. A value replaced in a `keep` key is put into its
 * `Into` key right after it (same call, up to the 50-key limit), unless `desired` sets that key.
 *
 * @example planChanges(new Map([['A', '1'], ['B', '2']]), [{ Key: 'A', Value: '9' }], ['A', 'B'], [{ Key: 'A', Into: 'A0' }])
 * // [{ puts: [{ Key: 'A', Value: '9' }, { Key: 'A0', Value: '1' }], deletes: ['B'] }]
 */
export function planChanges(
  current: ReadonlyMap<string, string>,
  desired: readonly KvsItem[],
  previouslyWritten: readonly string[],
  keep: readonly KeepReplaced[] = [],
): UpdateBatch[] {
  const wanted = new Set(desired.map((item) => item.Key));
  const puts = desired
    .filter((item) => current.get(item.Key) !== item.Value)
    .flatMap((item) => {
      const into = keep.find((k) => k.Key === item.Key)?.Into;
      const replaced = current.get(item.Key);
      return into === undefined || replaced === undefined || wanted.has(into) ? [item] : [item, { Key: into, Value: replaced }];
    });
  const deletes = [...new Set(previouslyWritten)].filter((key) => !wanted.has(key) && current.has(key));
  return toBatches(puts, deletes);
}

/** The writes that remove every key in `written` still present in the store. */
export function planRemoval(current: ReadonlyMap<string, string>, written: readonly string[]): UpdateBatch[] {
  return toBatches([], [...new Set(written)].filter((key) => current.has(key)));
}

/**
 * Cuts changes into UpdateKeys calls of at most 50 keys (puts and deletes together).
 * Puts go first so that, if a later batch fails, the store already has every new target
 * and only stale keys remain. At 50 keys of at most 1.5 KB each, a batch stays far
 * below the 3 MB payload limit, so only the key count needs watching.
 */
export function toBatches(puts: readonly KvsItem[], deletes: readonly string[]): UpdateBatch[] {
  const changes: ({ put: KvsItem } | { del: string })[] = [
    ...puts.map((put) => ({ put })),
    ...deletes.map((del) => ({ del })),
  ];
  const batches: UpdateBatch[] = [];
  for (let start = 0; start < changes.length; start += KVS_UPDATE_MAX_KEYS) {
    const batch: UpdateBatch = { puts: [], deletes: [] };
    for (const change of changes.slice(start, start + KVS_UPDATE_MAX_KEYS)) {
      if ('put' in change) batch.puts.push(change.put);
      else batch.deletes.push(change.del);
    }
    batches.push(batch);
  }
  return batches;
}

/**
 * `batches` plus, when they write the routing table, an entry in the store's
 * change history (`cellfront:history:NN`, numbered after the newest in
 * `current`) saying the stack deployed it: in the last call, with the table.
 *
 * @example withDeployRecord(current, batches, { by: 'CellfrontStack', via: 'cdk' }, 'update', new Date())
 */
export function withDeployRecord(current: ReadonlyMap<string, string>, batches: UpdateBatch[], actor: Actor, what: string, now: Date): UpdateBatch[] {
  if (!batches.some((batch) => batch.puts.some((put) => put.Key === TABLE_KEY))) return batches;
  const history = historyFrom([...current].map(([key, value]) => ({ key, value })));
  const entry = historyPut(nextSeq(history), { action: 'deploy', ...actor, what }, now);
  const item = { Key: entry.key, Value: entry.value };
  const last = batches[batches.length - 1] as UpdateBatch;
  if (last.puts.length + last.deletes.length < KVS_UPDATE_MAX_KEYS) return [...batches.slice(0, -1), { puts: [...last.puts, item], deletes: last.deletes }];
  return [...batches, { puts: [item], deletes: [] }];
}
