import { percent, rebalance, runsFromFlat, runsToFlat, SLOT_COUNT, slotCounts, slotsPerCell, type RoutingTable } from '../router/table/index.js';
import { cellIndex } from './edits.js';
import { ControlError } from './errors.js';

/** Slots cell `id` owns in `table`. */
export function slotsOf(table: RoutingTable, id: string): number {
  return slotsPerCell(runsFromFlat(table.r), table.c.length)[cellIndex(table, id)] as number;
}

/**
 * The table with cell `id` owning `slots` slots, moving the fewest keys: the
 * other enabled cells keep their proportions between themselves (or, when
 * none has any slots, share equally), drained cells keep their slots for when
 * they come back, and slots change hands at run edges (`rebalance`). Refuses
 * a drained cell, and a share the other cells cannot make up.
 *
 * @example shiftedTable(table, 'api2', 4000).r // api2 owns 40% of the slots
 */
export function shiftedTable(table: RoutingTable, id: string, slots: number): RoutingTable {
  const index = cellIndex(table, id);
  if (table.c[index]?.x) throw new ControlError('refused', `"${id}" is drained: its keys go to the fallback; undrain it first`);
  if (!Number.isInteger(slots) || slots < 0 || slots > SLOT_COUNT) throw new RangeError(`slots must be 0 to ${SLOT_COUNT}, got ${slots}`);
  const runs = runsFromFlat(table.r);
  const have = slotsPerCell(runs, table.c.length);
  const others = table.c.map((_, i) => i).filter((i) => i !== index && !table.c[i]?.x);
  const drainedSlots = table.c.reduce((sum, c, i) => sum + (c.x ? (have[i] as number) : 0), 0);
  const rest = SLOT_COUNT - slots - drainedSlots;
  if (rest < 0) {
    throw new ControlError('refused', `drained cells hold ${percent(drainedSlots / SLOT_COUNT)} of keys, so "${id}" can have at most ${percent(1 - drainedSlots / SLOT_COUNT)}`);
  }
  let weights = others.map((i) => have[i] as number);
  if (weights.every((w) => w === 0)) weights = others.map(() => 1);
  if (rest > 0 && others.length === 0) throw new ControlError('refused', `"${id}" is the only enabled cell, so it must keep ${percent(1 - drainedSlots / SLOT_COUNT)} of keys`);
  const shares = rest === 0 ? others.map(() => 0) : slotCounts(weights, rest);
  const targets = table.c.map((c, i) => (i === index ? slots : c.x ? (have[i] as number) : (shares[others.indexOf(i)] as number)));
  return { ...table, r: runsToFlat(rebalance(runs, targets)) };
}

/**
 * The slot counts a shift passes through, from `from` to `to`, `step` at a
 * time; the last one is `to`. Empty when there is nothing to move.
 *
 * @example shiftSteps(0, 10_000, 1_000) // [1000, 2000, ..., 10000]
 */
export function shiftSteps(from: number, to: number, step: number): number[] {
  if (!(step > 0)) throw new RangeError(`step must be positive, got ${step}`);
  const steps: number[] = [];
  const direction = Math.sign(to - from);
  for (let at = from; at !== to; ) {
    at = direction > 0 ? Math.min(to, at + step) : Math.max(to, at - step);
    steps.push(at);
  }
  return steps;
}
