/**
 * The CloudFront Function (viewer request, runtime 2.0): reads the routing
 * targets from the associated KeyValueStore and redirects the viewer to one of
 * them, or answers 503 with an explanation. `cellfront build` bundles this file
 * and everything it imports into one file; `cloudfront` stays an import.
 *
 * Written in runtime 2.0's subset of JavaScript (no destructuring, spread, `?.`,
 * `??`, classes, for...of, default parameters, Map/Set); the build rejects the rest.
 */
import cf from 'cloudfront';
import { route, summarizeProblem, type RouteDecision, type RoutingProblem } from '../router/index.js';
import { errorText } from './error-text.js';
import type { CfEvent, CfResponse } from './event.js';
import { requestTarget } from './request.js';
import { problemResponse, viewerResponse } from './response.js';
import { readSeedTargets } from './store.js';

/** The entry point CloudFront calls. Never throws: every failure becomes a 503. */
export async function handler(event: CfEvent): Promise<CfResponse> {
  try {
    const store = await readSeedTargets(() => cf.kvs());
    const decision = route({
      request: requestTarget(event.request),
      store: store,
      random: () => Math.random(),
    });
    log(decision);
    return viewerResponse(decision);
  } catch (err) {
    const problem: RoutingProblem = { kind: 'internal', message: errorText(err) };
    console.log(summarizeProblem(problem));
    return problemResponse(problem);
  }
}

// The runtime's console.log takes one argument; each line is one string.
function log(decision: RouteDecision): void {
  decision.skipped.forEach((s) => {
    console.log(
      'cellfront: skipped ' + s.key + (s.value === undefined ? '' : ' ' + JSON.stringify(s.value)) + ': ' + s.reason,
    );
  });
  if (decision.kind === 'unavailable') console.log(summarizeProblem(decision.problem));
}
