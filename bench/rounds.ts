/**
 * Targets measured in turn, round after round. On a small shared machine the
 * rate of the same target moves by up to 2x from one half-minute to the next
 * (every process on it at once, so the machine rather than one process), so a
 * ratio of two figures taken minutes apart says more about when each was taken
 * than about the targets. Measured in rounds, each ratio compares figures taken
 * seconds apart, and the median of the rounds' ratios is the one reported.
 */
import { cpuMillis } from '../src/runtime/engines/njs/cpu.js';
import { loadFor, type WrkResult } from './wrk.js';

/** One target of the rounds. */
export interface RoundTarget {
  readonly name: string;
  readonly url: string;
  readonly expectStatus: number;
  /** The `cellfront dev` process serving it, whose CPU per request is measured too. */
  readonly pid?: number;
}

/** One measurement of one target. */
export interface RoundSample {
  readonly result: WrkResult;
  /** CPU time (user and system, all threads) of `pid` per request. */
  readonly cpuUsPerRequest?: number;
}

/** Measures every target once per round, in the order given; returns the samples by target, then round. */
export async function measureInRounds(
  targets: readonly RoundTarget[],
  options: { readonly rounds: number; readonly seconds: number; readonly connections: number },
): Promise<RoundSample[][]> {
  const samples: RoundSample[][] = targets.map(() => []);
  for (let round = 0; round < options.rounds; round++) {
    for (const [i, target] of targets.entries()) samples[i]?.push(await measureLoad(target, options));
  }
  return samples;
}

/** One load of `seconds` at `connections` against the target, with the CPU its `pid` spent per request. */
export async function measureLoad(target: RoundTarget, options: { readonly seconds: number; readonly connections: number }): Promise<RoundSample> {
  const cpuBefore = target.pid === undefined ? 0 : cpuUs(target.pid);
  const result = await loadFor(target.url, { seconds: options.seconds, connections: options.connections, expectStatus: target.expectStatus });
  if (target.pid === undefined) return { result };
  return { result, cpuUsPerRequest: (cpuUs(target.pid) - cpuBefore) / (result.rps * options.seconds) };
}

/** CPU time (user and system, all threads) a process has used so far, in µs. */
function cpuUs(pid: number): number {
  return (cpuMillis(pid) ?? Number.NaN) * 1000;
}

/** The middle value (the mean of the two middle ones for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The sample with the median rate (the lower middle one for an even count): its latencies go with it. */
export function medianSample(samples: readonly RoundSample[]): RoundSample | undefined {
  const sorted = [...samples].sort((a, b) => a.result.rps - b.result.rps);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** Per round, `a`'s rate over `b`'s (same round). */
export function roundRatios(a: readonly RoundSample[] | undefined, b: readonly RoundSample[] | undefined): number[] {
  if (!a || !b) return [];
  return a.flatMap((sample, round) => {
    const other = b[round];
    return other ? [sample.result.rps / other.result.rps] : [];
  });
}
