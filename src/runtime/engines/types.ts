/**
 * What every engine offers the runtime: run one prepared function for one event,
 * given the host's side of the bridge, and say how the run ended. The checks that
 * turn that ending into a request, a response or a 502/503 (`function.ts`) are the
 * same for every engine, so engines can only differ in how the code itself runs.
 */
import type { InvocationPorts } from '../bridge.js';
import type { SandboxOutcome } from '../sandbox.js';

/** The engines a function can run on: V8 in a `node:vm` context, or NGINX njs in a child process. */
export type EngineName = 'vm' | 'njs';

/** Every engine, default first. */
export const ENGINE_NAMES: readonly EngineName[] = ['vm', 'njs'];

/** One run, as the engine receives it: the event, the store and the host's callbacks. */
export type EngineRun = InvocationPorts & { readonly budgetMs: number };

/** Runs a loaded function once. Never rejects for anything the function does. */
export type Executor = (run: EngineRun) => Promise<SandboxOutcome>;

/** Why an engine cannot run at all (not the function's fault). */
export type EngineErrorCode = 'EngineUnavailable' | 'EngineFailed' | 'UnknownEngine';

/**
 * The engine itself failed: it is not one of `ENGINE_NAMES` (unknown), njs is not
 * installed, or its process died in a way no function can cause. Thrown by
 * `loadFunction` (unknown, unavailable) or rejected by `invoke` (failed); the CLI
 * reports it on one line.
 *
 * @example
 * try { loadFunction(source, { engine: 'njs' }); } catch (e) { if (e instanceof EngineError) console.error(e.message); }
 */
export class EngineError extends Error {
  override readonly name = 'EngineError';
  constructor(
    readonly code: EngineErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Whether `value` names an engine. */
export function isEngineName(value: string): value is EngineName {
  return (ENGINE_NAMES as readonly string[]).includes(value);
}

/**
 * `engine`, checked: an engine name, or `undefined` for the default.
 *
 * @throws EngineError `UnknownEngine` naming the engines there are.
 */
export function checkedEngine(engine: unknown): EngineName | undefined {
  if (engine === undefined || (typeof engine === 'string' && isEngineName(engine))) return engine;
  throw new EngineError('UnknownEngine', `engine ${JSON.stringify(engine) ?? String(engine)} is not an engine: ${ENGINE_NAMES.join(' or ')}`);
}
