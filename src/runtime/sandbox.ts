/**
 * Runs one invocation in a fresh `node:vm` context. The context holds only ES
 * built-ins plus what the prelude scripts in `./sandbox/` build inside it (console,
 * require and the runtime's modules, Buffer, ...). Host and context talk through a
 * bridge that takes and returns only primitives, so function code never holds a
 * host object: host constructors would lead out of the sandbox.
 *
 * Compute: the function's top-level code and the call to `handler` each run under
 * the remaining budget. Microtasks run in the context's own queue right after each
 * run (`microtaskMode: 'afterEvaluate'`), so an async handler whose awaits resolve
 * within the invocation (KVS reads do) is covered by the budget too.
 *
 * Cost: the scripts are compiled once (prelude at import, the function at load);
 * each invocation pays for a new context and the prelude's run: under a
 * millisecond, a third of it for the context itself.
 */
import { readFileSync } from 'node:fs';
import { createHash, createHmac } from 'node:crypto';
import { types } from 'node:util';
import vm from 'node:vm';
import type { EventType, KvsReader } from './types.js';

/**
 * The local stand-in for CloudFront's unpublished compute limit: generous, so only
 * a function that loops or grinds trips it.
 */
export const LOCAL_COMPUTE_BUDGET_MS = 100;

const PRELUDE = ['codecs.js', 'encoding.js', 'globals.js', 'modules.js', 'cloudfront.js', 'driver.js'].map(
  (name) => new vm.Script(readFileSync(new URL(`./sandbox/${name}`, import.meta.url), 'utf8'), { filename: `runtime:${name}` }),
);
const HOOK = new vm.Script('__cellfront__()', { filename: 'runtime:hook' });

const CONTEXT_OPTIONS: vm.CreateContextOptions = {
  codeGeneration: { strings: false, wasm: false },
  microtaskMode: 'afterEvaluate',
};

/** What one run needs: the compiled function, its event and the host's side of the bridge. */
export interface SandboxRun {
  readonly script: vm.Script;
  readonly filename: string;
  readonly eventJson: string;
  readonly rawQuery: string | undefined;
  readonly eventType: EventType;
  readonly kvs: KvsReader | undefined;
  readonly kvsId: string | undefined;
  readonly budgetMs: number;
  log(line: string): void;
  /** Receives `cf.updateRequestOrigin`'s argument as JSON (`null` when it cannot be serialized). */
  updateOrigin(json: string | null): void;
}

/** How a run ended, before its result is checked against CloudFront's rules. */
export type SandboxOutcome =
  /** `json`: the result as JSON; `undefined` for no result, `null` when it cannot be serialized. */
  | { kind: 'returned'; json: string | undefined | null }
  | { kind: 'threw'; message: string }
  | { kind: 'timeout' }
  /** The handler's promise neither resolved nor rejected. */
  | { kind: 'unsettled' };

/** Runs the function once. Never throws for anything the function does. */
export function runInSandbox(run: SandboxRun): SandboxOutcome {
  let outcome: SandboxOutcome | undefined;
  const bridge = createBridge(run, (kind, payload) => {
    outcome = kind === 'ok' ? { kind: 'returned', json: payload } : { kind: 'threw', message: payload ?? 'Uncaught exception' };
  });
  const context = vm.createContext(Object.create(null), CONTEXT_OPTIONS);
  trackRejections(context);
  const internal = vm.runInContext('Object.create(null)', context) as Record<string, unknown>;
  for (const script of PRELUDE) (script.runInContext(context) as (host: object, internal: object) => void)(bridge, internal);

  const started = performance.now();
  const remaining = () => Math.max(1, Math.ceil(run.budgetMs - (performance.now() - started)));
  const runHook = (): SandboxOutcome | undefined => {
    try {
      HOOK.runInContext(context, { timeout: remaining() });
    } catch (error) {
      return isTimeout(error) ? { kind: 'timeout' } : { kind: 'threw', message: 'The function broke the runtime' };
    }
    return undefined;
  };

  try {
    run.script.runInContext(context, { timeout: remaining() });
  } catch (error) {
    if (isTimeout(error)) return { kind: 'timeout' };
    // Describing the error runs its getters: do it in the context, under the budget.
    internal.thrown = error;
    internal.action = 'describe';
    return runHook() ?? outcome ?? { kind: 'threw', message: 'Uncaught exception' };
  }
  internal.action = 'invoke';
  return runHook() ?? outcome ?? { kind: 'unsettled' };
}

function createBridge(run: SandboxRun, settle: (kind: 'ok' | 'error', payload: string | undefined | null) => void): object {
  const kvs = run.kvs;
  // Function code can reach none of these; they only ever see and return primitives.
  return Object.assign(Object.create(null) as object, {
    filename: run.filename,
    eventJson: run.eventJson,
    hasRawQuery: run.rawQuery !== undefined,
    rawQuery: run.rawQuery,
    eventType: run.eventType,
    startMs: Date.now(),
    kvsAttached: kvs !== undefined,
    kvsId: run.kvsId,
    log: (line: unknown) => void guard(() => run.log(String(line))),
    kvsGet: (key: string) => guard(() => kvs?.get(key)),
    kvsExists: (key: string) => guard(() => kvs?.get(key) !== undefined),
    kvsMeta: () => guard(() => JSON.stringify(kvs?.meta() ?? null)),
    digest: (algorithm: string, key: string | null, data: string) =>
      guard(() => {
        const hash = key === null ? createHash(algorithm) : createHmac(algorithm, Buffer.from(key, 'latin1'));
        return hash.update(Buffer.from(data, 'latin1')).digest().toString('latin1');
      }) ?? '',
    updateOrigin: (json: string | null) => void guard(() => run.updateOrigin(json)),
    settle: (kind: 'ok' | 'error', payload: string | undefined | null) => void guard(() => settle(kind, payload)),
  });
}

/**
 * Nothing may throw a host error into the context (its constructor leads out):
 * a failing store, hash or callback answers `null`, "failed".
 */
function guard<T>(read: () => T): T | null {
  try {
    return read();
  } catch {
    return null;
  }
}

/**
 * vm's timeout error (created in the context's realm). Read through a property
 * descriptor: a getter the function put on an error it threw must not run here,
 * outside the budget.
 */
function isTimeout(error: unknown): boolean {
  if (!types.isNativeError(error)) return false;
  return Object.getOwnPropertyDescriptor(error, 'code')?.value === 'ERR_SCRIPT_EXECUTION_TIMEOUT';
}

const sandboxPromisePrototypes = new WeakSet<object>();
let listening = false;

/**
 * A promise the function rejects and never handles (an unawaited `kvs.get` of a
 * missing key) must not crash the process, as an unhandled rejection does by
 * default; on CloudFront it is simply dropped. One process listener swallows
 * rejections of sandbox promises and keeps Node's behaviour for every other one.
 */
function trackRejections(context: vm.Context): void {
  sandboxPromisePrototypes.add(vm.runInContext('Promise.prototype', context) as object);
  if (listening) return;
  listening = true;
  process.on('unhandledRejection', (reason, promise) => {
    if (sandboxPromisePrototypes.has(Object.getPrototypeOf(promise) as object)) return;
    // Nobody else listens: do what Node does without listeners, and crash.
    if (process.listenerCount('unhandledRejection') === 1) throw reason;
  });
}
