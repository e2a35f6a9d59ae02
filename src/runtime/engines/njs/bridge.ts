/**
 * The Node side of the njs bridge: the vm engine's own `host` (`../../bridge.ts`),
 * bound to the run, split into constants, written into the host module, and
 * functions, which the njs process calls over the line protocol. The in-context
 * scripts both engines run use `host` by these names and meanings.
 */
import { createBridge } from '../../bridge.js';
import type { SandboxOutcome } from '../../sandbox.js';
import type { EngineRun } from '../types.js';
import { MAIN_FILE_NAME, type HostConstants } from './module-text.js';

/** A bridge function: primitives in, a primitive (or undefined) out. */
export type BridgeFunction = (...args: unknown[]) => unknown;

/** The bridge for one run, and the outcome its `settle` recorded. */
export interface NjsBridge {
  readonly host: HostConstants;
  readonly functions: Readonly<Record<string, BridgeFunction>>;
  /** Set once the function's result (or error) is known. */
  outcome(): SandboxOutcome | undefined;
}

/** Builds the bridge for `run`; messages naming the njs-side file name are rewritten to `run.filename`. */
export function createNjsBridge(run: EngineRun): NjsBridge {
  let settled: SandboxOutcome | undefined;
  let memory: string | undefined;
  const bridge = createBridge();
  bridge.bind({
    ...run,
    // driver.js finds where an error was thrown by this name in njs's stack traces.
    filename: MAIN_FILE_NAME,
    settle: (kind, payload) => {
      settled ??=
        kind === 'ok'
          ? { kind: 'returned', json: payload }
          : { kind: 'threw', message: payload === undefined || payload === null ? 'Uncaught exception' : renameFile(payload, run.filename) };
    },
    memoryExceeded: (description) => {
      memory ??= description;
    },
  });
  const constants: Record<string, unknown> = {};
  const functions: Record<string, BridgeFunction> = {};
  for (const [name, value] of Object.entries(bridge.host)) {
    if (typeof value === 'function') functions[name] = value as BridgeFunction;
    else constants[name] = value;
  }
  return {
    host: { constants, functions: Object.keys(functions) },
    functions,
    outcome: () => (memory !== undefined ? { kind: 'memory', message: memory } : settled),
  };
}

/** njs names the function's file by its temporary name; say the real one. */
export function renameFile(message: string, filename: string): string {
  return message.split(`${MAIN_FILE_NAME}:`).join(`${filename}:`);
}
