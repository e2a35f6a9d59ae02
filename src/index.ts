/**
 * `cellfront`, the library: what the CLI does, as functions. Load and check a
 * config, compile its routing table (moving the fewest keys from a previous
 * one), decide where a request goes, simulate a config, plan and apply changes
 * to a live store with ETag safety, build the edge function, and start the
 * whole local system.
 *
 * @example
 * import { applyPlan, createKvsClient, loadConfig, planFromConfig, RoutingStore, startLocalSystem } from 'cellfront';
 * const system = await startLocalSystem({ dataDir: '.cellfront/data', port: 0 });
 * const store = new RoutingStore(createKvsClient({ endpoint: system.kvsEndpoint }), system.store.arn);
 * const plan = planFromConfig(await store.read(), await loadConfig('cellfront.config.json', { outputs: ... }));
 * await applyPlan(store, plan, 'it was read');
 */

// The config: load, check against the schema and resolve references.
export {
  configSchema,
  ConfigError,
  CONFIG_DEFAULTS,
  formatIssue,
  loadConfig,
  readOutputsFile,
  resolveConfig,
  schemaIssues,
  type ConfigErrorCode,
  type ConfigIssue,
  type LoadConfigOptions,
  type OutputsFile,
  type RawConfig,
  type ResolvedCell,
  type ResolvedConfig,
  type StackOutputs,
} from './config/index.js';

// The routing table: compile, encode, decode, decide, simulate.
export {
  compileTable,
  decide,
  decodeStoredTable,
  decodeTable,
  encodeTable,
  percent,
  simulate,
  storeEntries,
  syntheticKeys,
  TableError,
  PIN_KEY_PREFIX,
  PREVIOUS_TABLE_KEY,
  TABLE_KEY,
  type CellShare,
  type CompiledTable,
  type CompileOptions,
  type KvsEntry,
  type RoutingTable,
  type SimulationOptions,
  type SimulationReport,
  type StoreEntries,
  type TableErrorCode,
} from './router/table/index.js';

// The control plane: read a live store, plan, apply, edit, shift, with If-Match on every write.
export {
  applyPlan,
  ControlError,
  isEmptyPlan,
  KVS_ARN_ENV,
  OUTPUT_NAMES,
  parsePlanFile,
  pin,
  planFileText,
  planFromConfig,
  readEdgeStats,
  resolveStoreTarget,
  rollback,
  RoutingStore,
  runShift,
  setDrained,
  unpin,
  type ControlErrorCode,
  type LiveState,
  type Plan,
  type PlanFile,
  type ShiftOptions,
  type ShiftResult,
  type StoreTarget,
  type StoreWrites,
  type WriteOutcome,
} from './control/index.js';
export { createKvsClient, KvsClientConfigError, type KvsClientOptions } from './aws/index.js';

// The edge function and the local system.
export { buildEdgeFunction, EdgeBuildError, writeEdgeFunction, type BuiltFunction, type EdgeBuildOptions } from './function/index.js';
export { DEV_STACK_NAME, startLocalSystem, type LocalSystem, type LocalSystemOptions } from './dev/local-system.js';
export { checkFunction, formatDiagnostics, type Diagnostic } from './check/index.js';
