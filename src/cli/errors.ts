import { statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';

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

/** The file-system error codes {@link fileProblem} explains in words; any other error is a crash. */
const FILE_ERROR_CODES = new Set(['EISDIR', 'ENOTDIR', 'EEXIST', 'ENOENT', 'EACCES', 'EPERM', 'EROFS', 'ENOSPC']);

/** A Node file-system error (`EISDIR`, `ENOTDIR`, ...) of the kinds {@link fileProblem} explains. */
export function isFileError(error: unknown): error is NodeJS.ErrnoException & { readonly code: string } {
  return error instanceof Error && FILE_ERROR_CODES.has((error as NodeJS.ErrnoException).code ?? '');
}

/** A file (or directory) the CLI works on, as a flag names it, and what it does with it. */
export interface FileTarget {
  /** The flag that names it (`--out`); none for a file the CLI picks itself. */
  readonly flag?: string;
  /** The path as the user wrote it (or the CLI's own name for it). */
  readonly given: string;
  /** The working directory a relative `given` is resolved against. */
  readonly cwd: string;
  /** What the CLI does with it: the verb of the message (`cannot write ...`). */
  readonly action: 'read' | 'write' | 'use';
}

/**
 * Why a file operation on `target` failed, in a few words (`it is a
 * directory`, `/x/file is a file, not a directory`), or `undefined` when
 * `error` is not an ordinary file-system error.
 */
export function fileProblem(error: unknown, target: FileTarget): string | undefined {
  if (!isFileError(error)) return undefined;
  const { given, action } = target;
  const path = resolve(target.cwd, given);
  // Another path than the one named (a parent), written as the user wrote theirs: relative or absolute.
  const shown = (other: string) => (isAbsolute(given) ? other : relative(target.cwd, other) || '.');
  const at = error.path === undefined || resolve(error.path) === path ? undefined : shown(error.path);
  switch (error.code) {
    case 'EISDIR':
      return at === undefined ? 'it is a directory' : `${at} is a directory`;
    case 'ENOTDIR':
    case 'EEXIST': {
      // mkdir meets a file where a directory should be (EEXIST), or a path goes through a file (ENOTDIR).
      const file = error.code === 'EEXIST' && error.syscall !== 'mkdir' ? undefined : fileInTheWay(error.path ?? path);
      if (file === undefined) return error.code === 'EEXIST' ? 'it already exists' : 'a part of its path is not a directory';
      return resolve(file) === path ? 'it is a file, not a directory' : `${shown(file)} is a file, not a directory`;
    }
    case 'ENOENT':
      if (action === 'write') return `the folder ${dirname(given) === '.' ? 'it goes in' : dirname(given)} does not exist`;
      return action === 'read' ? 'no such file' : 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return at === undefined ? 'permission denied' : `permission denied on ${at}`;
    case 'EROFS':
      return 'the file system is read-only';
    default:
      return 'no space left on the device';
  }
}

/**
 * The one-line error for a failed file operation: `cannot write --out /tmp:
 * it is a directory`. Any other error is returned as it is, to be rethrown
 * as the crash it is.
 */
export function fileError(error: unknown, target: FileTarget): unknown {
  const why = fileProblem(error, target);
  if (why === undefined) return error;
  const named = target.flag === undefined ? target.given : `${target.flag} ${target.given}`;
  return new CliError(`cannot ${target.action} ${named}: ${why}`);
}

/** The first path, from `path` up to the root, that exists and is not a directory. */
function fileInTheWay(path: string): string | undefined {
  for (let at = path; ; at = dirname(at)) {
    try {
      if (!statSync(at).isDirectory()) return at;
    } catch {
      // Missing, or not reachable through a file: look further up.
    }
    if (dirname(at) === at) return undefined;
  }
}
