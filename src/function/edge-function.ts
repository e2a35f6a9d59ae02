/**
 * The CloudFront Function (runtime 2.0), associated with the viewer-request
 * event and, for proxy mode, the viewer-response event too: the same file
 * serves both. `cellfront build` bundles this file and everything it imports
 * into one file; `cloudfront` stays an import.
 *
 * - A routing table (the store's, else the one embedded at build time) decides
 *   the cell: proxy or redirect on the request, then the cell header and a new
 *   visitor's cookie on the response. Both events make the same decision from
 *   the same facts.
 * - With no table anywhere, the seed's layout (`APIGW<n>URL`) keeps working.
 * - The router never answers 5xx for a store that fails or a table that is
 *   corrupt: it routes with the embedded table, or leaves the request to the
 *   default origin, and logs why. Only "nothing to route with" is a 503.
 *
 * Written in runtime 2.0's subset of JavaScript (no destructuring, spread, `?.`,
 * `??`, classes, for...of, default parameters, Map/Set); the build rejects the rest.
 */
import cf from 'cloudfront';
import { decide } from '../router/table/edge.js';
import { labelResponse, routeToCell } from './cell.js';
import type { WithEmbeddedTable } from './embedded-table.js';
import type { CfEvent, CfRequest, CfResponse } from './event.js';
import { requestFacts } from './facts.js';
import { log, TO_DEFAULT_ORIGIN } from './log.js';
import { routeBySeedLayout } from './seed.js';
import { chooseTable, readPin, type Store } from './table-source.js';

/** The entry point CloudFront calls, for either event. Never throws. */
export async function handler(event: CfEvent): Promise<CfRequest | CfResponse> {
  const response = event.context.eventType === 'viewer-response' ? event.response : undefined;
  try {
    let kvs: Store;
    try {
      kvs = cf.kvs();
    } catch (err) {
      kvs = String(err);
    }
    const table = await chooseTable(kvs);
    if (table && table !== 'seed') {
      const facts = requestFacts(event);
      const pinned = await readPin(kvs, table, facts);
      const decision = decide(facts, table, pinned);
      if (response) return labelResponse(response, table, decision);
      return routeToCell(event.request, table, decision, (origin) => cf.updateRequestOrigin(origin));
    }
    if (response) return response;
    // With a table embedded, `chooseTable` never answers 'seed', and the build drops the seed layout.
    if ((globalThis as WithEmbeddedTable).CELLFRONT_HAS_EMBEDDED_TABLE || !table) return event.request;
    return await routeBySeedLayout(kvs, event.request);
  } catch (err) {
    log(err + TO_DEFAULT_ORIGIN);
    return response || event.request;
  }
}
