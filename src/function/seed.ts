import { describeProblem, isTarget, route, SEED_TARGET_KEYS_MAX, seedTargetKey, type RoutingProblem, type SkippedTarget } from '../router/index.js';
import type { CfRequest, CfResponse } from './event.js';
import { log, TO_DEFAULT_ORIGIN } from './log.js';
import { viewerQuery } from './request.js';
import { redirectResponse } from './response.js';
import type { Store } from './store.js';

/**
 * Viewer request with the seed's data layout (no routing table anywhere):
 * reads `APIGW1URL`, `APIGW2URL`, ... in order until the first missing key (a
 * function cannot list keys), skips and logs values that are not URLs, and
 * redirects (307, keeping method, path and query) to one of the others at
 * random. Answers 503 with an explanation when the store holds nothing usable;
 * leaves the request to the default origin when the store fails before any
 * target is read. A build that embeds a table never gets here, and leaves
 * this module out.
 *
 * @example return routeBySeedLayout(cf.kvs(), event.request);
 */
export async function routeBySeedLayout(kvs: Store, request: CfRequest): Promise<CfRequest | CfResponse> {
  if (typeof kvs === 'string') return unavailable({ kind: 'no-store', message: kvs });
  const targets: string[] = [];
  const skipped: SkippedTarget[] = [];
  for (let n = 1; n <= SEED_TARGET_KEYS_MAX; n++) {
    const key = seedTargetKey(n);
    let value: string;
    try {
      value = await kvs.get(key);
    } catch (err) {
      // `get` rejects for a missing key and for a failed read alike; `exists`
      // tells the end of the list from a store that is not answering.
      if (await kvs.exists(key).then((found) => !found, () => false)) break;
      log(key + ' ' + err + (targets.length ? '' : TO_DEFAULT_ORIGIN));
      if (targets.length) break;
      return request;
    }
    // Trimmed: the seed README stores a value with a trailing space.
    if (isTarget(value.trim())) targets.push(value.trim());
    else {
      skipped.push({ key: key, value: value });
      log('skipped ' + key + ' ' + JSON.stringify(value));
    }
  }
  if (!targets.length) return unavailable(skipped.length ? { kind: 'all-invalid', skipped: skipped } : { kind: 'no-targets' });
  return redirectResponse(307, route(targets, { path: request.uri, query: viewerQuery(request) }, Math.random));
}

function unavailable(problem: RoutingProblem): CfResponse {
  log('503 ' + problem.kind);
  return {
    statusCode: 503,
    headers: { 'content-type': { value: 'text/plain; charset=utf-8' } },
    body: { data: describeProblem(problem), encoding: 'text' },
  };
}
