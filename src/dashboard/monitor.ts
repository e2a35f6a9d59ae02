import { ControlError, readEdgeStats, tableForDisplay, type RoutingStore } from '../control/index.js';
import type { RoutingTable } from '../router/table/index.js';
import { samplePoint, SAMPLE_WINDOW_MS, SAMPLES_KEPT, type CounterReading, type Sample } from './samples.js';
import { configuredShares, storeView, type StoreView } from './view.js';

/** Where observed shares come from, or plainly why there are none. */
export type ObservedSource = { readonly edge: string; readonly error?: string } | { readonly edge: null; readonly reason: string };

/** What the monitor tells its listeners. */
export type MonitorEvent = { readonly type: 'store'; readonly store: StoreView | null; readonly error?: string } | { readonly type: 'sample'; readonly sample: Sample; readonly observed: ObservedSource };

/** Options of `Monitor`. */
export interface MonitorOptions {
  readonly store: RoutingStore;
  /** The local edge's base URL; without one there is no source of observed shares. */
  readonly edgeUrl?: string;
  /** Why there is no edge, said on the page. */
  readonly noEdgeReason: string;
  /** How often the counters are read (and a point is added). @default 1000 */
  readonly tickMs?: number;
  /** How often the store's ETag is checked; the keys are read only when it moved. @default tickMs */
  readonly storePollMs?: number;
  /**
   * Whether anyone is looking: while this says no, nothing is polled (a
   * `cellfront dev` nobody watches pays nothing for its dashboard).
   * @default - always watched
   */
  readonly isWatched?: () => boolean;
}

/**
 * Watches a store and, where there is one, the local edge's counters: the
 * store's ETag is checked every `storePollMs` (and its keys read when it
 * moved), the counters every `tickMs`, each reading becoming one point of
 * the observed series. Listeners hear every change.
 */
export class Monitor {
  #store: StoreView | null = null;
  #storeError: string | undefined;
  #observed: ObservedSource;
  readonly #samples: Sample[] = [];
  readonly #readings: CounterReading[] = [];
  readonly #listeners = new Set<(event: MonitorEvent) => void>();
  #timer: NodeJS.Timeout | undefined;
  #lastStoreCheck = 0;
  #busy: Promise<void> | undefined;
  #table: RoutingTable | undefined;

  constructor(private readonly options: MonitorOptions) {
    this.#observed = options.edgeUrl ? { edge: options.edgeUrl } : { edge: null, reason: options.noEdgeReason };
  }

  get store(): StoreView | null {
    return this.#store;
  }

  get storeError(): string | undefined {
    return this.#storeError;
  }

  get observed(): ObservedSource {
    return this.#observed;
  }

  get samples(): readonly Sample[] {
    return this.#samples;
  }

  /** Reads once, then keeps watching until `stop`. */
  async start(): Promise<void> {
    await this.#tick(true);
    const every = this.options.tickMs ?? 1_000;
    this.#timer = setInterval(() => {
      if (this.options.isWatched?.() ?? true) void this.#tick(false);
    }, every);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#listeners.clear();
  }

  /** Calls `listener` on every change; returns the way to stop. */
  subscribe(listener: (event: MonitorEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Reads the store now (after a write from the page), without waiting for the next poll. */
  async refresh(): Promise<void> {
    await this.#busy;
    await this.#readStore(true);
  }

  async #tick(force: boolean): Promise<void> {
    if (this.#busy) return;
    this.#busy = (async () => {
      const now = Date.now();
      if (force || now - this.#lastStoreCheck >= (this.options.storePollMs ?? this.options.tickMs ?? 1_000)) await this.#readStore(force);
      await this.#readCounters();
    })()
      // A crash in one poll (a bug, a broken answer) must not stop the watching: it shows on the page.
      .catch((error: unknown) => {
        this.#storeError = `reading failed: ${error instanceof Error ? error.message : String(error)}`;
        this.#emit({ type: 'store', store: this.#store, error: this.#storeError });
      })
      .finally(() => (this.#busy = undefined));
    await this.#busy;
  }

  async #readStore(force: boolean): Promise<void> {
    this.#lastStoreCheck = Date.now();
    try {
      if (!force && this.#store && !this.#storeError) {
        const { etag } = await this.options.store.describe();
        if (etag === this.#store.etag) return;
      }
      const live = await this.options.store.read();
      this.#table = tableForDisplay(live).table;
      this.#store = storeView(live);
      this.#storeError = undefined;
    } catch (error) {
      if (!(error instanceof ControlError)) throw error;
      if (this.#storeError === error.message) return;
      this.#storeError = error.message;
    }
    this.#emit({ type: 'store', store: this.#store, ...(this.#storeError ? { error: this.#storeError } : {}) });
  }

  async #readCounters(): Promise<void> {
    const edge = this.options.edgeUrl;
    const now = Date.now();
    let reading: CounterReading | undefined;
    if (edge !== undefined && this.#table) {
      try {
        reading = { t: now, cells: await readEdgeStats(edge, this.#table) };
        this.#observed = { edge };
      } catch (error) {
        if (!(error instanceof ControlError)) throw error;
        this.#observed = { edge, error: error.message };
      }
    }
    const configured = configuredShares(this.#store ?? undefined);
    let sample: Sample;
    if (reading) {
      // After a pause in watching, the old readings would average the whole pause into one point.
      const latest = this.#readings.at(-1);
      if (latest && now - latest.t > SAMPLE_WINDOW_MS) this.#readings.length = 0;
      this.#readings.push(reading);
      while (this.#readings.length > 1 && (this.#readings[1] as CounterReading).t <= now - SAMPLE_WINDOW_MS) this.#readings.shift();
      const then = this.#readings[0] === reading ? undefined : this.#readings[0];
      sample = samplePoint(then, reading, configured);
    } else {
      sample = samplePoint(undefined, { t: now, cells: new Map() }, configured);
    }
    this.#samples.push(sample);
    if (this.#samples.length > SAMPLES_KEPT) this.#samples.shift();
    this.#emit({ type: 'sample', sample, observed: this.#observed });
  }

  #emit(event: MonitorEvent): void {
    for (const listener of this.#listeners) listener(event);
  }
}
