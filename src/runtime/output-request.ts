/**
 * Turns the request a viewer-request function returned into the request the edge
 * forwards (spec §1): method unchanged, `uri` starting with `/`, query and cookies
 * merged and serialized, hidden headers put back, and the URL within CloudFront's
 * limit.
 */
import { URL_MAX_CHARS } from '../limits.js';
import { addCookieHeader, forwardCookieHeader } from './cookies.js';
import { ResultValidationError } from './errors.js';
import { hiddenRequestHeaders, rawQueryOf, withExtras } from './event.js';
import { isHopByHopHeader } from './headers.js';
import { outputHeaders } from './output-headers.js';
import { forwardQuery, parseQuery } from './query.js';
import { hasControlChar } from './text.js';
import type { EventRequest, ForwardRequest, ValueMap } from './types.js';
import { appendItem, describe } from './values.js';

/** What a returned request turns into: the request to forward and its event form. */
export interface ConvertedRequest {
  readonly request: ForwardRequest;
  readonly eventRequest: EventRequest;
}

/**
 * @param returned - the function's result, already known to be an object without `statusCode`.
 * @param original - `event.request` as the function received it.
 * @throws ResultValidationError naming the field that breaks a rule.
 */
export function toForwardRequest(returned: Record<string, unknown>, original: EventRequest): ConvertedRequest {
  if (returned.method !== undefined && returned.method !== original.method) {
    throw new ResultValidationError(`request.method is read-only (the viewer sent ${original.method}; got ${describe(returned.method)})`);
  }
  const uri = returned.uri === undefined ? original.uri : returned.uri;
  if (typeof uri !== 'string' || !uri.startsWith('/')) {
    throw new ResultValidationError(`request.uri must be a string that starts with "/" (got ${describe(uri)})`);
  }
  if (uri.includes(' ') || hasControlChar(uri)) {
    throw new ResultValidationError('request.uri may not hold spaces or control characters (percent-encode them)');
  }
  const query = forwardQuery(returned.querystring, { map: original.querystring, raw: rawQueryOf(original) });
  const length = uri.length + (query === undefined ? 0 : query.length + 1);
  if (length > URL_MAX_CHARS) {
    throw new ResultValidationError(`request.uri plus the query string is ${length} characters; CloudFront allows at most ${URL_MAX_CHARS}`);
  }

  const visible = outputHeaders(returned.headers, original.headers, {
    eventType: 'viewer-request',
    field: 'request.headers',
    cookieHeader: 'cookie',
  });
  const cookie = forwardCookieHeader(returned.cookies === undefined ? original.cookies : returned.cookies, original.cookies);
  const hidden = hiddenRequestHeaders(original);
  const headers: Array<[string, string]> = [];
  const eventHeaders: ValueMap = {};
  for (const header of visible) {
    if (!isHopByHopHeader(header[0])) headers.push(header);
    appendItem(eventHeaders, header[0], { value: header[1] });
  }
  if (cookie !== undefined) headers.push(['cookie', cookie]);
  for (const header of hidden) if (!isHopByHopHeader(header[0])) headers.push(header);

  const eventCookies: ValueMap = {};
  if (cookie !== undefined) addCookieHeader(eventCookies, cookie);
  const eventRequest = withExtras(
    { method: original.method, uri, querystring: parseQuery(query), headers: eventHeaders, cookies: eventCookies },
    { rawQuery: query, hidden },
  );
  return { request: { method: original.method, uri, query, headers }, eventRequest };
}
