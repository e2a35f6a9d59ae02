/**
 * From work to ComputeUtilization, calibrated on every runtime 2.0 figure AWS
 * publishes for a known function and event (docs/compute-utilization.md has the
 * sources, the derivation and the error on each): the aws-samples
 * `enforce-domain-redirect` function reads 6 on both its events (8 and 6 steps
 * here) and `preserve-query-strings-on-redirect` 7 and 10 (12 and 31.5 steps).
 * A fixed 5 for any invocation and 1 more per 6 steps reproduces all four.
 */

/** What any invocation is charged, in percent of the budget: the runtime's fixed cost. */
export const COMPUTE_BASE_PERCENT = 5;

/** Steps per percentage point of the budget. */
export const STEPS_PER_PERCENT = 6;

/**
 * Steps per unit of each kind of work: a statement run and a call of the
 * function's own code are a step; a loop iteration and a call site (a built-in's
 * call, or its own) half a step. The published figures bound the last two only
 * together (see the docs).
 */
export const STEP_WEIGHTS = { statement: 1, iteration: 0.5, functionCall: 1, callSite: 0.5 } as const;

/** The work of one run in steps. */
export function stepsOf(work: { statements: number; iterations: number; functionCalls: number; callSites: number }): number {
  return (
    work.statements * STEP_WEIGHTS.statement +
    work.iterations * STEP_WEIGHTS.iteration +
    work.functionCalls * STEP_WEIGHTS.functionCall +
    work.callSites * STEP_WEIGHTS.callSite
  );
}

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
