/**
 * The CloudFront Function adapter around the routing core, and its build.
 * `edge-function.ts` is the function's entry (bundled, never imported by Node);
 * the other modules are plain functions the local runtime and tests can use.
 */
export { buildEdgeFunction, FUNCTION_BUDGET_BYTES, writeEdgeFunction, type BuiltFunction, type EdgeBuildOptions } from './build.js';
export { EdgeBuildError, type EdgeBuildErrorCode } from './build-error.js';
export { RUNTIME_20_SYNTAX } from './syntax.js';
export { rawQuery, viewerQuery } from './request.js';
export type { KvsReader, Store } from './store.js';
export { redirectResponse } from './response.js';
export { routeBySeedLayout } from './seed.js';
export { requestFacts } from './facts.js';
export { answer, labelResponse, type OriginChanger } from './cell.js';
export type { CfEvent, CfField, CfRequest, CfResponse, CfSetCookie } from './event.js';
