/** Where the njs binary is, and the one error every njs user gets when it is not there. */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { EngineError } from '../types.js';

/**
 * The njs binary to use: `binary` when given, else `njs` on `PATH`.
 *
 * @throws EngineError `EngineUnavailable` ("njs is not installed: apt-get install njs ...") when there is none.
 * @example
 * const njs = resolveNjs(); // '/usr/bin/njs'
 */
export function resolveNjs(binary?: string, path = process.env.PATH ?? ''): string {
  if (binary !== undefined) {
    if (!isExecutableFile(binary)) throw notInstalled(`${binary} is not an executable file`);
    return binary;
  }
  for (const dir of path.split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, 'njs');
    if (isExecutableFile(candidate)) return candidate;
  }
  throw notInstalled('no njs on PATH');
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function notInstalled(why: string): EngineError {
  return new EngineError('EngineUnavailable', `njs is not installed: apt-get install njs (${why})`);
}
