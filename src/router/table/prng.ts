/**
 * mulberry32: a small seeded generator of 32-bit unsigned integers, the same
 * sequence for the same seed on every machine. Used for synthetic keys
 * (`simulate`), the routing bench and property tests; never at the edge.
 *
 * @example const next = mulberry32(1); next(); // always the same first number
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** The same stream as floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  const next = mulberry32(seed);
  return () => next() / 4294967296;
}
