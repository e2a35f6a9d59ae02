/** Why the local edge cannot start with the options it was given. */
export type EdgeConfigErrorCode = 'DuplicateOriginId';

/**
 * The edge's options are inconsistent (a user error, reported before any request).
 *
 * @example
 * try { await startEdge(options); } catch (e) { if (e instanceof EdgeConfigError) console.error(e.message); }
 */
export class EdgeConfigError extends Error {
  override readonly name = 'EdgeConfigError';
  constructor(
    readonly code: EdgeConfigErrorCode,
    message: string,
  ) {
    super(message);
  }
}
