/** Why the edge function could not be built. */
export type EdgeBuildErrorCode =
  /** The routing table given to embed does not decode (it must be a compiled table). */
  | 'UNUSABLE_TABLE'
  /** esbuild could not bundle the sources (missing file, type-level syntax error, ...). */
  | 'BUNDLE_FAILED'
  /** The sources use JavaScript that CloudFront Functions runtime 2.0 lacks. */
  | 'UNSUPPORTED_SYNTAX'
  /** The bundle lacks the `import cf from 'cloudfront'` / `function handler(event)` shape. */
  | 'BAD_SHAPE'
  /** The bundle is over the function code size limit. */
  | 'FUNCTION_TOO_LARGE';

/** A build failure with a stable `code`; the message says what to change. */
export class EdgeBuildError extends Error {
  override readonly name = 'EdgeBuildError';
  constructor(
    readonly code: EdgeBuildErrorCode,
    message: string,
  ) {
    super(message);
  }
}
