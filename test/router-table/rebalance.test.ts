import { describe, expect, it } from 'vitest';
import { SLOT_COUNT } from '../../src/router/table/constants.js';
import { rebalance } from '../../src/router/table/rebalance.js';
import { freshLayout, slotsPerCell, type Run } from '../../src/router/table/runs.js';
import { slotCounts } from '../../src/router/table/weights.js';
import { prng } from './support.js';

/** Owner index of every slot. */
function owners(runs: readonly Run[]): number[] {
  return runs.flatMap((r) => new Array<number>(r.length).fill(r.cell));
}

function randomWeights(random: () => number, count: number): number[] {
  const weights = Array.from({ length: count }, () => (random() < 0.15 ? 0 : 1 + Math.floor(random() * 100)));
  if (!weights.some((w) => w > 0)) weights[0] = 1;
  return weights;
}

/** Checks everything rebalance promises for one change; returns the new runs. */
function checkChange(before: readonly Run[], targets: readonly number[]): Run[] {
  const after = rebalance(before, targets);
  const had = slotsPerCell(before, targets.length);
  const tvdSlots = had.reduce((sum, h, c) => sum + Math.max(0, h - targets[c]!), 0);
  const old = owners(before);
  const now = owners(after);
  expect(now).toHaveLength(SLOT_COUNT);
  expect(slotsPerCell(after, targets.length)).toEqual(targets);
  let moved = 0;
  const kept = new Array<number>(targets.length).fill(0);
  now.forEach((cell, slot) => {
    if (cell !== old[slot]) moved++;
    else kept[cell]! += 1;
  });
  // Moved slots equal the total variation distance times the slot count: the minimum.
  expect(moved).toBe(tvdSlots);
  // Every cell keeps min(old, new) of its own slots.
  expect(kept).toEqual(targets.map((target, c) => Math.min(target, had[c]!)));
  // Runs are normalized: no empty runs, no neighbours of one cell.
  after.forEach((run, i) => {
    expect(run.length).toBeGreaterThan(0);
    if (i > 0) expect(after[i - 1]!.cell).not.toBe(run.cell);
  });
  // Fragmentation stays bounded: at most one new run per cell that gains or loses.
  const changed = targets.filter((t, c) => t !== had[c]).length;
  expect(after.length).toBeLessThanOrEqual(before.length + Math.max(0, changed - 1));
  return after;
}

describe('rebalance', () => {
  it('shifts the boundary for 50/50 -> 40/60 without new runs', () => {
    expect(rebalance([{ cell: 0, length: 5000 }, { cell: 1, length: 5000 }], [4000, 6000])).toEqual([
      { cell: 0, length: 4000 },
      { cell: 1, length: 6000 },
    ]);
  });

  it('moves 10% for 50/30/20 -> 40/30/30', () => {
    const before = freshLayout(slotCounts([50, 30, 20], SLOT_COUNT));
    const after = checkChange(before, slotCounts([40, 30, 30], SLOT_COUNT));
    expect(after).toEqual([
      { cell: 0, length: 4000 },
      { cell: 2, length: 1000 },
      { cell: 1, length: 3000 },
      { cell: 2, length: 2000 },
    ]);
  });

  it('hands a removed cell (an extra index with target 0) to the others', () => {
    const before = freshLayout([2500, 2500, 2500, 2500]);
    const after = checkChange(before, [3334, 3333, 3333, 0]);
    expect(slotsPerCell(after, 4)[3]).toBe(0);
  });

  it('takes a new cell from everyone in proportion', () => {
    const before = freshLayout([3334, 3333, 3333, 0]);
    checkChange(before, [2500, 2500, 2500, 2500]);
  });

  it('moves exactly the total variation distance for many random weight changes, in chains', () => {
    const random = prng(42);
    for (let chain = 0; chain < 60; chain++) {
      let count = 2 + Math.floor(random() * 10);
      let runs = freshLayout(slotCounts(randomWeights(random, count), SLOT_COUNT));
      for (let step = 0; step < 8; step++) {
        // Sometimes a cell joins (a new index with no slots yet).
        if (random() < 0.2 && count < 16) count++;
        runs = checkChange(runs, slotCounts(randomWeights(random, count), SLOT_COUNT));
      }
    }
  });

  it('refuses targets that do not add up', () => {
    expect(() => rebalance(freshLayout([5000, 5000]), [5000, 4000])).toThrow(RangeError);
    expect(() => rebalance(freshLayout([5000, 5000]), [10_000])).toThrow(RangeError);
  });
});
