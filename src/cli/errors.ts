/**
 * Errors the CLI turns into exit codes. Library code throws its own typed
 * errors; only the CLI layer decides what a user sees and how the process exits.
 */

/** Exit codes, documented in the README. */
export const ExitCode = {
  ok: 0,
  /** The input or the store refused it. */
  failed: 1,
  /** The command line itself was wrong. */
  usage: 2,
  /** The store changed under us (ETag mismatch). */
  conflict: 3,
} as const;

/** The command line is wrong: unknown flag, missing value, bad choice. Printed with the usage. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The user's input or the store refused the operation; `exitCode` says how the process ends. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: number = ExitCode.failed,
  ) {
    super(message);
  }
}
