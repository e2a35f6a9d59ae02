/**
 * The compiled package, as an installed user runs it: `dist/` built from the
 * sources of this checkout once per bench run, and the environment that makes
 * `bin/cellfront.js` run it (`CELLFRONT_RUN=dist`) instead of the sources through tsx.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** What a child process needs to run the compiled CLI. */
export const DIST_ENV = { CELLFRONT_RUN: 'dist', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } as const;

let built: Promise<void> | undefined;

/** Builds `dist/` (`npm run build`), once per process: every part of the bench measures the same build. */
export function buildDist(): Promise<void> {
  built ??= promisify(execFile)(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/build-package.ts')], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 }).then(() => undefined);
  return built;
}
