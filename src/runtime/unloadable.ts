import type { FunctionLoadError } from './errors.js';
import type { CloudFrontFunction } from './function.js';

/**
 * A stand-in for a function whose code does not load: every invocation is an
 * execution error (503) carrying the load error, so an edge keeps serving, and
 * keeps saying why, instead of refusing to start.
 *
 * @example
 * let fn: CloudFrontFunction;
 * try { fn = loadFunction(source); } catch (e) { if (e instanceof FunctionLoadError) fn = unloadableFunction(e); else throw e; }
 */
export function unloadableFunction(error: FunctionLoadError): CloudFrontFunction {
  return {
    invoke: () => Promise.resolve({ kind: 'error', status: 503, code: 'ExecutionError', message: error.message, logs: [] }),
  };
}
