import { encodeTable, percent, PREVIOUS_TABLE_KEY, SLOT_COUNT, TABLE_KEY, type RoutingTable } from '../router/table/index.js';
import type { CellCounters } from './edge-stats.js';
import { liveTable, tableWrites } from './edits.js';
import { ControlError } from './errors.js';
import { historyPut, nextSeq, type Actor, type ShiftState } from './history.js';
import type { LiveState } from './live-state.js';
import type { RoutingStore } from './routing-store.js';
import { shiftedTable, shiftSteps, slotsOf } from './shift-table.js';

/** How often the edge's counters are read while a step is watched. */
const WATCH_POLL_MS = 1_000;

/** Stop and roll back when the shifted cell's 5xx rate at the edge passes `rate`. */
export interface FiveXxGuard {
  /** A fraction, 0 to 1: `0.05` aborts above 5% of the cell's requests. */
  readonly rate: number;
  /** Reads the edge's counters per cell (`readEdgeStats`). */
  readonly read: (table: RoutingTable) => Promise<Map<string, CellCounters>>;
}

/** What to shift. */
export interface ShiftOptions {
  readonly store: RoutingStore;
  readonly cell: string;
  /** The cell's target share, in slots (0 to 10,000). */
  readonly toSlots: number;
  /** Slots moved per step (1,000 is 10 percentage points). */
  readonly stepSlots: number;
  /** Wait between steps, in milliseconds. */
  readonly intervalMs: number;
  /**
   * Its counters are read once before the first write, so a guard that cannot
   * read them fails the shift with nothing written.
   * @default - no guard: steps follow each other after `intervalMs`
   */
  readonly abortOn5xx?: FiveXxGuard;
  /** Stops the shift between steps (Ctrl-C); a write under way completes first, so the store is never half changed. */
  readonly signal?: AbortSignal;
  /** Called, and awaited, after each step is written. */
  readonly onStep?: (step: ShiftStep, total: number) => void | Promise<void>;
  /** Waits `ms` or until `signal` fires. @default a timer */
  readonly wait?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /**
   * Shift only if the store is still at this ETag when the shift reads it (the
   * one a preview was made at): otherwise a `conflict`, before anything is written.
   * @default - shift from whatever the store holds
   */
  readonly ifMatch?: string;
  /**
   * Record the shift in the store's history as one entry, updated with every
   * step (in the step's own write) and with how it ended.
   * @default - not recorded
   */
  readonly actor?: Actor;
}

/** One step, as written. */
export interface ShiftStep {
  /** 1-based. */
  readonly index: number;
  readonly slots: number;
  /** `slots` as a fraction of all keys. */
  readonly share: number;
  /** The store's ETag after the step. */
  readonly etag: string;
}

/** How a shift ended. */
export interface ShiftResult {
  /** `unchanged`: the cell already had the target share. `interrupted`: the signal fired. `aborted`: the 5xx guard tripped and the shift was rolled back. */
  readonly outcome: 'done' | 'unchanged' | 'interrupted' | 'aborted';
  readonly cell: string;
  readonly fromShare: number;
  readonly toShare: number;
  /** The cell's share in the store now. */
  readonly share: number;
  readonly steps: readonly ShiftStep[];
  readonly plannedSteps: number;
  /** The store's ETag at the end. */
  readonly etag: string;
  /** For `aborted`: the step being watched and what the edge counted since it. */
  readonly abort?: { readonly step: number; readonly requests: number; readonly errors5xx: number; readonly rate: number };
}

/**
 * Moves a cell's share of keys to a target in steps. Each step is computed
 * from the table the previous one wrote (minimal movement) and written with
 * `If-Match` on the ETag it returned, so a change anyone else makes during
 * the shift stops it with a `conflict` instead of being overwritten. The
 * table from before the shift stays the previous table throughout, so a
 * rollback undoes the whole shift. With
 * `abortOn5xx`, the edge's counters are read before the first write (when
 * they cannot be, the shift fails with nothing written), each step is watched
 * for `intervalMs` (the last one too), and the table from before the shift is
 * restored in one write when the cell's 5xx rate passes the threshold.
 *
 * @example await runShift({ store, cell: 'api2', toSlots: 10_000, stepSlots: 1_000, intervalMs: 30_000 })
 */
export async function runShift(options: ShiftOptions): Promise<ShiftResult> {
  const wait = options.wait ?? sleep;
  const live = await options.store.read();
  if (options.ifMatch !== undefined && live.etag !== options.ifMatch) {
    throw new ControlError('conflict', `the store changed since the shift was planned (ETag ${options.ifMatch} expected, the store is at ${live.etag}); nothing was written`);
  }
  const start = liveTable(live);
  const fromSlots = slotsOf(start, options.cell);
  // Checks the cell can be shifted at all (not drained, not alone) before the first write.
  shiftedTable(start, options.cell, options.toSlots);
  const targets = shiftSteps(fromSlots, options.toSlots, options.stepSlots);
  const steps: ShiftStep[] = [];
  let etag = live.etag;
  // liveTable() has checked that the table is there and usable.
  const before = { table: start, encoded: live.table?.encoded ?? '' };
  let current = before;
  const result = (outcome: ShiftResult['outcome'], extra: Partial<ShiftResult> = {}): ShiftResult => ({
    outcome,
    cell: options.cell,
    fromShare: fromSlots / SLOT_COUNT,
    toShare: options.toSlots / SLOT_COUNT,
    share: slotsOf(current.table, options.cell) / SLOT_COUNT,
    steps,
    plannedSteps: targets.length,
    etag,
    ...extra,
  });
  if (targets.length === 0) return result('unchanged');
  if (options.abortOn5xx) await canWatch(options.abortOn5xx, start);
  const seq = nextSeq(live.history);
  const record = (step: number, state: ShiftState) =>
    options.actor
      ? [historyPut(seq, { action: 'shift', ...options.actor, what: `${options.cell} ${percent(fromSlots / SLOT_COUNT)} -> ${percent(options.toSlots / SLOT_COUNT)}`, shift: { step, of: targets.length, state } }, new Date())]
      : [];
  const where = () => `the shift stopped after step ${steps.length} of ${targets.length}, with ${options.cell} at ${percent(slotsOf(current.table, options.cell) / SLOT_COUNT)}`;

  const interrupted = async (): Promise<ShiftResult> => {
    // Best effort: the history says the shift stopped; a conflict here loses nothing but that note.
    const note = record(steps.length, 'interrupted');
    if (note.length > 0 && steps.length > 0) etag = await options.store.write(etag, { puts: note, deletes: [] }, 'the last step').then((w) => w.etag, () => etag);
    return result('interrupted');
  };
  for (const [i, slots] of targets.entries()) {
    if (options.signal?.aborted) return interrupted();
    const next = shiftedTable(current.table, options.cell, slots);
    const state: LiveState = { ...live, etag, table: { encoded: current.encoded, decoded: { ok: true, table: current.table } } };
    const since = i === 0 ? 'the shift read it' : `step ${i} of this shift wrote it`;
    // The first step keeps the table from before the shift as the previous one, and later steps leave it
    // there: `cellfront rollback` then undoes the whole shift (or what an interrupted one did) in one write.
    const last = i === targets.length - 1;
    const puts = [...tableWrites(state, next).filter((put) => i === 0 || put.key === TABLE_KEY), ...record(i + 1, last ? 'done' : 'running')];
    const written = await options.store.write(etag, { puts, deletes: [] }, since).catch((error: unknown) => {
      throw i > 0 && error instanceof ControlError ? new ControlError(error.code, `${error.message}; ${where()}`) : error;
    });
    etag = written.etag;
    current = { table: next, encoded: encodeTable(next) };
    const step = { index: i + 1, slots, share: slots / SLOT_COUNT, etag };
    steps.push(step);
    await options.onStep?.(step, targets.length);

    if (last && !options.abortOn5xx) break;
    const tripped = await watch(options, current.table, wait).catch((error: unknown) => {
      throw error instanceof ControlError ? new ControlError(error.code, `${error.message}; ${where()}`) : error;
    });
    if (tripped) {
      const restore = { puts: [{ key: TABLE_KEY, value: before.encoded }, { key: PREVIOUS_TABLE_KEY, value: current.encoded }, ...record(i + 1, 'aborted')], deletes: [] };
      const back = await options.store.write(etag, restore, `step ${i + 1} of this shift wrote it`);
      etag = back.etag;
      current = before;
      return result('aborted', { abort: { step: i + 1, ...tripped } });
    }
  }
  return options.signal?.aborted && steps.length < targets.length ? interrupted() : result('done');
}

/**
 * Reads the edge's counters once, before the first write: a guard that cannot
 * read them could not watch a step, so the shift must not start. Throws the
 * read's error, saying that nothing was written.
 */
async function canWatch(guard: FiveXxGuard, table: RoutingTable): Promise<void> {
  await guard.read(table).catch((error: unknown) => {
    throw error instanceof ControlError ? new ControlError(error.code, `${error.message}; the shift did not start and nothing was written`) : error;
  });
}

/**
 * Waits `intervalMs` (in polls when guarded), returning what the edge counted
 * for the cell if its 5xx rate passed the threshold, `undefined` otherwise.
 */
async function watch(
  options: ShiftOptions,
  table: RoutingTable,
  wait: NonNullable<ShiftOptions['wait']>,
): Promise<{ requests: number; errors5xx: number; rate: number } | undefined> {
  const guard = options.abortOn5xx;
  const base = guard ? ((await guard.read(table)).get(options.cell) ?? { requests: 0, errors4xx: 0, errors5xx: 0 }) : undefined;
  for (let waited = 0; waited < options.intervalMs && !options.signal?.aborted; ) {
    const chunk = guard ? Math.min(WATCH_POLL_MS, options.intervalMs - waited) : options.intervalMs - waited;
    await wait(chunk, options.signal);
    waited += chunk;
    if (!guard || !base) continue;
    const now = (await guard.read(table)).get(options.cell) ?? base;
    const requests = now.requests - base.requests;
    const errors5xx = now.errors5xx - base.errors5xx;
    if (requests > 0 && errors5xx / requests > guard.rate) return { requests, errors5xx, rate: errors5xx / requests };
  }
  return undefined;
}

/** Resolves after `ms`, or at once when `signal` fires. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((done) => {
    if (signal?.aborted || ms <= 0) return done();
    const timer = setTimeout(finish, ms);
    function finish() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', finish);
      done();
    }
    signal?.addEventListener('abort', finish, { once: true });
  });
}
