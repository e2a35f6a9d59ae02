/**
 * ComputeUtilization, estimated reproducibly: the same function, event and store
 * give the same figure run after run, whatever else the machine is doing. The
 * function's work is counted in steps (statements executed and calls made, from
 * V8's block coverage), then mapped to 0–100 by a calibration against the
 * figures AWS publishes. docs/compute-utilization.md explains both.
 */
import type { FunctionEvent } from '../types.js';
import { COMPUTE_STEP_BUDGET, utilizationOf } from './calibration.js';
import { measureSteps, type MeasureOptions } from './measure.js';

export { COMPUTE_BASE_PERCENT, COMPUTE_STEP_BUDGET, STEPS_PER_PERCENT, utilizationOf } from './calibration.js';
export { measureSteps, type Measurement, type MeasureOptions } from './measure.js';

/** The estimate for one run. */
export interface ComputeEstimate {
  /** Statements executed plus calls made by the function's own code. */
  readonly steps: number;
  /** 0–100, as TestFunction's `ComputeUtilization`. */
  readonly utilization: number;
  /** More steps than the budget: CloudFront would stop the function. */
  readonly exceeded: boolean;
}

/**
 * Estimates the ComputeUtilization of one run of `source` on `event`.
 *
 * @throws FunctionLoadError when the code does not load.
 * @example
 * const { utilization } = await estimateCompute(source, event, { kvs: store, kvsId: store.id });
 */
export async function estimateCompute(source: string, event: FunctionEvent, options: MeasureOptions = {}): Promise<ComputeEstimate> {
  const { steps } = await measureSteps(source, event, options);
  return { steps, utilization: utilizationOf(steps), exceeded: steps > COMPUTE_STEP_BUDGET };
}
