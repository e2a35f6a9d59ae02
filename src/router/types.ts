import type { RequestTarget } from './location.js';
import type { RandomSource } from './pick.js';
import type { RoutingProblem } from './problem.js';

/** One key/value pair read from the store. */
export interface StoredTarget {
  readonly key: string;
  readonly value: string;
}

/** A key the store could not give back, and the error it gave instead. */
export interface ReadFailure {
  readonly key: string;
  readonly message: string;
}

/**
 * What the adapter could read from the KeyValueStore: nothing, when no store is
 * associated with the function, or the targets in key order up to the first
 * missing key (or up to the first read error, then named in `failure`).
 */
export type StoreRead =
  | { readonly associated: false; readonly message: string }
  | {
      readonly associated: true;
      readonly entries: readonly StoredTarget[];
      readonly failure: ReadFailure | undefined;
    };

/** A stored target left out of the split, and why. */
export interface SkippedTarget {
  readonly key: string;
  /** The stored value, or `undefined` when it could not be read. */
  readonly value: string | undefined;
  readonly reason: string;
}

/** Everything a routing decision depends on. */
export interface RouteInput {
  readonly request: RequestTarget;
  readonly store: StoreRead;
  readonly random: RandomSource;
}

/** Send the viewer to a target. */
export interface RedirectDecision {
  readonly kind: 'redirect';
  /** 307 keeps the method and body; the seed pattern's 302 turns a POST into a GET. */
  readonly status: 307;
  readonly location: string;
  /** The key of the chosen target. */
  readonly key: string;
  readonly skipped: readonly SkippedTarget[];
}

/** Nothing can be routed: answer the viewer directly and explain. */
export interface UnavailableDecision {
  readonly kind: 'unavailable';
  readonly status: 503;
  readonly problem: RoutingProblem;
  readonly skipped: readonly SkippedTarget[];
}

/** The result of routing one request. */
export type RouteDecision = RedirectDecision | UnavailableDecision;
