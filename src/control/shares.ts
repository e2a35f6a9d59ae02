import { SLOT_COUNT, type RoutingTable } from '../router/table/index.js';

/** One cell's share of keys before and after a change, and what moves in and out. Shares are fractions of all keys. */
export interface CellShareChange {
  readonly id: string;
  /** `undefined` when the cell is not in the table before. */
  readonly before?: number;
  /** `undefined` when the cell is not in the table after. */
  readonly after?: number;
  /** Share of all keys that come to this cell from others. */
  readonly movesIn: number;
  /** Share of all keys that leave this cell for others. */
  readonly movesOut: number;
}

/**
 * The cell each slot's keys reach at the edge: the slot's owner, or, when the
 * owner is disabled, the fallback (the first enabled cell if that is disabled
 * too), as the decision does. Overrides and forcing are per key and not counted.
 */
export function edgeOwners(table: RoutingTable): string[] {
  const cells = table.c;
  const fallbackCell = cells[table.f];
  const fallback = fallbackCell && !fallbackCell.x ? fallbackCell.i : (cells.find((c) => !c.x)?.i ?? '');
  const owners: string[] = [];
  for (let i = 0; i + 1 < table.r.length; i += 2) {
    const cell = cells[table.r[i] as number];
    const id = cell && !cell.x ? cell.i : fallback;
    for (let n = 0; n < (table.r[i + 1] as number); n++) owners.push(id);
  }
  return owners;
}

/** Each cell's share of keys at the edge, by id, in table order (disabled cells at 0). */
export function edgeShares(table: RoutingTable): Map<string, number> {
  const shares = new Map(table.c.map((c) => [c.i, 0]));
  for (const id of edgeOwners(table)) shares.set(id, (shares.get(id) ?? 0) + 1 / SLOT_COUNT);
  return new Map([...shares].map(([id, share]) => [id, round(share)]));
}

/**
 * Each cell's share before and after, and the share of keys moving in and out
 * of it, slot by slot. Without `before` (a store with no usable table) every
 * key is new: nothing counts as moving. Rows follow the new table's cell
 * order, then cells that leave.
 *
 * @example shareChanges(live, next).find((c) => c.id === 'api2')?.movesIn // 0.1
 */
export function shareChanges(before: RoutingTable | undefined, after: RoutingTable): CellShareChange[] {
  const next = edgeOwners(after);
  const nextShares = edgeShares(after);
  if (!before) return after.c.map((c) => ({ id: c.i, after: nextShares.get(c.i) ?? 0, movesIn: 0, movesOut: 0 }));
  const prior = edgeOwners(before);
  const priorShares = edgeShares(before);
  const moveIn = new Map<string, number>();
  const moveOut = new Map<string, number>();
  for (let slot = 0; slot < SLOT_COUNT; slot++) {
    const from = prior[slot] as string;
    const to = next[slot] as string;
    if (from === to) continue;
    moveOut.set(from, (moveOut.get(from) ?? 0) + 1);
    moveIn.set(to, (moveIn.get(to) ?? 0) + 1);
  }
  const ids = [...after.c.map((c) => c.i), ...before.c.map((c) => c.i).filter((id) => !nextShares.has(id))];
  return ids.map((id) => ({
    id,
    ...(priorShares.has(id) ? { before: priorShares.get(id) as number } : {}),
    ...(nextShares.has(id) ? { after: nextShares.get(id) as number } : {}),
    movesIn: round((moveIn.get(id) ?? 0) / SLOT_COUNT),
    movesOut: round((moveOut.get(id) ?? 0) / SLOT_COUNT),
  }));
}

/** Shares are whole slots: four decimals are exact and keep float noise out of JSON. */
function round(share: number): number {
  return Math.round(share * SLOT_COUNT) / SLOT_COUNT;
}
