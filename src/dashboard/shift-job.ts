import { ControlError, runShift, type Actor, type RoutingStore } from '../control/index.js';
import { SLOT_COUNT } from '../router/table/index.js';
import type { ActionRequest } from './actions.js';

/** A shift the dashboard runs, as the page shows it. */
export interface ShiftJobView {
  readonly cell: string;
  /** Target share, 0 to 1. */
  readonly to: number;
  readonly intervalSeconds: number;
  /** The cell's share after each planned step, 0 to 1. */
  readonly planned: readonly number[];
  /** Steps written so far. */
  readonly steps: readonly { readonly index: number; readonly share: number; readonly etag: string; readonly at: string }[];
  readonly state: 'running' | 'done' | 'unchanged' | 'interrupted' | 'aborted' | 'failed';
  /** Why it failed (a conflict: someone else changed the store). */
  readonly error?: string;
  readonly startedAt: string;
  /** When the next step is due, while running. */
  readonly nextStepAt?: string;
}

/**
 * Runs one shift at a time in the background, with `runShift`: the same steps,
 * conditional writes and history entry as `cellfront shift`, starting only if
 * the store is still at the ETag the page's preview was made at.
 */
export class ShiftJobs {
  #view: ShiftJobView | undefined;
  #stop: AbortController | undefined;

  constructor(private readonly changed: () => void) {}

  /** The current or last shift. */
  get view(): ShiftJobView | undefined {
    return this.#view;
  }

  /**
   * Starts a shift and resolves once its first step is written (or it had
   * nothing to do); rejects, with nothing written, on a conflict or a refusal.
   * Later steps go on in the background; their failures show in `view`.
   */
  async start(store: RoutingStore, request: ActionRequest & { action: 'shift' }, etag: string, actor: Actor, planned: readonly number[]): Promise<ShiftJobView> {
    if (this.#view?.state === 'running') throw new ControlError('refused', `a shift of ${this.#view.cell} is already running from this dashboard; stop it first`);
    const stop = new AbortController();
    this.#stop = stop;
    const startedAt = new Date().toISOString();
    let view: ShiftJobView = { cell: request.cell, to: request.to / 100, intervalSeconds: request.intervalSeconds, planned, steps: [], state: 'running', startedAt };
    const set = (next: ShiftJobView) => {
      view = next;
      this.#view = next;
      this.changed();
    };
    let firstStep: () => void = () => undefined;
    const stepped = new Promise<void>((done) => (firstStep = done));
    const run = runShift({
      store,
      cell: request.cell,
      toSlots: Math.round(request.to * 100),
      stepSlots: Math.round(request.step * 100),
      intervalMs: request.intervalSeconds * 1_000,
      ifMatch: etag,
      actor,
      signal: stop.signal,
      onStep: (step, total) => {
        const last = step.index === total;
        const { nextStepAt: _, ...rest } = view;
        set({
          ...rest,
          steps: [...view.steps, { index: step.index, share: step.slots / SLOT_COUNT, etag: step.etag, at: new Date().toISOString() }],
          ...(last ? {} : { nextStepAt: new Date(Date.now() + request.intervalSeconds * 1_000).toISOString() }),
        });
        firstStep();
      },
    });
    const finished = run.then(
      (result) => {
        const { nextStepAt: _, ...rest } = view;
        set({ ...rest, state: result.outcome });
      },
      (error: unknown) => {
        const { nextStepAt: _, ...rest } = view;
        set({ ...rest, state: 'failed', error: error instanceof Error ? error.message : String(error) });
        throw error;
      },
    );
    // Before the first write the page waits for the answer; after it, failures show in the view.
    await Promise.race([stepped, finished]);
    void finished.catch(() => undefined);
    return view;
  }

  /** Stops the running shift between steps (a write under way completes first). */
  stop(): boolean {
    if (this.#view?.state !== 'running' || !this.#stop) return false;
    this.#stop.abort();
    return true;
  }
}
