/** Codes of the errors loading a config can raise. */
export type ConfigErrorCode =
  /** The config or outputs file does not exist. */
  | 'file-not-found'
  /** The file exists but could not be read. */
  | 'file-unreadable'
  /** The file is not JSON. */
  | 'not-json'
  /** The outputs file is not in the `cdk deploy --outputs-file` shape. */
  | 'outputs-invalid'
  /** The config breaks the schema or a rule of meaning. */
  | 'config-invalid';

/** One problem, located by file and JSON pointer. */
export interface ConfigIssue {
  /** The file as the user named it. */
  readonly file: string;
  /** JSON pointer into the file (`/cells/1/weight`); `''` for the whole document. */
  readonly pointer: string;
  readonly message: string;
}

/** `cellfront.config.json#/cells/1/weight: must be >= 0` (just `file: message` for the whole document). */
export function formatIssue(issue: ConfigIssue): string {
  return `${issue.file}${issue.pointer ? `#${issue.pointer}` : ''}: ${issue.message}`;
}

/**
 * A config (or its outputs file) the user must fix. The message lists every
 * issue, one per line, each naming the file and the JSON pointer. Always the
 * user's fault: the CLI shows it without a stack.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly code: ConfigErrorCode,
    readonly issues: readonly ConfigIssue[],
  ) {
    super(issues.map(formatIssue).join('\n'));
  }
}

/** Escapes one JSON pointer segment (RFC 6901). */
export function pointerSegment(name: string | number): string {
  return String(name).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Joins segments into a JSON pointer: `pointer('cells', 1, 'weight')` is `/cells/1/weight`. */
export function pointer(...segments: readonly (string | number)[]): string {
  return segments.map((s) => `/${pointerSegment(s)}`).join('');
}
