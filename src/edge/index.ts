export { startEdge, type Edge, type EdgeOptions } from './edge-server.js';
export { originFromUrl, originHost, type OriginTarget } from './origin.js';
export { applyOriginChange, type OriginChangeFields } from './origin-change.js';
export { EdgeStats } from './stats.js';
