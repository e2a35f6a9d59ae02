import type { RequestFacts } from '../router/table/edge.js';
import type { CfEvent, CfField } from './event.js';

/**
 * The routing decision's view of a request: flat header, cookie and query
 * maps (the first value of a repeated name), the path and the viewer's IP.
 * A request without a key is given the request id as its new visitor id:
 * CloudFront documents that the id identifies "a request and its associated
 * response", so the viewer-request and viewer-response invocations of one
 * request agree on the new visitor's id, and so on its cell.
 *
 * @example requestFacts(event).headers['x-tenant-id'] // 't-7'
 */
export function requestFacts(event: CfEvent): RequestFacts {
  const request = event.request;
  return {
    headers: values(request.headers),
    cookies: values(request.cookies),
    query: values(request.querystring),
    path: request.uri,
    clientIp: event.viewer.ip,
    // Base64 characters, all of them valid in a cookie value (RFC 6265 cookie-octet).
    newVisitorId: event.context.requestId,
  };
}

function values(fields: Readonly<Record<string, CfField>> | undefined): Record<string, string> {
  const flat: Record<string, string> = {};
  // Event maps are plain JSON objects: nothing inherited to guard against.
  for (const name in fields) flat[name] = (fields[name] as CfField).value;
  return flat;
}
