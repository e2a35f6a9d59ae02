/**
 * The njs engine: runs a function under NGINX njs (Debian's `njs` 0.7), the engine
 * CloudFront Functions appears to derive from, one child process per invocation.
 * Results go through the same checks as the vm engine's (`../../function.ts`), and
 * the `cloudfront` module and the call of `handler` are the vm engine's own
 * in-context scripts, so what differs between the engines is the language and its
 * built-ins: njs refuses what it does not support, and its error texts are its own.
 */
import type { PreparedSource } from '../../source.js';
import type { Executor } from '../types.js';
import { resolveNjs } from './binary.js';
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
  const binary = resolveNjs(options.binary);
  const mainText = mainModuleText(prepared);
  return (run) => {
    const bridge = createNjsBridge(run);
    return runNjsProcess({ binary, hostText: hostModuleText(bridge.host), mainText, bridge, budgetMs: run.budgetMs, filename: run.filename });
  };
}
