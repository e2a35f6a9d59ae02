import { SLOT_COUNT } from './constants.js';

/** A run of consecutive slots owned by one cell (by index). */
export interface Run {
  cell: number;
  length: number;
}

/** Reads the table's flat `[cell, length, ...]` list. */
export function runsFromFlat(flat: readonly number[]): Run[] {
  const runs: Run[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) runs.push({ cell: flat[i] as number, length: flat[i + 1] as number });
  return runs;
}

/** Writes runs as the table's flat `[cell, length, ...]` list. */
export function runsToFlat(runs: readonly Run[]): number[] {
  return runs.flatMap((r) => [r.cell, r.length]);
}

/** Drops empty runs and merges neighbours owned by the same cell. */
export function normalizeRuns(runs: readonly Run[]): Run[] {
  const out: Run[] = [];
  for (const run of runs) {
    if (run.length <= 0) continue;
    const last = out[out.length - 1];
    if (last && last.cell === run.cell) last.length += run.length;
    else out.push({ cell: run.cell, length: run.length });
  }
  return out;
}

/** Slots owned by each of `cellCount` cells. */
export function slotsPerCell(runs: readonly Run[], cellCount: number): number[] {
  const counts = new Array<number>(cellCount).fill(0);
  for (const run of runs) counts[run.cell] = (counts[run.cell] ?? 0) + run.length;
  return counts;
}

/** One run per cell with slots, in cell order: the layout of a first compile. */
export function freshLayout(counts: readonly number[]): Run[] {
  return normalizeRuns(counts.map((length, cell) => ({ cell, length })));
}

/**
 * One run per cell, cells ordered by where their slots sat in `previous` (the
 * middle of their slots), newcomers last. Used to undo fragmentation: it moves
 * more keys than the minimum, but far fewer than ignoring the old layout.
 */
export function compactLayout(previous: readonly Run[], counts: readonly number[]): Run[] {
  const weight = new Array<number>(counts.length).fill(0);
  const moment = new Array<number>(counts.length).fill(0);
  let start = 0;
  for (const run of previous) {
    if (run.cell < counts.length) {
      weight[run.cell] = (weight[run.cell] ?? 0) + run.length;
      moment[run.cell] = (moment[run.cell] ?? 0) + run.length * (start + run.length / 2);
    }
    start += run.length;
  }
  const centre = (cell: number) => ((weight[cell] as number) > 0 ? (moment[cell] as number) / (weight[cell] as number) : SLOT_COUNT);
  const order = counts.map((_, cell) => cell).sort((a, b) => centre(a) - centre(b) || a - b);
  return normalizeRuns(order.map((cell) => ({ cell, length: counts[cell] as number })));
}

/** The owner of every slot, as cell ids (`undefined` past the runs' end). */
export function slotOwners(runs: readonly Run[], ids: readonly string[]): (string | undefined)[] {
  const owners = new Array<string | undefined>(SLOT_COUNT).fill(undefined);
  let slot = 0;
  for (const run of runs) {
    owners.fill(ids[run.cell], slot, Math.min(SLOT_COUNT, slot + run.length));
    slot += run.length;
  }
  return owners;
}
