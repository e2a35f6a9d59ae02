/**
 * What `cellfront dev` does with its store at start. A store that already holds
 * keys is the user's state (a shift, a drain, a pin made while it ran) and is kept
 * as it is; only a new (or empty) store is seeded. `--reseed` writes the seed again
 * on purpose, keeping the table it replaces as the previous one, so `cellfront
 * rollback` brings the user's table back.
 */
import { historyFrom, historyPut, isHistoryKey, nextSeq, type HistoryDraft } from '../control/history.js';
import { PREVIOUS_TABLE_KEY, TABLE_KEY, type KvsEntry } from '../router/table/index.js';
import type { KeyValueStore } from '../store/index.js';

/** What happened to the store at start. */
export type SeedOutcome =
  | { readonly kind: 'seeded'; readonly keys: number }
  | {
      readonly kind: 'kept';
      readonly keys: number;
      /** Seed keys whose stored value differs from this run's (e.g. ports that changed with --port 0). */
      readonly differing: readonly string[];
    }
  | { readonly kind: 'reseeded'; readonly keys: number; readonly keptPrevious: boolean }
  | { readonly kind: 'emptied' };

/**
 * Seeds `store` with `entries` when it holds no keys; otherwise keeps it, reporting
 * which seed keys differ. With `reseed`, replaces every key with `entries` in one
 * write, plus the replaced table as `cellfront:table:previous` when it differs,
 * keeping the history and adding `draft` to it.
 *
 * @example const outcome = await seedStore(store, entries, { reseed: false });
 */
export async function seedStore(
  store: KeyValueStore,
  entries: readonly KvsEntry[],
  options: { readonly reseed: boolean; readonly draft?: HistoryDraft },
): Promise<SeedOutcome> {
  const count = store.describe().itemCount;
  if (count === 0) {
    await store.replaceAll(entries.map((e) => [e.key, e.value] as const));
    return { kind: 'seeded', keys: entries.length };
  }
  if (!options.reseed) {
    const differing = entries.filter((e) => store.get(e.key) !== e.value).map((e) => e.key);
    return { kind: 'kept', keys: count, differing };
  }
  const liveTable = store.get(TABLE_KEY);
  const newTable = entries.find((e) => e.key === TABLE_KEY)?.value;
  const next = new Map(entries.map((e) => [e.key, e.value]));
  const keepPrevious = liveTable !== undefined && liveTable !== newTable;
  if (keepPrevious) next.set(PREVIOUS_TABLE_KEY, liveTable);
  else if (!next.has(PREVIOUS_TABLE_KEY) && store.get(PREVIOUS_TABLE_KEY) !== undefined) next.set(PREVIOUS_TABLE_KEY, store.get(PREVIOUS_TABLE_KEY) as string);
  // The history is the store's record of its changes: kept, and the reseed added to it.
  const history = historyItems(store);
  for (const item of history) next.set(item.key, item.value);
  if (options.draft) {
    const entry = nextHistoryPut(history, options.draft);
    next.set(entry.key, entry.value);
  }
  await store.replaceAll(next);
  return { kind: 'reseeded', keys: next.size, keptPrevious: keepPrevious };
}

/** The store's history keys (`cellfront:history:NN`) with their values. */
function historyItems(store: KeyValueStore): KvsEntry[] {
  return store
    .snapshot()
    .items.filter(([key]) => isHistoryKey(key))
    .map(([key, value]) => ({ key, value }));
}

/** The entry recording `draft`, numbered after the newest in `history`. */
function nextHistoryPut(history: readonly KvsEntry[], draft: HistoryDraft): KvsEntry {
  return historyPut(nextSeq(historyFrom(history)), draft, new Date());
}

/** The put that records `draft` in `store`'s history, after its newest entry. */
export function historyEntryFor(store: KeyValueStore, draft: HistoryDraft): KvsEntry {
  return nextHistoryPut(historyItems(store), draft);
}

/** One line for the user about what happened to the store. */
export function describeSeed(outcome: SeedOutcome): string {
  switch (outcome.kind) {
    case 'seeded':
      return `the store was new: seeded with ${outcome.keys} key${outcome.keys === 1 ? '' : 's'}`;
    case 'emptied':
      return 'the store was emptied (--empty-kvs)';
    case 'reseeded':
      return `the store was reseeded (--reseed)${outcome.keptPrevious ? `; the replaced table is kept in ${PREVIOUS_TABLE_KEY} (\`cellfront rollback\` restores it)` : ''}`;
    case 'kept':
      return outcome.differing.length === 0
        ? `the store was kept as it was (${outcome.keys} keys)`
        : `the store was kept as it was (${outcome.keys} keys); ${outcome.differing.join(', ')} differ${outcome.differing.length === 1 ? 's' : ''} from this run's seed (ports change with --port 0): --reseed writes the seed again`;
  }
}
