import type { RequestFacts } from '../router/table/edge.js';
import type { CfEvent } from './event.js';

/**
 * The routing decision's view of a request. The event's header, cookie and
 * query maps are passed as they are (the decision reads `{ value }` fields,
 * the first value of a repeated name): copying them would cost every request
 * time for names the table never asks about.
 * A request without a key is given the request id as its new visitor id:
 * CloudFront documents that the id identifies "a request and its associated
 * response", so the viewer-request and viewer-response invocations of one
 * request agree on the new visitor's id, and so on its cell.
 *
 * @example requestFacts(event).headers['x-tenant-id'] // { value: 't-7' }
 */
export function requestFacts(event: CfEvent): RequestFacts {
  const request = event.request;
  return {
    headers: request.headers || {},
    cookies: request.cookies || {},
    query: request.querystring,
    path: request.uri,
    method: request.method,
    clientIp: event.viewer.ip,
    // Base64 characters, all of them valid in a cookie value (RFC 6265 cookie-octet).
    newVisitorId: event.context.requestId,
  };
}
