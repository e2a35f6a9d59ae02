import { TABLE_KEY } from '../router/table/index.js';
import { ControlError } from './errors.js';
import type { HistoryDraft } from './history.js';
import { tableValueFault } from './plan-file.js';
import { isEmptyPlan, type Plan } from './plan.js';
import { recorded } from './record.js';
import type { RoutingStore, WriteOutcome } from './routing-store.js';

/**
 * Applies a plan: its writes, on condition that the store is still at the
 * ETag the plan was computed against. A plan with no writes still checks the
 * ETag, so a stale plan never reports success. Throws `ControlError('conflict')`
 * when the store moved on, `plan-other-store` when the plan names another store,
 * `refused` when it writes a table the edge cannot route with (a saved plan or
 * not: the same check as `parsePlanFile`).
 * With `history`, the change is recorded in the store's history in the same
 * write (the store is read first, to number the entry; a store already moved
 * on is a conflict at once).
 *
 * @example await applyPlan(store, plan, 'plan.json was made', { action: 'apply', by: 'ana@box', via: 'cli', what: 'plan.json' })
 */
export async function applyPlan(store: RoutingStore, plan: Plan, since: string, history?: HistoryDraft): Promise<WriteOutcome> {
  if (plan.arn !== store.arn) {
    throw new ControlError('plan-other-store', `the plan was made for ${plan.arn}, not ${store.arn}; plan again against this store`);
  }
  const table = plan.writes.puts.find((p) => p.key === TABLE_KEY);
  const fault = table ? tableValueFault(table.value) : '';
  if (fault) throw new ControlError('refused', `the routing table the plan writes is not usable at the edge (${fault}); nothing was written`);
  const moved = (now: string) => new ControlError('conflict', `the store changed since ${since} (ETag ${plan.etag} expected, the store is at ${now}); nothing was written`);
  if (isEmptyPlan(plan)) {
    const { etag } = await store.describe();
    if (etag !== plan.etag) throw moved(etag);
    return { etag, calls: 0 };
  }
  if (!history) return store.write(plan.etag, plan.writes, since);
  const live = await store.read();
  if (live.etag !== plan.etag) throw moved(live.etag);
  return store.write(plan.etag, recorded(live, plan.writes, history), since);
}
