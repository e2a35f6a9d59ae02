import { describe, expect, it } from 'vitest';
import { ROUTING_BENCH_LIMITS, runRoutingBench } from '../../bench/routing.js';

describe('runRoutingBench', () => {
  it('meets every limit: accuracy, stickiness, minimal movement, corrupt tables', () => {
    const figures = runRoutingBench();
    expect(figures.checks.filter((c) => !c.ok)).toEqual([]);
    expect(figures.accuracy.map((a) => a.cells)).toEqual([2, 3, 5, 8, 16, 32]);
    for (const a of figures.accuracy) expect(a.maxErrorPoints).toBeLessThanOrEqual(ROUTING_BENCH_LIMITS.maxErrorPoints);
    expect(figures.stickiness).toEqual({ repeatedRequests: 1, newVisitors: 1 });
    const shift = figures.movement.find((m) => m.change === '50/30/20 -> 40/30/30');
    expect(shift?.tvd).toBeCloseTo(0.1, 10);
    expect(shift?.movedOverTvd).toBeLessThanOrEqual(ROUTING_BENCH_LIMITS.movedOverTvd);
    // The baselines, computed in the same run: the coin flip and stateless hashing move more.
    expect(shift?.coinFlip).toBeGreaterThan(0.5);
    expect(shift?.rendezvous).toBeGreaterThan(0.115);
    expect(shift?.rendezvous).toBeLessThan(0.14);
    expect(figures.fuzz).toMatchObject({ cases: 1000, threw: 0, unsound: 0 });
  });
});
