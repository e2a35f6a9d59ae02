/** Why a test edge cannot be created from the options it was given. */
export type TestEdgeErrorCode = 'InvalidOptions' | 'InvalidKvsImport';

/**
 * The options of `createTestEdge` are wrong: a user error, reported before any
 * request, naming the option and what it accepts.
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
