import {
  ControlError,
  liveTable,
  recorded,
  rollback,
  setDrained,
  shareChanges,
  shareMoves,
  shiftedTable,
  shiftSteps,
  slotsOf,
  type Actor,
  type CellShareChange,
  type HistoryAction,
  type LiveState,
  type RoutingStore,
  type StoreWrites,
} from '../control/index.js';
import { CELL_ID_PATTERN, percent, SLOT_COUNT, type RoutingTable } from '../router/table/index.js';

/** The longest wait between shift steps the page accepts, in seconds. */
export const MAX_INTERVAL_SECONDS = 3_600;

/** A change the page asks for. Percentages are of all keys; `step` in percentage points. */
export type ActionRequest =
  | { readonly action: 'shift'; readonly cell: string; readonly to: number; readonly step: number; readonly intervalSeconds: number }
  | { readonly action: 'drain' | 'undrain'; readonly cell: string }
  | { readonly action: 'rollback' };

/** What a change would do, shown before it is made. */
export interface Preview {
  readonly request: ActionRequest;
  /** The ETag the preview was computed at: applying it writes only if the store is still there. */
  readonly etag: string;
  /** The change in words. */
  readonly summary: string;
  /** Each cell's share of keys before and after, and what moves. */
  readonly cells: readonly CellShareChange[];
  /** Share of all keys that change cell. */
  readonly movedShare: number;
  /** For a shift: the cell's share after each step, 0 to 1. */
  readonly steps?: readonly number[];
}

/** A request the page sent that cannot be one: the message says what is accepted. */
export class BadRequest extends Error {
  override readonly name = 'BadRequest';
}

/** Checks a request body and turns it into an action. */
export function parseAction(body: unknown): ActionRequest {
  if (typeof body !== 'object' || body === null) throw new BadRequest('expected a JSON object with "action"');
  const b = body as Record<string, unknown>;
  const cell = () => {
    if (typeof b.cell !== 'string' || !CELL_ID_PATTERN.test(b.cell)) throw new BadRequest(`"cell" must be a cell id (letters, digits, - and _, up to 32), got ${JSON.stringify(b.cell)}`);
    return b.cell;
  };
  const number = (name: string, min: number, max: number, decimals: number) => {
    const value = b[name];
    const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isFinite(n) || n < min || n > max || Math.round(n * 10 ** decimals) !== n * 10 ** decimals) {
      throw new BadRequest(`"${name}" must be a number from ${min} to ${max}${decimals > 0 ? ` with at most ${decimals} decimals` : ', whole'}, got ${JSON.stringify(value)}`);
    }
    return n;
  };
  switch (b.action) {
    case 'shift':
      return { action: 'shift', cell: cell(), to: number('to', 0, 100, 2), step: number('step', 0.01, 100, 2), intervalSeconds: number('intervalSeconds', 0, MAX_INTERVAL_SECONDS, 0) };
    case 'drain':
    case 'undrain':
      return { action: b.action, cell: cell() };
    case 'rollback':
      return { action: 'rollback' };
    default:
      throw new BadRequest(`"action" must be shift, drain, undrain or rollback, got ${JSON.stringify(b.action)}`);
  }
}

/** The table an action leads to, from the live state; refusals are the control plane's own. */
function outcome(live: LiveState, request: ActionRequest): { before?: RoutingTable; after: RoutingTable; writes?: StoreWrites; steps?: number[] } {
  switch (request.action) {
    case 'shift': {
      const before = liveTable(live);
      const from = slotsOf(before, request.cell);
      const to = Math.round(request.to * 100);
      const after = shiftedTable(before, request.cell, to);
      return { before, after, steps: shiftSteps(from, to, Math.round(request.step * 100)).map((s) => s / SLOT_COUNT) };
    }
    case 'drain':
    case 'undrain':
      return setDrained(live, request.cell, request.action === 'drain');
    case 'rollback':
      return rollback(live);
  }
}

/** The change in words, as the page and the history show it. */
export function describeAction(request: ActionRequest, before: RoutingTable | undefined, after: RoutingTable): string {
  const moves = shareMoves(before, after);
  switch (request.action) {
    case 'shift':
      return `shift ${request.cell} to ${percent(request.to / 100)}${moves ? `: ${moves}` : ' (already there)'}`;
    case 'drain':
      return `drain ${request.cell}${moves ? `: ${moves}` : ' (already drained)'}`;
    case 'undrain':
      return `undrain ${request.cell}${moves ? `: ${moves}` : ' (already active)'}`;
    case 'rollback':
      return `rollback${moves ? `: ${moves}` : ': the previous table, same shares'}`;
  }
}

/** Computes what `request` would do to the store as it is now. */
export async function previewAction(store: RoutingStore, request: ActionRequest): Promise<Preview> {
  const live = await store.read();
  const made = outcome(live, request);
  const cells = shareChanges(made.before, made.after);
  return {
    request,
    etag: live.etag,
    summary: describeAction(request, made.before, made.after),
    cells,
    movedShare: Math.round(cells.reduce((sum, c) => sum + c.movesOut, 0) * SLOT_COUNT) / SLOT_COUNT,
    ...(made.steps ? { steps: made.steps } : {}),
  };
}

/**
 * Makes a drain, undrain or rollback the page previewed at `etag`: from the
 * store as it is, on condition that it is still at `etag` (a `conflict`
 * otherwise, with nothing written), recorded in the history in the same write.
 */
export async function applyEdit(store: RoutingStore, request: ActionRequest & { action: 'drain' | 'undrain' | 'rollback' }, etag: string, actor: Actor): Promise<{ etag: string; summary: string; changed: boolean }> {
  const live = await store.read();
  if (live.etag !== etag) {
    throw new ControlError('conflict', `the store changed since the plan was shown (ETag ${etag} expected, the store is at ${live.etag}); nothing was written`);
  }
  const made = outcome(live, request);
  const writes = made.writes ?? { puts: [], deletes: [] };
  const summary = describeAction(request, made.before, made.after);
  if (writes.puts.length === 0 && writes.deletes.length === 0) return { etag: live.etag, summary, changed: false };
  const action: HistoryAction = request.action;
  const written = await store.write(live.etag, recorded(live, writes, { action, ...actor, what: summary }), 'the plan was shown');
  return { etag: written.etag, summary, changed: true };
}
