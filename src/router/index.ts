/**
 * The routing core: a pure function from (request facts, stored targets, random
 * source) to a decision. No I/O and no CloudFront types; the CloudFront Function,
 * the local edge and the CLI's simulator are adapters around it.
 *
 * Everything here also runs inside CloudFront Functions (runtime 2.0), so it is
 * written in that runtime's JavaScript subset (see src/function/syntax.ts).
 */
export { route } from './route.js';
export { parseTarget, type Target, type TargetParse } from './target.js';
export { joinLocation, type RequestTarget } from './location.js';
export { queryFromPairs, type QueryPair } from './query.js';
export { pickIndex, type RandomSource } from './pick.js';
export { SEED_TARGET_KEYS_MAX, seedTargetKey } from './seed-layout.js';
export { describeProblem, summarizeProblem, type RoutingProblem } from './problem.js';
export type {
  RedirectDecision,
  ReadFailure,
  RouteDecision,
  RouteInput,
  SkippedTarget,
  StoredTarget,
  StoreRead,
  UnavailableDecision,
} from './types.js';
