/**
 * The default engine: V8, in a `node:vm` context (`../sandbox.ts`), warm per
 * loaded function and audited after each invocation (`../warm-context.ts`), or
 * fresh per invocation. The function is compiled once, here.
 */
import vm from 'node:vm';
import { FunctionLoadError } from '../errors.js';
import { runInSandbox } from '../sandbox.js';
import { STRICT_PREFIX, type PreparedSource } from '../source.js';
import type { ContextMode } from '../context-mode.js';
import { ContextSlot, wrapFunctionCode } from '../warm-context.js';
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

/** The vm engine's executor for a function, whose code `compileScript` accepted. */
export function vmExecutor(prepared: PreparedSource, script: vm.Script, mode: ContextMode = 'warm'): Executor {
  const wrapped = wrapFunctionCode(prepared);
  if (!wrapped) return (run) => Promise.resolve(runInSandbox({ ...run, script }));
  const slot = new ContextSlot(wrapped, mode);
  return (run) => Promise.resolve(runInSandbox({ ...run, slot }));
}
