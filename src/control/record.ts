import { percent, type RoutingTable } from '../router/table/index.js';
import { historyPut, nextSeq, type HistoryDraft } from './history.js';
import type { LiveState, StoreWrites } from './live-state.js';
import type { Plan } from './plan.js';
import { shareChanges, type CellShareChange } from './shares.js';

/*
 * Recording a change in the history: the entry goes into the same writes as
 * the change, so one conditional UpdateKeys call makes both or neither.
 */

/**
 * `writes` plus the history entry recording them, numbered after the newest
 * entry in `live`. Writes that change nothing get no entry.
 *
 * @example store.write(live.etag, recorded(live, edit.writes, { action: 'drain', by, via, what: 'api2' }), 'it was read')
 */
export function recorded(live: Pick<LiveState, 'history'>, writes: StoreWrites, draft: HistoryDraft | undefined, now: Date = new Date()): StoreWrites {
  if (!draft || (writes.puts.length === 0 && writes.deletes.length === 0)) return writes;
  return { puts: [...writes.puts, historyPut(nextSeq(live.history), draft, now)], deletes: writes.deletes };
}

/**
 * The cells whose share of keys changes, in words: `api1 50.00% -> 20.00%, api2 50.00% -> 80.00%`;
 * `''` when no share changes.
 */
export function shareMoves(before: RoutingTable | undefined, after: RoutingTable): string {
  return movesText(shareChanges(before, after));
}

function movesText(cells: readonly CellShareChange[]): string {
  return cells
    .filter((c) => c.before !== c.after)
    .map((c) => `${c.id} ${c.before === undefined ? 'new' : percent(c.before)} -> ${c.after === undefined ? 'removed' : percent(c.after)}`)
    .join(', ');
}

/** What applying `plan` changes, in words, for the history. */
export function planSummary(plan: Plan): string {
  const kinds = new Map<string, number>();
  for (const change of plan.changes) kinds.set(change.kind, (kinds.get(change.kind) ?? 0) + 1);
  const listed = [...kinds].map(([kind, n]) => (n === 1 ? kind : `${kind} x${n}`));
  const parts = [movesText(plan.cells), listed.join(', ')].filter((p) => p !== '');
  return `${plan.configFile}: ${parts.length > 0 ? parts.join('; ') : 'table layout only'}`;
}
