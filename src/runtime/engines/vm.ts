/**
 * The default engine: V8, in a fresh `node:vm` context per invocation
 * (`../sandbox.ts`). The function is compiled once, here.
 */
import vm from 'node:vm';
import { FunctionLoadError } from '../errors.js';
import { runInSandbox } from '../sandbox.js';
import { STRICT_PREFIX, type PreparedSource } from '../source.js';
import type { Executor } from './types.js';

/**
 * Compiles prepared code as the vm engine runs it.
 *
 * @throws FunctionLoadError `SyntaxError` for what acorn accepts and a script does not (top-level await, say).
 */
export function compileScript(prepared: PreparedSource): vm.Script {
  const { code, filename } = prepared;
  try {
    return new vm.Script(code, { filename, columnOffset: -STRICT_PREFIX.length });
  } catch (error) {
    const line = /:(\d+)/.exec(error instanceof Error ? (error.stack ?? '') : '')?.[1];
    const message = error instanceof Error ? error.message : String(error);
    throw new FunctionLoadError('SyntaxError', `SyntaxError: ${message} (${filename}${line ? `:${line}` : ''})`, line ? Number(line) : undefined);
  }
}

/** The vm engine's executor for a compiled script. */
export function vmExecutor(script: vm.Script): Executor {
  return (run) => Promise.resolve(runInSandbox({ ...run, script }));
}
