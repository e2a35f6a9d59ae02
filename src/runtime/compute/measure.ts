/**
 * Counts the steps (`./steps.ts`) one run of a function takes on one event: the
 * function runs once in the vm engine, under block coverage, with `Math.random`
 * seeded by a fixed seed so that a coin flip takes the same branch every time.
 * Its result, logs and origin calls are dropped: only the count is kept.
 */
import vm from 'node:vm';
import { rawQueryOf } from '../event.js';
import { LOCAL_COMPUTE_BUDGET_MS, runInSandbox, type SandboxOutcome } from '../sandbox.js';
import { prepareSource, STRICT_PREFIX } from '../source.js';
import type { FunctionEvent, KvsReader } from '../types.js';
import { withCoverage } from './coverage.js';
import { stepsOf } from './calibration.js';
import { countWork, statementsOf, type WorkCounts } from './steps.js';

/** What a measured run reads besides the event. */
export interface MeasureOptions {
  /** @default 'function.js' */
  readonly filename?: string;
  /** @default - none: `cf.kvs()` throws */
  readonly kvs?: KvsReader;
  readonly kvsId?: string;
}

/** One measured run: its steps, and how it ended. */
export interface Measurement {
  /** The work, weighted into steps (`./calibration.ts`). */
  readonly steps: number;
  /** The work by kind. */
  readonly work: WorkCounts;
  readonly outcome: SandboxOutcome['kind'];
}

// xorshift32 from a fixed seed. Written before the function's code, so neither
// its statements nor its calls count.
const SEEDED_RANDOM =
  'Math.random=(function(){var s=0x2545f491;return function random(){s^=s<<13;s^=s>>>17;s^=s<<5;return (s>>>0)/4294967296;};})();';

let measured = 0;

/**
 * Runs `source` once on `event` and counts its steps.
 *
 * @throws FunctionLoadError when the code does not load (as `loadFunction` would).
 * @example
 * const { steps } = await measureSteps(source, event, { kvs: store, kvsId: store.id });
 */
export async function measureSteps(source: string, event: FunctionEvent, options: MeasureOptions = {}): Promise<Measurement> {
  const prepared = prepareSource(source, options.filename ?? 'function.js');
  const from = STRICT_PREFIX.length + SEEDED_RANDOM.length;
  const code = STRICT_PREFIX + SEEDED_RANDOM + prepared.code.slice(STRICT_PREFIX.length);
  // A name of its own, so that no other script's counts mix in.
  const url = `cellfront-compute-${++measured}.js`;
  const statements = statementsOf(code, from);
  const { result, functions } = await withCoverage(url, async () =>
    runInSandbox({
      script: new vm.Script(code, { filename: url }),
      filename: url,
      eventJson: JSON.stringify(event),
      rawQuery: rawQueryOf(event.request),
      eventType: event.context.eventType,
      kvs: options.kvs,
      kvsId: options.kvsId,
      budgetMs: LOCAL_COMPUTE_BUDGET_MS,
      log: () => undefined,
      updateOrigin: () => undefined,
      selectOrigin: () => undefined,
      createOriginGroup: () => undefined,
    }),
  );
  const work = countWork(statements, functions, from);
  return { steps: stepsOf(work), work, outcome: result.kind };
}
