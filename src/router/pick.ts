/** A source of numbers in [0, 1), like `Math.random` (injected so tests can steer it). */
export type RandomSource = () => number;

/**
 * Picks one of `count` slots with equal probability: slot `i` owns the interval
 * [i/count, (i+1)/count) of the random source's range.
 *
 * @example pickIndex(2, () => 0.7) // 1
 */
export function pickIndex(count: number, random: RandomSource): number {
  const index = Math.floor(random() * count);
  // Guards a source that strays outside [0, 1) rather than trusting it.
  if (!(index >= 0)) return 0;
  return index < count ? index : count - 1;
}
