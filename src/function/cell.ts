import { proxyOrigin, redirectLocation, type Decision, type ProxyOrigin, type RoutingTable } from '../router/table/edge.js';
import type { CfRequest, CfResponse, CfSetCookie } from './event.js';
import { rawQuery } from './request.js';
import { redirectResponse } from './response.js';

/** `cf.updateRequestOrigin`, with the Host header the origin expects. */
export type OriginUpdater = (origin: ProxyOrigin & { readonly hostHeader?: string }) => void;

/**
 * Viewer request, table mode: sends the request to the decided cell. Proxy
 * mode changes the origin (domain, path, port, protocol and Host, so an API
 * Gateway origin accepts it and the viewer never sees its URL) and lets the
 * request through; redirect mode answers with the table's status (307/308 keep
 * the method and body), the path and the raw query kept (`rawQueryString()`
 * only: rebuilding it as the seed layout does would not fit the size budget).
 *
 * @example routeToCell(event.request, table, decide(facts, table), (o) => cf.updateRequestOrigin(o))
 */
export function routeToCell(request: CfRequest, table: RoutingTable, decision: Decision, updateOrigin: OriginUpdater): CfRequest | CfResponse {
  if (table.m === 'r') {
    return labelResponse(redirectResponse(table.rs as number, redirectLocation(decision.cell, request.uri, rawQuery(request))), table, decision);
  }
  updateOrigin(Object.assign({ hostHeader: decision.cell.d }, proxyOrigin(decision.cell)));
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
