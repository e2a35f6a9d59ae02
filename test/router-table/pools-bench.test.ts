import { describe, expect, it } from 'vitest';
import { POOLS_LIMITS, runPoolsBench } from '../../bench/pools.js';
import { FUNCTION_BUDGET_BYTES } from '../../src/function/index.js';

// The pools benchmark without its timed part (timing is for `npm run bench`, never a test): what
// it checks is counted, so it is the same on any machine. About half a minute (100,000 keys in njs).
describe('runPoolsBench, untimed: 100 cells, 20 rules, pools', () => {
  it('meets every limit it counts: store, shares, stickiness, movement, size, ComputeUtilization', async () => {
    const figures = await runPoolsBench({ timing: false });
    expect(figures.checks.filter((c) => !c.ok)).toEqual([]);
    expect(figures.functionBytes.pooledOnly).toBeLessThanOrEqual(FUNCTION_BUDGET_BYTES);
    expect(figures.store.largestValue).toBeLessThanOrEqual(1024);
    for (const s of figures.shares) expect(s.maxErrorPoints).toBeLessThanOrEqual(POOLS_LIMITS.sharePoints);
    // Every mode's estimate at or under the two-cell demo table's (the rules' modes: its highest).
    const demoMax = Math.max(...figures.compute.flatMap((c) => (c.demo === undefined ? [] : [c.demo])));
    expect(figures.compute).toHaveLength(8);
    for (const c of figures.compute) expect(c.pooled, c.mode).toBeLessThanOrEqual(c.demo ?? demoMax);
  }, 300_000);
});
