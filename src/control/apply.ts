import { ControlError } from './errors.js';
import { isEmptyPlan, type Plan } from './plan.js';
import type { RoutingStore, WriteOutcome } from './routing-store.js';

/**
 * Applies a plan: its writes, on condition that the store is still at the
 * ETag the plan was computed against. A plan with no writes still checks the
 * ETag, so a stale plan never reports success. Throws `ControlError('conflict')`
 * when the store moved on, `plan-other-store` when the plan names another store.
 *
 * @example await applyPlan(store, plan, 'plan.json was made')
 */
export async function applyPlan(store: RoutingStore, plan: Plan, since: string): Promise<WriteOutcome> {
  if (plan.arn !== store.arn) {
    throw new ControlError('plan-other-store', `the plan was made for ${plan.arn}, not ${store.arn}; plan again against this store`);
  }
  if (isEmptyPlan(plan)) {
    const { etag } = await store.describe();
    if (etag !== plan.etag) {
      throw new ControlError('conflict', `the store changed since ${since} (ETag ${plan.etag} expected, the store is at ${etag}); nothing was written`);
    }
    return { etag, calls: 0 };
  }
  return store.write(plan.etag, plan.writes, since);
}
