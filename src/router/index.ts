/**
 * The routing core for the seed's data layout (`APIGW1URL`, `APIGW2URL`, ...):
 * pure functions from (request, stored targets, random source) to a redirect
 * location, and the text explaining why nothing can be routed. No I/O and no
 * CloudFront types; the CloudFront Function is an adapter around it. Routing
 * tables live in `table/`.
 *
 * Everything here also runs inside CloudFront Functions (runtime 2.0), so it is
 * written in that runtime's JavaScript subset (see src/function/syntax.ts) and
 * kept small: the function's code size counts every byte.
 */
export { route, type RandomSource } from './route.js';
export { isTarget } from './target.js';
export { joinLocation, type RequestTarget } from './location.js';
export { SEED_TARGET_KEYS_MAX, seedTargetKey } from './seed-layout.js';
export { describeProblem, type RoutingProblem, type SkippedTarget } from './problem.js';
