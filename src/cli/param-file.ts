import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UsageError } from './errors.js';

/** The prefixes the AWS CLI reads a parameter's value from a file with: text, and bytes. */
export const PARAM_FILE_PREFIXES = ['file://', 'fileb://'] as const;

/** The path in `file://PATH` or `fileb://PATH`, or `undefined` for a plain value. */
export function paramFilePath(value: string): string | undefined {
  const prefix = PARAM_FILE_PREFIXES.find((p) => value.startsWith(p));
  return prefix === undefined ? undefined : value.slice(prefix.length);
}

/**
 * A flag's value as the AWS CLI reads it: `file://PATH` and `fileb://PATH`
 * are the file's content (relative to `cwd`), anything else is the value itself.
 * Every value cellfront takes this way is text, so both read the file as UTF-8.
 */
export async function paramValue(value: string, flag: string, cwd: string): Promise<string> {
  const path = paramFilePath(value);
  if (path === undefined) return value;
  if (path === '') throw new UsageError(`--${flag}: ${value} names no file; expected e.g. file://values.json`);
  const full = resolve(cwd, path);
  try {
    return await readFile(full, 'utf8');
  } catch (error) {
    throw new UsageError(`--${flag}: cannot read ${full}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}
