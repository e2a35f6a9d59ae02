/**
 * The engines a CloudFront Function can run on, behind one contract
 * (`Executor`): `vm` (V8 in a `node:vm` context, the default) and `njs` (NGINX
 * njs in a child process, the engine CloudFront's runtime appears to derive from).
 */
export { compileScript, vmExecutor } from './vm.js';
export { njsExecutor, type NjsOptions } from './njs/index.js';
export { resolveNjs } from './njs/binary.js';
export { withNjsFiles } from './njs/files.js';
export { checkedEngine, ENGINE_NAMES, EngineError, isEngineName, type EngineErrorCode, type EngineName, type EngineRun, type Executor } from './types.js';
