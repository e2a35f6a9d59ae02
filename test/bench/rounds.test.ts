import { describe, expect, it } from 'vitest';
import { median, medianSample, roundRatios, type RoundSample } from '../../bench/rounds.js';

const sample = (rps: number, p99ms = rps / 100): RoundSample => ({ result: { rps, p50ms: 1, p99ms, unexpected: 0, tool: 'wrk' } });

describe('bench rounds', () => {
  it('takes the median of odd and even counts, ignoring NaN', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([Number.NaN, 5])).toBe(5);
    expect(median([])).toBeNaN();
  });

  it('keeps the median round whole, so its latencies go with its rate', () => {
    const rounds = [sample(300, 9), sample(100, 7), sample(200, 8)];
    expect(medianSample(rounds)?.result).toMatchObject({ rps: 200, p99ms: 8 });
    expect(medianSample([sample(100), sample(400)])?.result.rps).toBe(100);
    expect(medianSample([])).toBeUndefined();
  });

  it('compares each round with the same round of the baseline', () => {
    expect(roundRatios([sample(10), sample(30)], [sample(100), sample(100)])).toEqual([0.1, 0.3]);
    // A round the baseline lacks gives no ratio; a missing target gives none at all.
    expect(roundRatios([sample(10), sample(30)], [sample(100)])).toEqual([0.1]);
    expect(roundRatios(undefined, [sample(100)])).toEqual([]);
  });
});
