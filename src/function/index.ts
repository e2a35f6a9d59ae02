/**
 * The CloudFront Function adapter around the routing core, and its build.
 * `edge-function.ts` is the function's entry (bundled, never imported by Node);
 * the other modules are plain functions the local runtime and tests can use.
 */
export { buildEdgeFunction, writeEdgeFunction, type BuiltFunction, type EdgeBuildOptions } from './build.js';
export { EdgeBuildError, type EdgeBuildErrorCode } from './build-error.js';
export { RUNTIME_20_SYNTAX } from './syntax.js';
export { requestTarget, viewerQuery, queryPairs } from './request.js';
export { readSeedTargets, type KvsReader } from './store.js';
export { viewerResponse, problemResponse } from './response.js';
export type { CfEvent, CfField, CfRequest, CfResponse } from './event.js';
