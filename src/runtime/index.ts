/**
 * The local CloudFront Functions runtime (`cloudfront-js-2.0`): builds events from
 * HTTP requests, runs a function in an isolated `node:vm` context with the
 * runtime's modules and a KeyValueStore, and turns its result into a request to
 * forward, a response for the viewer, or CloudFront's 502/503 errors.
 *
 * @example
 * const fn = loadFunction(source, { kvs: store, kvsId: store.id });
 * const outcome = await fn.invoke(viewerRequestEvent(facts, context));
 */
export { FunctionLoadError, type FunctionLoadErrorCode } from './errors.js';
export { ENGINE_NAMES, EngineError, isEngineName, type EngineErrorCode, type EngineName, type NjsOptions } from './engines/index.js';
export { COMPUTE_STEP_BUDGET, estimateCompute, type ComputeEstimate } from './compute/index.js';
export { viewerRequestEvent, viewerResponseEvent } from './event.js';
export { loadFunction, type CloudFrontFunction, type LoadOptions } from './function.js';
export { functionOutput, type FunctionOutput, type OutputResponse } from './function-output.js';
export { unloadableFunction } from './unloadable.js';
export { LOCAL_COMPUTE_BUDGET_MS } from './sandbox.js';
export { CONTEXT_MODES, isContextMode, type ContextMode } from './context-mode.js';
export type {
  EventContext,
  EventRequest,
  EventResponse,
  EventType,
  ForwardRequest,
  FunctionEvent,
  FunctionResponse,
  HttpRequestFacts,
  Invocation,
  InvokeOptions,
  KvsReader,
  OriginChange,
  OriginGroup,
  OriginGroupMember,
  SetCookieMap,
  SetCookieEntry,
  ValueEntry,
  ValueMap,
} from './types.js';
