import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ConfigError } from './errors.js';

/**
 * Reads and parses a JSON file, naming the file (as the user wrote it) and the
 * line and column of a syntax error.
 */
export async function readJsonFile(file: string, cwd: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(resolve(cwd, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ConfigError('file-not-found', [{ file, pointer: '', message: 'no such file' }]);
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError('file-unreadable', [{ file, pointer: '', message: `cannot read: ${reason}` }]);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError('not-json', [{ file, pointer: '', message: `not valid JSON: ${withLine(reason, text)}` }]);
  }
}

/**
 * Makes a V8 JSON error one line: drops the copy of the input some messages
 * carry, and turns a character position into `(line L, column C)`.
 */
function withLine(reason: string, text: string): string {
  const short = reason.replace(/, ".*" is not valid JSON$/s, '').replace(/\s+/g, ' ');
  const match = /at position (\d+)/.exec(short);
  if (!match) return short;
  const before = text.slice(0, Number(match[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `${short} (line ${line}, column ${column})`;
}
