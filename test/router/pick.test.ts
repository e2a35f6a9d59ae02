import { describe, expect, it } from 'vitest';
import { pickIndex } from '../../src/router/index.js';

/** A random source that walks evenly through [0, 1) in `steps` steps. */
function evenSweep(steps: number): () => number {
  let i = 0;
  return () => (i++ % steps) / steps;
}

describe('pickIndex', () => {
  it.each([1, 2, 3, 7, 10])('gives each of %i slots the same share of the random range', (count) => {
    const steps = count * 1000;
    const random = evenSweep(steps);
    const hits: number[] = new Array<number>(count).fill(0);
    for (let i = 0; i < steps; i++) {
      const index = pickIndex(count, random);
      hits[index] = (hits[index] ?? 0) + 1;
    }
    expect(hits).toEqual(new Array<number>(count).fill(1000));
  });

  it('maps the ends of the range to the first and last slot', () => {
    expect(pickIndex(2, () => 0)).toBe(0);
    expect(pickIndex(2, () => 0.4999)).toBe(0);
    expect(pickIndex(2, () => 0.5)).toBe(1);
    expect(pickIndex(2, () => 0.9999999)).toBe(1);
  });

  it('stays in range when the source strays outside [0, 1)', () => {
    expect(pickIndex(3, () => 1)).toBe(2);
    expect(pickIndex(3, () => -0.5)).toBe(0);
    expect(pickIndex(3, () => Number.NaN)).toBe(0);
  });
});
