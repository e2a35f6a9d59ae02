import { normalizeRuns, slotsPerCell, type Run } from './runs.js';

/**
 * Moves the fewest slots that turn the `previous` layout into one with
 * `targets[c]` slots for each cell `c`. Cells with more slots than their target
 * (donors) give up exactly the surplus, cells with fewer (receivers) take
 * exactly the shortfall, everyone else keeps every slot. So the slots moved are
 * `sum(max(0, old - new))`, the total variation distance times the slot count:
 * nothing can move fewer.
 *
 * To keep the table short, slots change hands at run boundaries: first, where a
 * donor's run touches a receiver's, the boundary shifts (no new run); only when
 * no donor touches a receiver is a piece carved off a donor's run edge, which
 * adds one run, and boundaries shift again from there. Removed cells are donors
 * with a target of 0: pass them as extra indexes past the kept cells.
 *
 * @example rebalance([{ cell: 0, length: 5000 }, { cell: 1, length: 5000 }], [4000, 6000])
 * // [{ cell: 0, length: 4000 }, { cell: 1, length: 6000 }]
 */
export function rebalance(previous: readonly Run[], targets: readonly number[]): Run[] {
  let runs = normalizeRuns(previous);
  const have = slotsPerCell(runs, targets.length);
  const excess = have.map((h, c) => Math.max(0, h - (targets[c] as number)));
  const need = have.map((h, c) => Math.max(0, (targets[c] as number) - h));
  let remaining = sum(excess);
  if (remaining !== sum(need) || runs.some((r) => r.cell >= targets.length)) {
    throw new RangeError('rebalance: targets must cover every cell and add up to the slots in use');
  }
  while (remaining > 0) {
    let moved = shiftBoundaries(runs, excess, need);
    if (moved === 0) moved = carve(runs, excess, need);
    remaining -= moved;
    runs = normalizeRuns(runs);
  }
  return runs;
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** Takes `amount` from a donor and gives it to a receiver in the books. */
function book(excess: number[], need: number[], donor: number, receiver: number, amount: number): void {
  excess[donor] = (excess[donor] as number) - amount;
  need[receiver] = (need[receiver] as number) - amount;
}

/** One pass over neighbouring runs, shifting each donor|receiver boundary. Returns the slots moved. */
function shiftBoundaries(runs: Run[], excess: number[], need: number[]): number {
  let moved = 0;
  for (let i = 0; i + 1 < runs.length; i++) {
    const a = runs[i] as Run;
    const b = runs[i + 1] as Run;
    const [donor, receiver] = (excess[a.cell] as number) > 0 && (need[b.cell] as number) > 0 ? [a, b] : [b, a];
    const amount = Math.min(excess[donor.cell] as number, need[receiver.cell] as number, donor.length);
    if (amount <= 0) continue;
    donor.length -= amount;
    receiver.length += amount;
    book(excess, need, donor.cell, receiver.cell, amount);
    moved += amount;
  }
  return moved;
}

/**
 * Gives a piece of the largest donor's run to the neediest receiver. A whole
 * run is handed over when it fits (no new run); otherwise the longest run's
 * right end is cut off. Returns the slots moved (always at least one).
 */
function carve(runs: Run[], excess: number[], need: number[]): number {
  const donor = argmax(excess);
  const receiver = argmax(need);
  const limit = Math.min(excess[donor] as number, need[receiver] as number);
  let whole = -1;
  let longest = -1;
  runs.forEach((run, i) => {
    if (run.cell !== donor) return;
    if (run.length <= limit && (whole < 0 || run.length > (runs[whole] as Run).length)) whole = i;
    if (longest < 0 || run.length > (runs[longest] as Run).length) longest = i;
  });
  if (whole >= 0) {
    const run = runs[whole] as Run;
    run.cell = receiver;
    book(excess, need, donor, receiver, run.length);
    return run.length;
  }
  const run = runs[longest] as Run;
  run.length -= limit;
  runs.splice(longest + 1, 0, { cell: receiver, length: limit });
  book(excess, need, donor, receiver, limit);
  return limit;
}

/** Index of the largest value, the first on ties. */
function argmax(values: readonly number[]): number {
  let best = 0;
  values.forEach((v, i) => {
    if (v > (values[best] as number)) best = i;
  });
  return best;
}
