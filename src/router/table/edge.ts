/**
 * The part of the routing table code that runs inside the edge function:
 * open the stored table, find the partition key, decide, check what the
 * decision hands to CloudFront, and turn the chosen cell into a redirect or an
 * origin change. Full validation (`decodeTable`) is for the tools. Import from here (not from
 * `index.ts`) when bundling for CloudFront Functions, so that compile,
 * validation and simulation code stays out of the function.
 */
export { PIN_KEY_PREFIX, SLOT_COUNT, TABLE_KEY } from './constants.js';
export { decisionFault, openStored, openTable } from './decode.js';
export { decide, overrideKeyOf, partitionKeyOf, value } from './decide.js';
export { slotOf } from './hash.js';
export {
  CELL_KEY_PREFIX,
  SHARD_KEY_PREFIX,
  cellKey,
  forcedId,
  poolDecision,
  poolOf,
  ruleOf,
  shardCell,
  shardKey,
} from './pools.js';
export { proxyOrigin, redirectLocation, type ProxyOrigin } from './origin.js';
export type {
  Decision,
  DecisionReason,
  FactValue,
  KeySource,
  PartitionKey,
  PoolHead,
  RequestFacts,
  RoutingTable,
  RuleDimension,
  TableCell,
  VisitorCookie,
} from './types.js';
