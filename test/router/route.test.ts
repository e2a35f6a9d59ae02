import { describe, expect, it } from 'vitest';
import { route } from '../../src/router/index.js';

const request = { path: '/users/7', query: 'a=1' };
const TARGETS = ['https://one.example.com/prod/', 'https://two.example.com', 'https://three.example.com'];

/** A random source that walks evenly through [0, 1) in `steps` steps. */
function evenSweep(steps: number): () => number {
  let i = 0;
  return () => (i++ % steps) / steps;
}

describe('route', () => {
  it('redirects to the target the random source picks, keeping path and query', () => {
    expect(route(TARGETS.slice(0, 2), request, () => 0.2)).toBe('https://one.example.com/prod/users/7?a=1');
    expect(route(TARGETS.slice(0, 2), request, () => 0.7)).toBe('https://two.example.com/users/7?a=1');
  });

  it.each([1, 2, 3])('gives each of %i targets the same share of the random range', (count) => {
    const targets = TARGETS.slice(0, count);
    const random = evenSweep(count * 1000);
    const hits: Record<string, number> = {};
    for (let i = 0; i < count * 1000; i++) {
      const location = route(targets, request, random);
      hits[location] = (hits[location] ?? 0) + 1;
    }
    expect(Object.values(hits)).toEqual(new Array<number>(count).fill(1000));
  });

  it('maps the ends of the range to the first and last target, even a source that strays to 1', () => {
    expect(route(TARGETS, request, () => 0)).toContain('//one.');
    expect(route(TARGETS, request, () => 0.9999999)).toContain('//three.');
    expect(route(TARGETS, request, () => 1)).toContain('//three.');
  });
});
