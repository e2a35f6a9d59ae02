/**
 * From steps to ComputeUtilization, calibrated on the figures AWS publishes for a
 * runtime 2.0 function (docs/compute-utilization.md has the derivation):
 * the aws-samples `preserve-query-strings-on-redirect` function reports 7 on an
 * event without a query string and 10 on one with three parameters; the same
 * work measures 6 and 25 steps here. A line through both points charges a fixed
 * 6 for any invocation and 1 more per 6 steps.
 */

/** What any invocation is charged, in percent of the budget: the runtime's fixed cost. */
export const COMPUTE_BASE_PERCENT = 6;

/** Steps per percentage point of the budget. */
export const STEPS_PER_PERCENT = 6;

/** The steps at which a function reaches 100 and, on CloudFront, would be stopped. */
export const COMPUTE_STEP_BUDGET = (100 - COMPUTE_BASE_PERCENT) * STEPS_PER_PERCENT;

/**
 * ComputeUtilization (0–100, as TestFunction reports it) for a run of `steps` steps.
 *
 * @example utilizationOf(25) // 10
 */
export function utilizationOf(steps: number): number {
  return Math.min(100, Math.round(COMPUTE_BASE_PERCENT + steps / STEPS_PER_PERCENT));
}
