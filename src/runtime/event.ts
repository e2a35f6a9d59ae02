/**
 * Builds the event a function receives from an HTTP request (and, for
 * viewer-response, the origin's response) as spec §1 describes. Headers the
 * function may not see are left out of the event and remembered beside it, so the
 * runtime can forward them after the function ran.
 */
import { addCookieHeader, addSetCookieHeader } from './cookies.js';
import { isHiddenHeader, isHopByHopHeader } from './headers.js';
import { parseQuery } from './query.js';
import type { EventContext, EventRequest, EventResponse, FunctionEvent, HttpRequestFacts, SetCookieMap, ValueMap } from './types.js';
import { appendItem, copyJsonData, itemsOf } from './values.js';

interface RequestExtras {
  readonly rawQuery: string | undefined;
  /** Headers hidden from the function that still go to the origin. */
  readonly hidden: ReadonlyArray<[string, string]>;
}

/*
 * Kept on the event objects themselves under symbols, as non-enumerable properties:
 * invisible to the function, to JSON and to `Object.keys`, like a WeakMap entry, and
 * several times cheaper to set than one (two per viewer request and response).
 */
const REQUEST_EXTRAS = Symbol('cellfront.requestExtras');
const RESPONSE_HIDDEN = Symbol('cellfront.responseHidden');

interface WithRequestExtras {
  [REQUEST_EXTRAS]?: RequestExtras;
}
interface WithResponseHidden {
  [RESPONSE_HIDDEN]?: ReadonlyArray<[string, string]>;
}

/**
 * The viewer-request event for one HTTP request.
 *
 * @example
 * const event = viewerRequestEvent(
 *   { method: req.method, url: req.url, rawHeaders: req.rawHeaders, clientIp: '203.0.113.9' },
 *   { distributionDomainName: 'd111.cloudfront.net', distributionId: 'E1', requestId: 'r-1' },
 * );
 */
export function viewerRequestEvent(facts: HttpRequestFacts, context: EventContext): FunctionEvent {
  const { path, rawQuery } = splitTarget(facts.url);
  const headers: ValueMap = {};
  const cookies: ValueMap = {};
  const hidden: Array<[string, string]> = [];
  const raw = facts.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = (raw[i] as string).toLowerCase();
    const value = raw[i + 1] as string;
    if (isHiddenHeader(name)) {
      if (!isHopByHopHeader(name)) hidden.push([name, value]);
    } else if (name === 'cookie') {
      addCookieHeader(cookies, value);
    } else {
      appendItem(headers, name, { value });
    }
  }
  const request = withExtras({ method: facts.method, uri: path, querystring: parseQuery(rawQuery), headers, cookies }, { rawQuery, hidden });
  return {
    version: '1.0',
    context: {
      distributionDomainName: context.distributionDomainName,
      distributionId: context.distributionId,
      eventType: 'viewer-request',
      requestId: context.requestId,
    },
    viewer: { ip: facts.clientIp },
    request,
  };
}

/**
 * The viewer-response event: the request as it went to the origin and the
 * origin's response (`Set-Cookie` parsed into `cookies`).
 */
export function viewerResponseEvent(
  request: EventRequest,
  origin: { statusCode: number; statusMessage: string; rawHeaders: readonly string[] },
  context: EventContext,
  clientIp: string,
): FunctionEvent {
  // The extras never change once set, so the copy shares them.
  const copy = withExtras(copyJsonData(request) as EventRequest, extrasOf(request) ?? { rawQuery: rawQueryOf(request), hidden: [] });
  return viewerResponseEventAround(copy, origin, context, clientIp);
}

/**
 * `viewerResponseEvent` around `request` itself rather than a copy: for a caller that
 * owns the request, changes neither it nor the event, and only hands the event to
 * `invoke` (which serializes it). The edge does, once per proxied request.
 */
export function viewerResponseEventAround(
  request: EventRequest,
  origin: { statusCode: number; statusMessage: string; rawHeaders: readonly string[] },
  context: EventContext,
  clientIp: string,
): FunctionEvent {
  const headers: ValueMap = {};
  const cookies: SetCookieMap = {};
  const hidden: Array<[string, string]> = [];
  const raw = origin.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = (raw[i] as string).toLowerCase();
    const value = raw[i + 1] as string;
    if (isHiddenHeader(name)) {
      if (!isHopByHopHeader(name)) hidden.push([name, value]);
    } else if (name === 'set-cookie') {
      addSetCookieHeader(cookies, value);
    } else {
      appendItem(headers, name, { value });
    }
  }
  const response: EventResponse = { statusCode: origin.statusCode, statusDescription: origin.statusMessage, headers, cookies };
  hideOn(response, RESPONSE_HIDDEN, hidden);
  return {
    version: '1.0',
    context: {
      distributionDomainName: context.distributionDomainName,
      distributionId: context.distributionId,
      eventType: 'viewer-response',
      requestId: context.requestId,
    },
    viewer: { ip: clientIp },
    request,
    response,
  };
}

/**
 * The viewer's query string without `?` (what `request.rawQueryString()` answers).
 * For an event built elsewhere (a test event), it is rebuilt from `querystring`.
 */
export function rawQueryOf(request: EventRequest): string | undefined {
  const extras = extrasOf(request);
  if (extras) return extras.rawQuery;
  const pairs: string[] = [];
  for (const [name, entry] of Object.entries(request.querystring ?? {})) {
    for (const item of itemsOf(entry)) pairs.push(`${name}=${item.value}`);
  }
  return pairs.length === 0 ? undefined : pairs.join('&');
}

/** The viewer's headers the function could not see and that are still forwarded. */
export function hiddenRequestHeaders(request: EventRequest): ReadonlyArray<[string, string]> {
  return extrasOf(request)?.hidden ?? [];
}

/** The origin's response headers the function could not see and that still reach the viewer. */
export function hiddenResponseHeaders(response: EventResponse): ReadonlyArray<[string, string]> {
  return Object.prototype.hasOwnProperty.call(response, RESPONSE_HIDDEN) ? ((response as WithResponseHidden)[RESPONSE_HIDDEN] ?? []) : [];
}

/** Remembers a request's raw query and hidden headers, and gives it `rawQueryString()`. */
export function withExtras(request: EventRequest, extras: RequestExtras): EventRequest {
  hideOn(request, REQUEST_EXTRAS, extras);
  Object.defineProperty(request, 'rawQueryString', {
    value: rawQueryMethod(extras.rawQuery),
    enumerable: false,
    writable: true,
    configurable: true,
  });
  return request;
}

/** The extras `withExtras` gave this very object (never ones it inherits). */
function extrasOf(request: EventRequest): RequestExtras | undefined {
  return Object.prototype.hasOwnProperty.call(request, REQUEST_EXTRAS) ? (request as WithRequestExtras)[REQUEST_EXTRAS] : undefined;
}

function hideOn(target: object, key: symbol, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: false, writable: true, configurable: true });
}

/** `rawQueryString()` for one request: an unnamed closure, which a build that keeps names does not rename per call. */
function rawQueryMethod(rawQuery: string | undefined): () => string | undefined {
  return () => rawQuery;
}

/** Splits a request target into the path and the raw query (`undefined` without `?`). */
function splitTarget(url: string): { path: string; rawQuery: string | undefined } {
  // A proxy-style absolute target (`http://host/path`) still names a path on this host.
  let target = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '');
  const hash = target.indexOf('#');
  if (hash !== -1) target = target.slice(0, hash);
  const question = target.indexOf('?');
  const path = question === -1 ? target : target.slice(0, question);
  return { path: path.startsWith('/') ? path : `/${path}`, rawQuery: question === -1 ? undefined : target.slice(question + 1) };
}
