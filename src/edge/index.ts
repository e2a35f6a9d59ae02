export { startEdge, type Edge, type EdgeObserver, type EdgeOptions } from './edge-server.js';
export { EdgeConfigError, type EdgeConfigErrorCode } from './errors.js';
export type { OriginCall } from './forward.js';
export { originFromUrl, originHost, type OriginTarget } from './origin.js';
export { applyOriginChange, type OriginChangeFields } from './origin-change.js';
export { planOrigins, type OriginPlan } from './origin-plan.js';
export { DEFAULT_CELL_HEADER, EdgeStats, STATS_PATH, serveStats, type Counter, type StatsSnapshot } from './stats.js';
