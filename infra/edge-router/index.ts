/** `EdgeRouter`: cellfront's router as a reusable CDK construct. */
export { CellOrigin, type CellUrlOriginOptions } from './cell-origin.js';
export { DEFAULT_EDGE_FUNCTION_PATH, EdgeRouter, type EdgeRouterProps, type OriginSecret, type RouterMode } from './edge-router.js';
export { deployTimeConfig, routingEntriesFromConfig } from './config-entries.js';
export { VIEWER_COUNTRY_HEADER, VIEWER_COUNTRY_REGION_HEADER, viewerHeadersFor } from './viewer-headers.js';
export { restApiHost, restApiHostPlaceholder, substituteHosts } from './deploy-time-hosts.js';
export { EdgeRouterValidationError, type EdgeRouterErrorCode } from './errors.js';
export { KVS_ENTRIES_RESOURCE_TYPE, KvsEntries, type KvsEntriesProps } from './kvs-entries.js';
export { seedRoutingEntries, validateRoutingEntries, type HasUrl, type RoutingEntry } from './routing-entries.js';
