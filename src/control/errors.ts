/** Codes of the errors the control plane raises. */
export type ControlErrorCode =
  /** A value given to the operation is malformed (a URL, a share, a key): a command-line mistake. */
  | 'invalid-input'
  /** No store was named: no ARN in the flags, the environment or the outputs file. */
  | 'no-store'
  /** The outputs file names the store (or the edge) more than once, with different values. */
  | 'outputs-ambiguous'
  /** The store's ETag changed since it was read or planned: nothing (or, for a batched apply, only overrides) was written. */
  | 'conflict'
  /** The store holds no routing table, and the operation needs one. */
  | 'no-table'
  /** The live (or previous) table does not decode. */
  | 'unusable-table'
  /** Rollback asked for, but `cellfront:table:previous` is empty. */
  | 'no-previous'
  /** A cell id the live table does not have. */
  | 'unknown-cell'
  /** The change would leave routing broken (e.g. drain the last enabled cell) or does not apply. */
  | 'refused'
  /** The new table does not fit in one KVS value. */
  | 'too-large'
  /** A plan file that is not one, or was edited into something unsafe. */
  | 'plan-invalid'
  /** A plan file made for another store than the one targeted. */
  | 'plan-other-store'
  /** The KeyValueStore API refused the request (other than a conflict). */
  | 'store-refused'
  /** The KeyValueStore endpoint or the edge could not be reached. */
  | 'unreachable'
  /** The local edge's stats endpoint answered something unusable. */
  | 'stats-unavailable'
  /** A shift stopped because the target cell answered too many 5xx; the shift was rolled back. */
  | 'aborted';

/**
 * A control-plane operation refused or failed. `code` is stable; the message
 * says what happened, what the store now holds, and what to do next. Only the
 * CLI turns these into exit codes (`conflict` is 3, `no-store` and
 * `invalid-input` usage errors, the rest 1).
 *
 * @example
 * try { await applyWrites(store, plan); }
 * catch (e) { if (e instanceof ControlError && e.code === 'conflict') replan(); }
 */
export class ControlError extends Error {
  override readonly name = 'ControlError';
  constructor(
    readonly code: ControlErrorCode,
    message: string,
    /** Facts a caller may act on, e.g. `compactAlternative` for `too-large`: what one run per cell would cost instead. */
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
  }
}
