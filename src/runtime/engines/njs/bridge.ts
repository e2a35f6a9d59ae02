/**
 * The Node side of the njs bridge: the same primitives-only `host` the vm engine
 * gives its context (see `../../sandbox.ts`), split into constants, written into
 * the host module, and functions, which the njs process calls over the line
 * protocol. Names and meanings must stay those of the vm engine's bridge: the
 * in-context scripts that use them are shared.
 */
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
  const kvs = run.kvs;
  let outcome: SandboxOutcome | undefined;
  const functions: Record<string, BridgeFunction> = {
    log: (line) => void guard(() => run.log(String(line))),
    kvsGet: (key) => guard(() => kvs?.get(String(key))),
    kvsExists: (key) => guard(() => kvs?.get(String(key)) !== undefined),
    kvsMeta: () => guard(() => JSON.stringify(kvs?.meta() ?? null)),
    updateOrigin: (json) => void guard(() => run.updateOrigin(typeof json === 'string' ? json : null)),
    settle: (kind, payload) => {
      if (outcome !== undefined) return;
      outcome =
        kind === 'ok'
          ? { kind: 'returned', json: payload === undefined ? undefined : typeof payload === 'string' ? payload : null }
          : { kind: 'threw', message: typeof payload === 'string' ? renameFile(payload, run.filename) : 'Uncaught exception' };
    },
  };
  return {
    host: {
      constants: {
        filename: MAIN_FILE_NAME,
        eventJson: run.eventJson,
        hasRawQuery: run.rawQuery !== undefined,
        rawQuery: run.rawQuery,
        eventType: run.eventType,
        startMs: Date.now(),
        kvsAttached: kvs !== undefined,
        kvsId: run.kvsId,
      },
      functions: Object.keys(functions),
    },
    functions,
    outcome: () => outcome,
  };
}

/** njs names the function's file by its temporary name; say the real one. */
export function renameFile(message: string, filename: string): string {
  return message.split(`${MAIN_FILE_NAME}:`).join(`${filename}:`);
}

/** A failing store or callback answers `null` ("failed"), as the vm engine's bridge does. */
function guard<T>(read: () => T): T | null {
  try {
    return read();
  } catch {
    return null;
  }
}
