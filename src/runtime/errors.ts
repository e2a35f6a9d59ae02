/** Why a function's code could not be loaded. */
export type FunctionLoadErrorCode = 'SyntaxError' | 'LoadError' | 'NoHandler';

/**
 * The function's code cannot run at all: it does not parse, uses a module form the
 * runtime refuses, is too large, or has no top-level `function handler(event)`.
 * CloudFront refuses such code when it is published; the local edge answers 503.
 *
 * @example
 * try { loadFunction(source); } catch (e) { if (e instanceof FunctionLoadError) console.error(e.code, e.message); }
 */
export class FunctionLoadError extends Error {
  override readonly name = 'FunctionLoadError';
  constructor(
    readonly code: FunctionLoadErrorCode,
    message: string,
    /** 1-based position in the source, when the error has one. */
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
  }
}

/**
 * A function's result (or a call it made) breaks a CloudFront rule. Internal to the
 * runtime: an invocation turns it into `{ kind: 'error', status: 502, code: 'ValidationError' }`.
 */
export class ResultValidationError extends Error {
  override readonly name = 'ResultValidationError';
}
