/**
 * The njs engine: runs a function under NGINX njs (Debian's `njs` 0.7), the engine
 * CloudFront Functions appears to derive from, one child process per invocation.
 * Results go through the same checks as the vm engine's (`../../function.ts`), and
 * the `cloudfront` module and the call of `handler` are the vm engine's own
 * in-context scripts, so what differs between the engines is the language and its
 * built-ins: njs refuses what it does not support, and its error texts are its own.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { PreparedSource } from '../../source.js';
import { EngineError, type Executor } from '../types.js';
import { createNjsBridge } from './bridge.js';
import { hostModuleText, mainModuleText } from './module-text.js';
import { runNjsProcess } from './process.js';

/** How the njs engine is set up. */
export interface NjsOptions {
  /**
   * The njs binary.
   * @default - `njs` found on `PATH`
   */
  readonly binary?: string;
}

/**
 * The njs executor for a prepared function.
 *
 * @throws EngineError `EngineUnavailable` when njs is not installed.
 * @example
 * const execute = njsExecutor(prepareSource(source, 'router.js'));
 */
export function njsExecutor(prepared: PreparedSource, options: NjsOptions = {}): Executor {
  const binary = options.binary ?? findNjs();
  assertExecutable(binary);
  const mainText = mainModuleText(prepared);
  return (run) => {
    const bridge = createNjsBridge(run);
    return runNjsProcess({ binary, hostText: hostModuleText(bridge.host), mainText, bridge, budgetMs: run.budgetMs, filename: run.filename });
  };
}

/**
 * The path of `njs` on `PATH`.
 *
 * @throws EngineError `EngineUnavailable` when there is none.
 */
export function findNjs(path = process.env.PATH ?? ''): string {
  for (const dir of path.split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, 'njs');
    if (isExecutable(candidate)) return candidate;
  }
  throw unavailable('njs is not on PATH');
}

function assertExecutable(binary: string): void {
  if (!isExecutable(binary)) throw unavailable(`${binary} is not an executable file`);
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function unavailable(why: string): EngineError {
  return new EngineError('EngineUnavailable', `the njs engine needs NGINX njs (apt-get install njs): ${why}`);
}
