/**
 * The routing table: how cells share the hash space (compile, with minimal
 * movement), how the table is stored in one KVS value (encode, decode), and the
 * pure routing decision the edge, the local edge and `simulate` share.
 * The edge function imports `./edge.js` only, to stay small.
 */
export * from './edge.js';
export { cellAccepted, decodeTable, fallbackFault, parse } from './decode.js';
export { isOff } from './pools.js';
export type { DecodedTable } from './types.js';
export {
  CELL_ID_PATTERN,
  PREVIOUS_TABLE_KEY,
  REDIRECT_STATUSES,
  TABLE_MAX_CELLS,
  TABLE_VERSION,
  type RedirectStatus,
} from './constants.js';
export { hash32 } from './hash.js';
export { utf8Length } from './bytes.js';
export { slotCounts } from './weights.js';
export { rebalance } from './rebalance.js';
export { compactLayout, freshLayout, normalizeRuns, runsFromFlat, runsToFlat, slotOwners, slotsPerCell, type Run } from './runs.js';
export { buildTable, encodeTable, encodedBytes, tableCell } from './encode.js';
export { compileTable, percent, type CompiledTable, type CompileOptions, type Movement } from './compile.js';
export { pinKey, storeEntries, type ByteBudget, type KvsEntry, type StoreEntries } from './entries.js';
export { TableError, type TableErrorCode } from './errors.js';
export { decodeStoredTable } from './stored.js';
export {
  factsForKey,
  simulate,
  syntheticKeys,
  type CellShare,
  type SimulationOptions,
  type SimulationReport,
} from './simulate.js';
export type { SourceSpec } from './types.js';
export { ruleDimensions, factSpec, MAX_RULES } from './rule-index.js';
export {
  CELL_POOL_PREFIX,
  compilePooled,
  DEFAULT_POOL,
  META_KEY_PREFIX,
  needsPools,
  pooledEntries,
  readShard,
  shardText,
  SHARD_TARGET_BYTES,
  type CompiledPooled,
  type PooledTable,
  type PoolLayout,
  type PoolMovement,
} from './pools-compile.js';
export { pooledFromStore, routePooled, type SyncGet } from './pools-read.js';
export { compileForStore, embeddableTable, liveTable, type LiveTable, type StoreCompile } from './store-compile.js';
export { simulatePooled, type PooledSimulationReport, type PoolShares, type RuleShare, type ViewerFacts } from './simulate-pooled.js';
