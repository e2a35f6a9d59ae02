import type { CellCounters } from '../control/index.js';

/** Seconds of counters one point of the observed series covers: smooths single requests without lagging far behind. */
export const SAMPLE_WINDOW_MS = 3_000;

/** Points kept (at one a second, five minutes): what the charts show and a new page receives. */
export const SAMPLES_KEPT = 300;

/** One cell at one moment: what the edge answered for it over the window, and its configured share then. */
export interface CellPoint {
  /** Requests per second. */
  readonly rps: number;
  /** Its share of all requests over the window, 0 to 1; `null` when there were none at all. */
  readonly observed: number | null;
  /** Its share of keys in the live table, 0 to 1 (a drained cell has 0). */
  readonly configured: number;
  /** 4xx and 5xx answers per second. */
  readonly e4xx: number;
  readonly e5xx: number;
}

/** Every cell at one moment. */
export interface Sample {
  /** Milliseconds since the epoch. */
  readonly t: number;
  readonly cells: Readonly<Record<string, CellPoint>>;
}

/** Counters as read at one moment. */
export interface CounterReading {
  readonly t: number;
  readonly cells: ReadonlyMap<string, CellCounters>;
}

/**
 * The point for `now` from the counters read at the start of the window
 * (`then`) and now: rates over the time between them, and each cell's part of
 * all requests. Counters that went down (the edge restarted) count from zero.
 *
 * @example samplePoint(then, now, new Map([['api1', 0.5], ['api2', 0.5]])).cells.api1?.observed
 */
export function samplePoint(then: CounterReading | undefined, now: CounterReading, configured: ReadonlyMap<string, number>): Sample {
  const seconds = then ? Math.max((now.t - then.t) / 1_000, 0.001) : 1;
  const ids = new Set([...configured.keys(), ...now.cells.keys()]);
  const deltas = new Map<string, { requests: number; e4xx: number; e5xx: number }>();
  for (const id of ids) {
    const a = then?.cells.get(id);
    const b = now.cells.get(id);
    const diff = (x: number | undefined, y: number | undefined) => {
      const d = (y ?? 0) - (x ?? 0);
      return d < 0 ? (y ?? 0) : d;
    };
    deltas.set(id, then ? { requests: diff(a?.requests, b?.requests), e4xx: diff(a?.errors4xx, b?.errors4xx), e5xx: diff(a?.errors5xx, b?.errors5xx) } : { requests: 0, e4xx: 0, e5xx: 0 });
  }
  const total = [...deltas.values()].reduce((sum, d) => sum + d.requests, 0);
  const cells: Record<string, CellPoint> = {};
  for (const [id, d] of deltas) {
    cells[id] = {
      rps: round(d.requests / seconds),
      observed: total > 0 ? round(d.requests / total) : null,
      configured: configured.get(id) ?? 0,
      e4xx: round(d.e4xx / seconds),
      e5xx: round(d.e5xx / seconds),
    };
  }
  return { t: now.t, cells };
}

/** Four decimals: enough for a chart, and JSON stays short. */
function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
