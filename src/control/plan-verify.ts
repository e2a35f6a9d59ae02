/**
 * A saved plan is two things: what it shows (changes, shares, keys moved) and
 * what it writes. A hand-edited file can make them disagree; `apply` must never
 * write something other than what it shows. So the description is recomputed
 * from the writes and the live store (the one the plan was made against, by its
 * ETag) and compared with the file's: any difference refuses the plan.
 */
import { decodeTable, PIN_KEY_PREFIX, PREVIOUS_TABLE_KEY, TABLE_KEY, type RoutingTable } from '../router/table/index.js';
import { ControlError } from './errors.js';
import type { LiveState, StoreWrites } from './live-state.js';
import { tableChanges, type Plan, type PlanChange } from './plan.js';
import { shareChanges, type CellShareChange } from './shares.js';

/** What a set of writes does to a live store, in the terms a plan shows. */
export interface WritesDescription {
  readonly changes: readonly PlanChange[];
  readonly cells: readonly CellShareChange[];
  readonly movedShare: number;
}

/**
 * Describes what `writes` do to `live`: the table and pin changes, each cell's share
 * before and after, and the share of keys that move. Throws `plan-invalid` when the
 * writes keep as previous a table that is not the live one.
 */
export function describeWrites(live: LiveState, writes: StoreWrites, file: string): WritesDescription {
  const current = live.table?.decoded.ok ? live.table.decoded.table : undefined;
  const put = new Map(writes.puts.map((p) => [p.key, p.value]));
  const tableValue = put.get(TABLE_KEY);
  let next: RoutingTable | undefined = current;
  const changes: PlanChange[] = [];
  if (tableValue !== undefined) {
    const decoded = decodeTable(tableValue);
    if (!decoded.ok) throw new ControlError('plan-invalid', `${file}: the table it writes is not usable at the edge (${decoded.reason})`);
    next = decoded.table;
    if (!live.table) changes.push({ kind: 'first-table' });
    else if (!live.table.decoded.ok) changes.push({ kind: 'unusable-table', reason: live.table.decoded.reason });
    if (current) changes.push(...tableChanges(current, next));
  }
  const previous = put.get(PREVIOUS_TABLE_KEY);
  if (previous !== undefined && previous !== live.table?.encoded) {
    throw new ControlError('plan-invalid', `${file}: it writes a ${PREVIOUS_TABLE_KEY} that is not the live table, so rollback would not undo it; make a new plan with \`cellfront plan --out\``);
  }
  for (const { key, value } of writes.puts) {
    if (!key.startsWith(PIN_KEY_PREFIX)) continue;
    const pinKey = key.slice(PIN_KEY_PREFIX.length);
    const had = live.pins.get(pinKey);
    if (had !== value) changes.push(had === undefined ? { kind: 'pin-added', key: pinKey, cell: value } : { kind: 'pin-changed', key: pinKey, from: had, to: value });
  }
  for (const key of writes.deletes) {
    if (!key.startsWith(PIN_KEY_PREFIX)) continue;
    const pinKey = key.slice(PIN_KEY_PREFIX.length);
    const had = live.pins.get(pinKey);
    if (had !== undefined) changes.push({ kind: 'pin-removed', key: pinKey, cell: had });
  }
  const cells = next ? shareChanges(current, next) : [];
  return { changes, cells, movedShare: Math.round(cells.reduce((sum, c) => sum + c.movesOut, 0) * 10_000) / 10_000 };
}

/**
 * Refuses a saved plan whose writes do something other than what it shows, against
 * the live store it was made for. When the store has changed since (another ETag),
 * there is nothing to verify against: the conditional write refuses the plan anyway.
 * Throws `ControlError('plan-invalid')` naming what differs.
 */
export function verifySavedPlan(plan: Plan, live: LiveState, file: string): void {
  if (live.etag !== plan.etag || live.arn !== plan.arn) return;
  const actual = describeWrites(live, plan.writes, file);
  const differs: string[] = [];
  const key = (c: PlanChange) => JSON.stringify(c);
  const shown = new Set(plan.changes.map(key));
  const real = new Set(actual.changes.map(key));
  if (shown.size !== real.size || [...real].some((c) => !shown.has(c))) differs.push('the changes it lists');
  if (JSON.stringify(actual.cells) !== JSON.stringify(plan.cells)) differs.push("the cells' shares");
  if (Math.abs(actual.movedShare - plan.movedShare) > 1e-9) differs.push('the share of keys that move');
  if (differs.length > 0) {
    throw new ControlError(
      'plan-invalid',
      `${file}: what it writes does not match what it shows (${differs.join(', ')}); the file was edited after \`cellfront plan --out\` wrote it. Nothing was written; make a new plan`,
    );
  }
}
