/** Remainders closer than this are ties, so float noise (0.1 + 0.2) never decides who gets a slot. */
const TIE = 1e-9;

/**
 * Turns weights into whole slot counts summing exactly to `slots`, by the
 * largest-remainder (Hamilton) method: every cell gets the floor of its exact
 * share, and the slots left over go to the largest fractional parts, ties to
 * the earlier cell. Each count is within one slot of the exact share, and a
 * zero weight always gets zero slots.
 *
 * @example slotCounts([1, 1, 1], 10_000) // [3334, 3333, 3333]
 */
export function slotCounts(weights: readonly number[], slots: number): number[] {
  const total = weights.reduce((sum, w) => sum + w, 0);
  if (!(total > 0) || weights.some((w) => !(w >= 0) || !Number.isFinite(w))) {
    throw new RangeError(`weights must be finite, non-negative and not all zero, got [${weights.join(', ')}]`);
  }
  const exact = weights.map((w) => (w * slots) / total);
  const counts = exact.map((e) => Math.floor(e));
  let left = slots - counts.reduce((sum, c) => sum + c, 0);
  const order = exact
    .map((e, index) => ({ index, rest: e - (counts[index] as number) }))
    .filter((entry) => (weights[entry.index] as number) > 0)
    .sort((a, b) => (Math.abs(a.rest - b.rest) < TIE ? a.index - b.index : b.rest - a.rest));
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) {
    const entry = order[k] as { index: number };
    counts[entry.index] = (counts[entry.index] as number) + 1;
  }
  return counts;
}
