/**
 * Exact execution counts from V8's block coverage: with precise coverage on
 * (`callCount`, `detailed`), V8 compiles a counter into every function entry and
 * every block a branch or loop can enter or skip, and reports, per script, nested
 * ranges with how many times each ran. The counters are bumped by the code
 * itself, not sampled, so the same run gives the same counts however busy the
 * machine is. One measurement at a time per process: coverage is per isolate.
 */
import { Session } from 'node:inspector/promises';

/** One range of a script and how many times it ran. */
export interface CoverageRange {
  readonly startOffset: number;
  readonly endOffset: number;
  readonly count: number;
}

/** One function of a script: its first range is the whole function (count = calls). */
export interface CoverageFunction {
  readonly functionName: string;
  readonly ranges: readonly CoverageRange[];
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs `work` with precise block coverage on and returns its result and the
 * coverage of the script whose URL (vm filename) is `url`. Scripts compiled
 * inside `work` are counted from their first run.
 *
 * @throws whatever `work` throws, after coverage is turned off again.
 */
export function withCoverage<T>(url: string, work: () => Promise<T>): Promise<{ result: T; functions: readonly CoverageFunction[] }> {
  const next = queue.then(() => measure(url, work));
  queue = next.catch(() => undefined);
  return next;
}

async function measure<T>(url: string, work: () => Promise<T>): Promise<{ result: T; functions: readonly CoverageFunction[] }> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.startPreciseCoverage', { callCount: true, detailed: true });
    try {
      const result = await work();
      const { result: scripts } = await session.post('Profiler.takePreciseCoverage');
      return { result, functions: scripts.filter((script) => script.url === url).flatMap((script) => script.functions) };
    } finally {
      await session.post('Profiler.stopPreciseCoverage');
      await session.post('Profiler.disable');
    }
  } finally {
    session.disconnect();
  }
}
