import { joinLocation } from './location.js';
import { pickIndex } from './pick.js';
import type { RoutingProblem } from './problem.js';
import { parseTarget, type Target } from './target.js';
import type { RouteDecision, RouteInput, SkippedTarget } from './types.js';

interface Usable {
  readonly key: string;
  readonly target: Target;
}

/**
 * Routes one request with the seed layout: traffic is split evenly between the
 * stored targets that are valid URLs; invalid ones are skipped and reported.
 * Pure: the same input (random source included) gives the same decision.
 *
 * @example
 * route({
 *   request: { path: '/users/7', query: 'a=1' },
 *   store: { associated: true, entries: [{ key: 'APIGW1URL', value: 'https://h/prod/' }], failure: undefined },
 *   random: Math.random,
 * }) // { kind: 'redirect', status: 307, location: 'https://h/prod/users/7?a=1', key: 'APIGW1URL', skipped: [] }
 */
export function route(input: RouteInput): RouteDecision {
  const store = input.store;
  if (!store.associated) return unavailable({ kind: 'no-store', message: store.message }, []);
  const usable: Usable[] = [];
  const skipped: SkippedTarget[] = [];
  store.entries.forEach((entry) => {
    const parsed = parseTarget(entry.value);
    if (parsed.ok) usable.push({ key: entry.key, target: parsed.target });
    else skipped.push({ key: entry.key, value: entry.value, reason: parsed.reason });
  });
  const failure = store.failure;
  if (usable.length > 0) {
    if (failure) skipped.push({ key: failure.key, value: undefined, reason: 'could not be read: ' + failure.message });
    const chosen = usable[pickIndex(usable.length, input.random)] as Usable;
    return {
      kind: 'redirect',
      status: 307,
      location: joinLocation(chosen.target, input.request),
      key: chosen.key,
      skipped: skipped,
    };
  }
  if (failure) {
    return unavailable({ kind: 'read-failed', key: failure.key, message: failure.message, skipped: skipped }, skipped);
  }
  if (store.entries.length === 0) return unavailable({ kind: 'no-targets' }, skipped);
  return unavailable({ kind: 'all-invalid', skipped: skipped }, skipped);
}

function unavailable(problem: RoutingProblem, skipped: readonly SkippedTarget[]): RouteDecision {
  return { kind: 'unavailable', status: 503, problem: problem, skipped: skipped };
}
