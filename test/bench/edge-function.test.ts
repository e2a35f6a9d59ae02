import { describe, expect, it } from 'vitest';
import { EDGE_FUNCTION_LIMITS, runEdgeFunctionBench } from '../../bench/edge-function.js';
import { FUNCTION_CODE_MAX_BYTES } from '../../src/limits.js';

// Everything the bench figures say except the njs timing, which is printed by
// `npm run bench` and not asserted (it depends on the machine's load).
describe('runEdgeFunctionBench', () => {
  it('meets the size, store-read and fault limits', { timeout: 120_000 }, async () => {
    const figures = await runEdgeFunctionBench({ timing: false });
    expect(figures.checks.filter((c) => !c.ok)).toEqual([]);

    expect(figures.sizes.deployedDemo).toBeLessThanOrEqual(EDGE_FUNCTION_LIMITS.bytes);
    expect(figures.sizes.localDemo).toBeLessThanOrEqual(EDGE_FUNCTION_LIMITS.bytes);
    expect(figures.sizes.threeCells).toBeLessThanOrEqual(EDGE_FUNCTION_LIMITS.bytes);
    expect(figures.sizes.threeCells).toBeGreaterThan(figures.sizes.deployedDemo);
    expect(figures.sizes.withoutTable).toBeLessThanOrEqual(FUNCTION_CODE_MAX_BYTES);

    expect(figures.reads.map((r) => r.mode)).toHaveLength(8);
    for (const r of figures.reads) expect(r.max).toBeLessThanOrEqual(EDGE_FUNCTION_LIMITS.readsPerInvocation);
    // A tenant with overrides in the table reads the table, then its pin.
    expect(figures.reads.find((r) => r.mode === 'proxy, tenant (pin read)')?.max).toBe(2);

    const { cases, fiveXx, stillUsable, servedLive, fallback, mispredicted } = figures.faults;
    expect(cases).toBe(1000);
    expect(fiveXx).toBe(0);
    // Damage a request does not reach leaves it served: more tables serve their request than decode whole.
    expect(stillUsable).toBeGreaterThan(0);
    expect(servedLive).toBeGreaterThan(stillUsable);
    const engines = ['local runtime, without a table', 'local runtime, with the table', 'njs, with the table'];
    expect(fallback).toEqual(Object.fromEntries(engines.map((e) => [e, cases - servedLive])));
    expect(mispredicted).toEqual(Object.fromEntries(engines.map((e) => [e, 0])));
  });
});
