/**
 * The control plane: reads the routing keys of a KeyValueStore (on AWS or the
 * local store, through the same SDK client), plans the change a config makes,
 * and writes every change with `If-Match`, keeping the replaced table for
 * rollback. The CLI commands `validate`, `plan`, `apply`, `status`, `shift`,
 * `rollback`, `pin`, `unpin`, `drain` and `undrain` are thin adapters over it.
 */
export { ControlError, type ControlErrorCode } from './errors.js';
export { KVS_ARN_ENV, OUTPUT_NAMES, requireArn, resolveStoreTarget, type StoreTarget, type StoreTargetInput } from './target.js';
export { liveStateFrom, liveStoreJson, NO_WRITES, type LiveState, type StoredTable, type StoreWrites } from './live-state.js';
export { batchWrites, RoutingStore, storeFailure, type WriteOutcome } from './routing-store.js';
export { edgeOwners, edgeShares, shareChanges, type CellShareChange } from './shares.js';
export { cellOrigin, tableSettings } from './describe.js';
export { isEmptyPlan, planFromConfig, tableChanges, type Plan, type PlanChange, type PlanOptions } from './plan.js';
export { parsePlanFile, PLAN_FORMAT, PLAN_VERSION, planFileEndpoint, planFileText, type PlanFile } from './plan-file.js';
export { applyPlan } from './apply.js';
export { describeWrites, verifySavedPlan, type WritesDescription } from './plan-verify.js';
export { cellIndex, fallbackOf, liveTable, pin, rollback, setDrained, tableWrites, unpin, type Edit, type RollbackEdit } from './edits.js';
export { shiftedTable, shiftSteps, slotsOf } from './shift-table.js';
export { runShift, sleep, type FiveXxGuard, type ShiftOptions, type ShiftResult, type ShiftStep } from './shift.js';
export { EDGE_STATS_PATH, readEdgeStats, type CellCounters } from './edge-stats.js';
export {
  HISTORY_ACTIONS,
  HISTORY_KEY_PREFIX,
  HISTORY_SLOTS,
  historyFrom,
  historyKey,
  historyPut,
  isHistoryKey,
  nextSeq,
  parseHistoryValue,
  type Actor,
  type HistoryAction,
  type HistoryDraft,
  type HistoryEntry,
  type ShiftState,
} from './history.js';
export { ACTOR_ENV, actorFrom } from './actor.js';
export { planSummary, recorded, shareMoves } from './record.js';
export { tableForDisplay, type PoolSummary, type TableForDisplay } from './pooled-view.js';
