/** Why a test edge cannot be created from the options it was given, or cannot serve (`Closed`). */
export type TestEdgeErrorCode = 'InvalidOptions' | 'InvalidKvsImport' | 'Closed';

/**
 * A user error: the options of `createTestEdge` are wrong (reported before any
 * request, naming the option and what it accepts), or `fetch` was called after
 * `close()` (`Closed`).
 *
 * @example
 * await expect(createTestEdge({})).rejects.toMatchObject({ code: 'InvalidOptions' });
 */
export class TestEdgeError extends Error {
  override readonly name = 'TestEdgeError';
  constructor(
    readonly code: TestEdgeErrorCode,
    message: string,
  ) {
    super(message);
  }
}
