import { describe, expect, it } from 'vitest';
import { slotCounts } from '../../src/router/table/weights.js';
import { prng } from './support.js';

describe('slotCounts (largest remainder)', () => {
  it('splits equal weights with the odd slot going to the earlier cell', () => {
    expect(slotCounts([1, 1, 1], 10_000)).toEqual([3334, 3333, 3333]);
  });

  it('gives zero weights zero slots and honours exact shares', () => {
    expect(slotCounts([50, 0, 30, 20], 10_000)).toEqual([5000, 0, 3000, 2000]);
    expect(slotCounts([0.1, 0.2, 0.7], 10_000)).toEqual([1000, 2000, 7000]);
  });

  it('always sums to the slot count and stays within one slot of the exact share', () => {
    const random = prng(7);
    for (let round = 0; round < 500; round++) {
      const weights = Array.from({ length: 1 + Math.floor(random() * 40) }, () =>
        random() < 0.2 ? 0 : Math.round(random() * 1000) / 10,
      );
      if (!weights.some((w) => w > 0)) weights[0] = 1;
      const counts = slotCounts(weights, 10_000);
      const total = weights.reduce((a, b) => a + b, 0);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(10_000);
      counts.forEach((c, i) => {
        expect(Math.abs(c - (weights[i]! * 10_000) / total)).toBeLessThan(1);
        if (weights[i] === 0) expect(c).toBe(0);
      });
    }
  });

  it('refuses weights that split nothing', () => {
    expect(() => slotCounts([0, 0], 10_000)).toThrow(RangeError);
    expect(() => slotCounts([1, -1, 2], 10_000)).toThrow(/non-negative/);
    expect(() => slotCounts([1, Number.NaN], 10_000)).toThrow(RangeError);
  });
});
