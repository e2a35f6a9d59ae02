import { proxyOrigin, redirectLocation, type Decision, type ProxyOrigin, type RoutingTable } from '../router/table/edge.js';
import type { CfRequest, CfResponse, CfSetCookie } from './event.js';
import { rawQuery } from './request.js';
import { redirectResponse } from './response.js';

/** What changes a request's origin: the `cloudfront` module (`cf`). */
export interface OriginChanger {
  updateRequestOrigin(origin: ProxyOrigin): void;
}

/**
 * The function's answer once a table has decided. Viewer response (`response`
 * given): the origin's response, labelled (see `labelResponse`). Viewer
 * request: proxy mode changes the origin (domain, path, port, protocol and
 * Host, so an API Gateway origin accepts it and the viewer never sees its
 * URL) and lets the request through; redirect mode answers with the table's
 * status (307/308 keep the method and body), the path and the raw query kept
 * (`rawQueryString()` only: rebuilding it as the seed layout does would not
 * fit the size budget), labelled too.
 *
 * @example return answer(event.request, undefined, table, decide(facts, table), cf);
 */
export function answer(request: CfRequest, response: CfResponse | undefined, table: RoutingTable, decision: Decision, cf: OriginChanger): CfRequest | CfResponse {
  if (response) return labelResponse(response, table, decision);
  if (table.m === 'r') {
    return labelResponse(redirectResponse(table.rs as number, redirectLocation(decision.cell, request.uri, rawQuery(request))), table, decision);
  }
  cf.updateRequestOrigin(proxyOrigin(decision.cell));
  return request;
}

/**
 * Names the chosen cell in the table's response header (unless turned off) and
 * sets a new visitor's cookie: on the redirect in redirect mode, on the
 * origin's response (viewer-response event) in proxy mode.
 */
export function labelResponse(response: CfResponse, table: RoutingTable, decision: Decision): CfResponse {
  if (table.h) response.headers[table.h] = { value: decision.cell.i };
  const cookie = decision.setVisitorCookie;
  // CloudFront's viewer-response events always carry `cookies`; redirects are built with it.
  if (cookie) (response.cookies as Record<string, CfSetCookie>)[cookie.name] = { value: cookie.value, attributes: cookie.attributes };
  return response;
}
