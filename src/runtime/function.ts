/**
 * A loaded CloudFront Function: compile once, then invoke per event in a sandbox
 * that keeps nothing from one invocation to the next, and turn the outcome into what the edge does next (spec §1 status rules):
 * a thrown exception or rejected promise is an ExecutionError (503); a result that
 * breaks a rule, or an invalid `cf.updateRequestOrigin`, is a ValidationError (502).
 *
 * Top-level code runs in every invocation, in a scope of its own, so a throw there (such as
 * `cf.kvs()` without an associated store) is an ExecutionError of each invocation,
 * not a load error: the code itself is valid.
 */
import { checkedEngine, compileScript, njsExecutor, vmExecutor, type EngineName, type Executor, type NjsOptions } from './engines/index.js';
import { ResultValidationError } from './errors.js';
import { rawQueryOf } from './event.js';
import { LogCollector } from './logs.js';
import { OriginRoute } from './origin-route.js';
import { toForwardRequest } from './output-request.js';
import { toFunctionResponse } from './output-response.js';
import { LOCAL_COMPUTE_BUDGET_MS } from './sandbox.js';
import { prepareSource } from './source.js';
import type { FunctionEvent, Invocation, InvokeOptions, KvsReader } from './types.js';
import type { ContextMode } from './context-mode.js';

/** How a function is loaded. */
export interface LoadOptions {
  /**
   * Named in stack traces and error messages.
   * @default 'function.js'
   */
  filename?: string;
  /**
   * The associated KeyValueStore.
   * @default - none: `cf.kvs()` throws
   */
  kvs?: KvsReader;
  /**
   * The associated store's id, which `cf.kvs(id)` must name.
   * @default - `cf.kvs(id)` with any id throws
   */
  kvsId?: string;
  /**
   * The engine the function runs on: `vm` (V8 in a `node:vm` context) or `njs`
   * (NGINX njs, in warm child processes).
   * @default 'vm'
   */
  engine?: EngineName;
  /**
   * How the engine uses contexts: `warm` keeps one per function (vm: a context in
   * each invocation thread, a thread per core but one; njs: a few processes) and reuses
   * it while an audit finds nothing an invocation left behind; `fresh` makes a new
   * one for every invocation (vm: on the calling thread; njs: a process, as
   * `njs.processPerInvocation`). Both isolate invocations completely; `fresh` is slower.
   * @default 'warm'
   */
  contexts?: ContextMode;
  /**
   * Settings of the njs engine.
   * @default - `njs` on `PATH`
   */
  njs?: NjsOptions;
}

/** A function ready to run. */
export interface CloudFrontFunction {
  /** Runs the function for one event. Never rejects for anything the function does. */
  invoke(event: FunctionEvent, options?: InvokeOptions): Promise<Invocation>;
}

/**
 * Compiles a CloudFront Function (runtime `cloudfront-js-2.0`).
 *
 * @throws FunctionLoadError with code `SyntaxError`, `LoadError` or `NoHandler` and a message naming the file and line.
 * @throws EngineError `UnknownEngine` when `engine` is not `vm` or `njs`; `EngineUnavailable` when `engine: 'njs'` is asked for and njs is not installed.
 * @example
 * const fn = loadFunction(source, { filename: 'router.js', kvs: store, kvsId: store.id });
 * const outcome = await fn.invoke(viewerRequestEvent(facts, context));
 * if (outcome.kind === 'request') forward(outcome.request);
 */
export function loadFunction(source: string, options: LoadOptions = {}): CloudFrontFunction {
  const engine = checkedEngine(options.engine);
  const filename = options.filename ?? 'function.js';
  const prepared = prepareSource(source, filename);
  // Compiled on every engine, so that a function fails to load the same way on each.
  const script = compileScript(prepared);
  const execute = engine === 'njs' ? njsExecutor(prepared, { processPerInvocation: options.contexts === 'fresh', ...options.njs }) : vmExecutor(prepared, script, options.contexts);
  return {
    // `invoke` is async: whatever goes wrong comes back as a rejection, never a throw.
    invoke: (event, invokeOptions) => invoke(execute, filename, options, event, invokeOptions ?? {}),
  };
}

async function invoke(execute: Executor, filename: string, options: LoadOptions, event: FunctionEvent, invokeOptions: InvokeOptions): Promise<Invocation> {
  const eventType = event.context.eventType;
  const budgetMs = invokeOptions.computeBudgetMs ?? LOCAL_COMPUTE_BUDGET_MS;
  const logs = new LogCollector();
  const route = new OriginRoute(invokeOptions.originIds);

  // The callbacks are bound methods, not arrow functions: a build that keeps function
  // names (as the sources run in a checkout) would name each arrow on every call.
  const outcome = await execute({
    filename,
    eventJson: JSON.stringify(event),
    rawQuery: rawQueryOf(event.request),
    eventType,
    kvs: options.kvs,
    kvsId: options.kvsId,
    budgetMs,
    log: logs.add.bind(logs),
    updateOrigin: route.update.bind(route),
    selectOrigin: route.select.bind(route),
    createOriginGroup: route.createGroup.bind(route),
  });

  switch (outcome.kind) {
    case 'timeout':
      return fail(logs, 503, `The function exceeded the maximum allowed compute time (the local budget is ${budgetMs} ms)`);
    case 'unsettled':
      return fail(logs, 503, 'The promise handler(event) returned never settled');
    case 'threw':
      return fail(logs, 503, outcome.message);
    case 'memory':
      return fail(logs, 503, `The function exceeded the memory limit: ${outcome.message}`);
    case 'returned':
      break;
  }
  if (route.problem !== undefined) return fail(logs, 502, route.problem);
  if (outcome.json === null) return fail(logs, 502, 'The function returned a value that cannot be serialized (does it hold a cycle?)');
  if (outcome.json === undefined) return fail(logs, 502, `The function returned nothing; a ${eventType} function must return ${eventType === 'viewer-request' ? 'the request or a response' : 'the response'}`);
  const result: unknown = JSON.parse(outcome.json);
  if (typeof result !== 'object' || result === null || Array.isArray(result)) {
    return fail(logs, 502, `The function must return an object (the request or a response), not ${Array.isArray(result) ? 'an array' : JSON.stringify(result)}`);
  }
  const returned = result as Record<string, unknown>;
  try {
    if (eventType === 'viewer-response') {
      if (!('statusCode' in returned)) throw new ResultValidationError('A viewer-response function must return the response (an object with statusCode)');
      return { kind: 'response', response: toFunctionResponse(returned, event.response), logs: logs.lines };
    }
    if ('statusCode' in returned) return { kind: 'response', response: toFunctionResponse(returned, undefined), logs: logs.lines };
    const { request, eventRequest } = toForwardRequest(returned, event.request);
    route.applyTo(request);
    return { kind: 'request', request, eventRequest, logs: logs.lines };
  } catch (error) {
    if (error instanceof ResultValidationError) return fail(logs, 502, error.message);
    throw error;
  }
}

function fail(logs: LogCollector, status: 502 | 503, message: string): Invocation {
  return { kind: 'error', status, code: status === 502 ? 'ValidationError' : 'ExecutionError', message, logs: logs.lines };
}
