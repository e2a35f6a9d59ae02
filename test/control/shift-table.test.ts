import { describe, expect, it } from 'vitest';
import { ControlError } from '../../src/control/errors.js';
import { edgeOwners } from '../../src/control/shares.js';
import { shiftedTable, shiftSteps, slotsOf } from '../../src/control/shift-table.js';
import { compileTable, decodeTable, encodeTable, SLOT_COUNT, type RoutingTable } from '../../src/router/table/index.js';
import { cellsWithWeights, makeConfig } from '../router-table/support.js';

const table = (weights: readonly number[]): RoutingTable => compileTable(makeConfig({ cells: cellsWithWeights(weights), fallback: 'c0' })).table;

/** Slots whose cell differs between two tables. */
function moved(a: RoutingTable, b: RoutingTable): number {
  const x = edgeOwners(a);
  const y = edgeOwners(b);
  return x.filter((id, slot) => id !== y[slot]).length;
}

describe('shiftSteps', () => {
  it('walks from one share to another in equal steps, ending exactly on the target', () => {
    expect(shiftSteps(0, 10_000, 1_000)).toEqual([1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10_000]);
    expect(shiftSteps(5000, 2500, 1000)).toEqual([4000, 3000, 2500]);
    expect(shiftSteps(4200, 4200, 1000)).toEqual([]);
  });
});

describe('shiftedTable', () => {
  it('gives the cell exactly its target and moves only the difference (the minimum)', () => {
    const before = table([50, 30, 20]);
    const after = shiftedTable(before, 'c2', 4000);
    expect(slotsOf(after, 'c2')).toBe(4000);
    expect(moved(before, after)).toBe(2000);
    expect(decodeTable(encodeTable(after)).ok).toBe(true);
  });

  it('keeps the other cells in their proportions', () => {
    const after = shiftedTable(table([60, 30, 10]), 'c2', 5500);
    // The 4,500 slots left split 2:1, as 6,000 and 3,000 did.
    expect([slotsOf(after, 'c0'), slotsOf(after, 'c1')]).toEqual([3000, 1500]);
  });

  it('from 100% back down, splits what is freed equally among the enabled cells that had nothing', () => {
    const all = shiftedTable(table([50, 50, 50]), 'c1', SLOT_COUNT);
    expect(slotsOf(all, 'c1')).toBe(SLOT_COUNT);
    const back = shiftedTable(all, 'c1', 4000);
    expect([slotsOf(back, 'c0'), slotsOf(back, 'c1'), slotsOf(back, 'c2')]).toEqual([3000, 4000, 3000]);
  });

  it('0% to 100% in ten steps moves 10% of keys per step, never more', () => {
    let current = table([100, 0]);
    for (const slots of shiftSteps(0, SLOT_COUNT, 1000)) {
      const next = shiftedTable(current, 'c1', slots);
      expect(moved(current, next)).toBe(1000);
      current = next;
    }
    expect(slotsOf(current, 'c1')).toBe(SLOT_COUNT);
  });

  it('leaves the slots of drained cells alone, for when they come back', () => {
    const three = table([40, 40, 20]);
    const drained: RoutingTable = { ...three, c: three.c.map((c) => (c.i === 'c1' ? { ...c, x: 1 as const } : c)) };
    const after = shiftedTable(drained, 'c2', 5000);
    expect([slotsOf(after, 'c0'), slotsOf(after, 'c1'), slotsOf(after, 'c2')]).toEqual([1000, 4000, 5000]);
  });

  it('refuses a drained cell, a share drained cells leave no room for, and a lone enabled cell', () => {
    const drained: RoutingTable = { ...table([50, 50]), c: table([50, 50]).c.map((c) => (c.i === 'c1' ? { ...c, x: 1 as const } : c)) };
    expect(() => shiftedTable(drained, 'c1', 7000)).toThrowError(new ControlError('refused', '"c1" is drained: its keys go to the fallback; undrain it first'));
    expect(() => shiftedTable(drained, 'c0', 6000)).toThrowError('drained cells hold 50.00% of keys, so "c0" can have at most 50.00%');
    expect(() => shiftedTable(drained, 'c0', 4000)).toThrowError('"c0" is the only enabled cell, so it must keep 50.00% of keys');
    expect(() => shiftedTable(drained, 'c9', 3000)).toThrowError('no cell "c9" in the live table; cells: c0, c1');
  });
});
