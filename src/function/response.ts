import { describeProblem, type RouteDecision, type RoutingProblem } from '../router/index.js';
import type { CfResponse } from './event.js';

/** Turns the core's decision into what the function returns to CloudFront. */
export function viewerResponse(decision: RouteDecision): CfResponse {
  if (decision.kind === 'unavailable') return problemResponse(decision.problem);
  return {
    statusCode: decision.status,
    statusDescription: 'Temporary Redirect',
    headers: {
      location: { value: decision.location },
      // Each request draws its own target; a cached redirect would pin a viewer.
      'cache-control': { value: 'no-store' },
    },
  };
}

/** A 503 generated response whose body explains what is missing and how to fix it. */
export function problemResponse(problem: RoutingProblem): CfResponse {
  return {
    statusCode: 503,
    statusDescription: 'Service Unavailable',
    headers: {
      'content-type': { value: 'text/plain; charset=utf-8' },
      'cache-control': { value: 'no-store' },
    },
    body: { data: describeProblem(problem), encoding: 'text' },
  };
}
