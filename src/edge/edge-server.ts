import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { isMemoryConnection, memoryConnection } from '../net/memory-connection.js';
import { REQUEST_BODY_MAX_BYTES, REQUEST_PARSER_MAX_BYTES } from '../limits.js';
import { isHopByHopHeader } from '../runtime/headers.js';
import { RandomBatch } from '../runtime/random-batch.js';
import { viewerLocationHeaders } from './viewer-location.js';
import { listen, type Listening } from '../net/listen.js';
import { hostHeaderIsLoopback } from '../net/loopback-host.js';
import { viewerResponseEventAround } from '../runtime/event.js';
import {
  viewerRequestEvent,
  type CloudFrontFunction,
  type EventContext,
  type FunctionEvent,
  type FunctionResponse,
  type Invocation,
} from '../runtime/index.js';
import { sendEdgeError, type EdgeResultType } from './cloudfront-errors.js';
import { EdgeConfigError } from './errors.js';
import { forwardAlong, type OriginCall } from './forward.js';
import type { OriginTarget } from './origin.js';
import { planOrigins } from './origin-plan.js';
import { serveFastViewers } from './fast-connection.js';
import { enforceHeadTimeout } from './head-timeout.js';
import { closeWhenUnread, isValidOriginStatus, pipeOriginBody } from './response-pipe.js';
import { EdgeStats, RESERVED_PATH_PREFIX, serveStats } from './stats.js';
import { ViewerBody } from './viewer-body.js';
import { answerUnparsable, checkViewerRequest } from './viewer-limits.js';
import type { ViewerRequest, ViewerResponse } from './viewer.js';

/** What the edge reports as it serves a request, each record carrying the request's id (`x-amz-cf-id`). */
export interface EdgeObserver {
  /** A function ran (viewer-request or viewer-response). */
  functionRun?(record: { readonly requestId: string; readonly eventType: 'viewer-request' | 'viewer-response'; readonly outcome: Invocation }): void;
  /** The edge sent the request to an origin (once per attempt: an origin group may make two). */
  originCall?(record: OriginCall & { readonly requestId: string }): void;
}

export interface EdgeOptions {
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** @default 0 (a free port) */
  readonly port?: number;
  /** The function on the viewer-request event, if any. */
  readonly viewerRequest?: CloudFrontFunction;
  /** The function on the viewer-response event, if any. */
  readonly viewerResponse?: CloudFrontFunction;
  /** The default cache behavior's origin: where requests go unless a function changes it. */
  readonly defaultOrigin: OriginTarget;
  /**
   * The distribution's other origins, which `cf.selectRequestOriginById` and
   * `cf.createRequestOriginGroup` name by id (the default origin can be named too).
   * @default - none
   */
  readonly origins?: readonly OriginTarget[];
  /**
   * Told about every function run and origin call (of the requests `observe` names).
   * @default - nothing is reported
   */
  readonly observer?: EdgeObserver;
  /**
   * Which requests `observer` hears of: all, or only those on connections from
   * `openConnection` (`in-memory`), for an observer that keeps records for a client
   * of its own, such as a test edge's `fetch`, and would keep those of requests to
   * `url` for no one.
   * @default 'all'
   */
  readonly observe?: 'all' | 'in-memory';
  /**
   * The response header naming the chosen cell, counted per cell in `stats` (served at `GET /_cellfront/stats`).
   * @default 'x-cellfront-cell'
   */
  readonly cellHeader?: string;
  /** @default 'E' + 13 random characters */
  readonly distributionId?: string;
  /** The name events carry as `distributionDomainName`. @default 'localhost:PORT' */
  readonly domainName?: string;
  /** Receives one line per function log entry and per edge-side error. */
  readonly log?: (line: string) => void;
  /**
   * Largest request body forwarded; a larger one gets 413 and the connection is closed.
   * @default REQUEST_BODY_MAX_BYTES (20 GB, CloudFront's quota)
   */
  readonly maxRequestBodyBytes?: number;
  /**
   * How long a viewer may take to send its request line and headers before the
   * connection is closed (slow clients holding connections open).
   * @default 10_000
   */
  readonly headersTimeoutMs?: number;
  /**
   * Whether simple requests on TCP connections (`GET`/`HEAD`, HTTP/1.1, kept alive, no
   * body) are read and answered by the edge itself rather than Node's HTTP server, in
   * the same bytes (`./fast-connection.ts`). Off, Node's server reads every request.
   * @default true
   */
  readonly fastViewers?: boolean;
}

export interface Edge extends Listening {
  readonly domainName: string;
  readonly distributionId: string;
  readonly stats: EdgeStats;
  /**
   * Opens a viewer connection to the edge in memory (`../net/memory-connection.ts`):
   * served by the same HTTP server as `url`, with no loopback network in between.
   * For a client in the same process, such as a test edge's `fetch`.
   */
  openConnection(): Duplex;
}


/**
 * Starts a local CloudFront distribution: each viewer request runs through the
 * viewer-request function, goes to the origin the function chose (or is answered
 * by the function), and the origin's answer runs through the viewer-response
 * function. Bodies stream both ways, never held whole. Errors get CloudFront's own
 * statuses: 502 for an invalid function result or origin response, 503 for a
 * function that failed, 494 for oversized request headers, 413 for a URL or body over
 * the limits, 504 for an origin that does not answer in time.
 *
 * @example
 * const edge = await startEdge({ viewerRequest: fn, defaultOrigin: originFromUrl('api1', api.stageUrl) });
 * await fetch(edge.url);
 */
export async function startEdge(options: EdgeOptions): Promise<Edge> {
  const declared = declareOrigins(options.defaultOrigin, options.origins ?? []);
  const distributionId = options.distributionId ?? `E${randomBytes(10).toString('hex').toUpperCase().slice(0, 13)}`;
  const stats = new EdgeStats(options.cellHeader);
  const log = options.log ?? (() => undefined);
  let domainName = options.domainName ?? '';
  const headersTimeout = options.headersTimeoutMs ?? 10_000;
  const serve = (req: ViewerRequest, res: ViewerResponse) => {
    const requestId = newRequestId();
    if (refuseForeignHost(req, res, requestId)) return;
    if (serveStats(req, res, stats)) return;
    handleRequest(scope, requestId, req, res).catch((error: unknown) => {
      log(`edge: internal error on ${req.method} ${req.url}: ${error instanceof Error ? error.stack : String(error)}`);
      try {
        closeWhenUnread(res);
        sendEdgeError(res, 502, 'The local edge failed to handle this request.', 'Error', requestId);
      } catch {
        // The process keeps serving: this viewer's connection is closed instead.
        res.destroy();
      }
    });
  };
  const server = createServer(
    {
      maxHeaderSize: REQUEST_PARSER_MAX_BYTES,
      // Bodies may take long to stream; only the request head is timed.
      requestTimeout: 0,
    },
    serve,
  );
  // Every header counts toward the 20,480-byte limit; none is dropped unseen.
  server.maxHeadersCount = 0;
  // A viewer that ends its side after its request still gets the answer, then the
  // connection closes (Node's default ends the socket at once and drops the answer).
  (server as { httpAllowHalfOpen?: boolean }).httpAllowHalfOpen = true;
  server.on('clientError', (error: Error & { code?: string }, socket) => answerUnparsable(error, socket, newRequestId()));
  const deadlines = enforceHeadTimeout(server, headersTimeout, (socket) =>
    answerUnparsable(Object.assign(new Error('request head timed out'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' }), socket, newRequestId()),
  );
  if (options.fastViewers !== false) serveFastViewers(server, deadlines, serve);
  const listening = await listen(server, options.host ?? '127.0.0.1', options.port ?? 0);
  if (!domainName) domainName = `localhost:${listening.port}`;
  // What every request is served with (no request comes before the server listens).
  const scope: RequestScope = { ...options, domainName, distributionId, stats, log, declared, originIds: [...declared.keys()], maxBody: options.maxRequestBodyBytes ?? REQUEST_BODY_MAX_BYTES };
  const openConnection = () => {
    const [viewer, edgeEnd] = memoryConnection();
    server.emit('connection', edgeEnd);
    return viewer;
  };
  return { ...listening, domainName, distributionId, stats, openConnection };
}

interface RequestScope extends EdgeOptions {
  readonly domainName: string;
  readonly distributionId: string;
  readonly stats: EdgeStats;
  readonly log: (line: string) => void;
  readonly declared: ReadonlyMap<string, OriginTarget>;
  readonly originIds: readonly string[];
  readonly maxBody: number;
}

/**
 * The edge's own paths (`/_cellfront/...`) answer only requests whose Host is a loopback
 * name; any other Host gets 403 (a page rebinding its DNS name to 127.0.0.1 is refused).
 */
function refuseForeignHost(req: ViewerRequest, res: ViewerResponse, requestId: string): boolean {
  if (!(req.url ?? '').startsWith(RESERVED_PATH_PREFIX) || hostHeaderIsLoopback(req.headers.host)) return false;
  req.resume();
  sendEdgeError(res, 403, `${RESERVED_PATH_PREFIX}* answers only requests for localhost, *.localhost, 127.0.0.1 or [::1].`, 'Error', requestId);
  return true;
}

/** Bytes of randomness per request id (56 base64url characters, as CloudFront's). */
const REQUEST_ID_BYTES = 42;
/** Random bytes for request ids, drawn for 128 ids at a time. */
const requestIdBytes = new RandomBatch(REQUEST_ID_BYTES * 128);

function newRequestId(): string {
  const at = requestIdBytes.take(REQUEST_ID_BYTES);
  return requestIdBytes.bytes.toString('base64url', at, at + REQUEST_ID_BYTES);
}

/** The origins by id, the default one first. */
function declareOrigins(defaultOrigin: OriginTarget, origins: readonly OriginTarget[]): Map<string, OriginTarget> {
  const declared = new Map<string, OriginTarget>([[defaultOrigin.id, defaultOrigin]]);
  for (const origin of origins) {
    const known = declared.get(origin.id);
    if (known && known !== origin) {
      throw new EdgeConfigError('DuplicateOriginId', `two origins have the id "${origin.id}"; each origin of a distribution needs its own id`);
    }
    declared.set(origin.id, origin);
  }
  return declared;
}

async function handleRequest(scope: RequestScope, requestId: string, req: ViewerRequest, res: ViewerResponse): Promise<void> {
  const refusal = checkViewerRequest(req, scope.maxBody);
  if (refusal) {
    scope.stats.count(refusal.status);
    closeWhenUnread(res, refusal.close);
    sendEdgeError(res, refusal.status, refusal.detail, 'Error', requestId, refusal.close);
    return;
  }
  const observer = observerOf(scope, req);
  // A request read by the edge itself has no body (`./fast-request.ts`).
  const body = req instanceof IncomingMessage ? ViewerBody.of(req, scope.maxBody, observer?.originCall !== undefined) : ViewerBody.empty();
  const clientIp = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  const context: EventContext = { distributionDomainName: scope.domainName, distributionId: scope.distributionId, requestId };
  // The dev-only location headers become CloudFront's viewer headers (see viewer-location.ts).
  const rawHeaders = viewerLocationHeaders(req.rawHeaders);
  const event = viewerRequestEvent({ method: req.method ?? 'GET', url: req.url ?? '/', rawHeaders, clientIp }, context);

  let plan = planOrigins({}, scope.defaultOrigin, scope.declared);
  let forward: { method: string; pathAndQuery: string; headers: Array<[string, string]> };
  // What the viewer-response event shows as `request`: the request as forwarded.
  let forwardedRequest = event.request;
  if (scope.viewerRequest) {
    const outcome = await scope.viewerRequest.invoke(event, { originIds: scope.originIds });
    reportFunction(scope, observer, 'viewer-request', requestId, outcome);
    if (outcome.kind === 'error') return answerFunctionError(scope, res, outcome, requestId);
    if (outcome.kind === 'response') return answerGenerated(scope, res, outcome.response, requestId);
    const request = outcome.request;
    forwardedRequest = outcome.eventRequest;
    plan = planOrigins(request, scope.defaultOrigin, scope.declared);
    forward = {
      method: request.method,
      pathAndQuery: request.query === undefined ? request.uri : `${request.uri}?${request.query}`,
      headers: request.headers,
    };
  } else {
    forward = { method: req.method ?? 'GET', pathAndQuery: req.url ?? '/', headers: pairs(rawHeaders) };
  }

  const via = `1.1 ${scope.distributionId.toLowerCase()}.cloudfront.net (CloudFront)`;
  const headers = forward.headers.filter(([name]) => !isHopByHopHeader(name.toLowerCase()) && name.toLowerCase() !== 'host');
  const priorXff = headers.find(([name]) => name.toLowerCase() === 'x-forwarded-for');
  const originHeaders: Array<[string, string]> = [
    ...headers.filter(([name]) => name.toLowerCase() !== 'x-forwarded-for'),
    ['x-forwarded-for', priorXff ? `${priorXff[1]}, ${clientIp}` : clientIp],
    ['via', via],
    ['x-amz-cf-id', requestId],
  ];
  const observe = observer?.originCall ? (call: OriginCall) => observer.originCall?.({ ...call, requestId }) : undefined;
  const forwarded = await forwardAlong(plan, { method: forward.method, pathAndQuery: forward.pathAndQuery, headers: originHeaders, body }, observe);
  const target = forwarded.target;
  if (forwarded.kind === 'error') {
    const { status, message } = forwarded.error;
    scope.log(`edge ${requestId}: origin ${target.id}: ${message}`);
    scope.stats.count(status, target.id);
    // The page names no origin host or port: the log has the details.
    closeWhenUnread(res, status === 413);
    sendEdgeError(res, status, '', 'Error', requestId, status === 413);
    return;
  }
  const originResponse = forwarded.response;
  if (!isValidOriginStatus(originResponse.statusCode)) {
    scope.log(`edge ${requestId}: origin ${target.id} answered with status ${originResponse.statusCode}, which is not a valid HTTP status`);
    originResponse.destroy();
    scope.stats.count(502, target.id);
    closeWhenUnread(res);
    sendEdgeError(res, 502, '', 'Error', requestId);
    return;
  }

  let status = originResponse.statusCode;
  let statusMessage = originResponse.statusMessage ?? '';
  let responseHeaders = pairs(originResponse.rawHeaders).filter(([name]) => !isHopByHopHeader(name.toLowerCase()));
  // CloudFront skips viewer-response functions when the origin answers 400 or above.
  if (scope.viewerResponse && status < 400) {
    // The edge's own request, only serialized: no copy.
    const responseEvent: FunctionEvent = viewerResponseEventAround(
      forwardedRequest,
      { statusCode: status, statusMessage, rawHeaders: originResponse.rawHeaders },
      { ...context },
      clientIp,
    );
    const outcome = await scope.viewerResponse.invoke(responseEvent);
    reportFunction(scope, observer, 'viewer-response', requestId, outcome);
    if (outcome.kind === 'error') {
      originResponse.resume();
      return answerFunctionError(scope, res, outcome, requestId);
    }
    if (outcome.kind === 'response') {
      const changed = outcome.response;
      if (changed.body !== undefined) {
        // The function replaced the body: the origin's is dropped and the new one framed here.
        originResponse.resume();
        scope.stats.count(changed.statusCode, target.id, changed.headers);
        return writeResponse(scope, res, changed, requestId, 'Miss');
      }
      status = changed.statusCode;
      statusMessage = changed.statusDescription ?? '';
      const keepLength = responseHeaders.filter(([name]) => name.toLowerCase() === 'content-length');
      responseHeaders = [...changed.headers, ...keepLength];
    }
  }
  scope.stats.count(status, target.id, responseHeaders);
  // The head as one list, written in one call (cheaper than a call per header): the
  // edge's own headers replace any the origin sent under their names.
  const head: string[] = [];
  let framedByLength = false;
  for (const [name, value] of responseHeaders) {
    const lower = name.toLowerCase();
    if (EDGE_HEADERS.has(lower)) continue;
    if (lower === 'content-length') framedByLength = true;
    head.push(name, value);
  }
  head.push('x-cache', 'Miss from cloudfront', 'via', via, 'x-amz-cf-pop', 'LOCAL', 'x-amz-cf-id', requestId);
  closeWhenUnread(res);
  if (statusMessage) res.writeHead(status, statusMessage, head);
  else res.writeHead(status, head);
  pipeOriginBody(originResponse, res, framedByLength, (side, reason, originClosed) =>
    scope.log(
      side === 'origin'
        ? `edge ${requestId}: origin ${target.id}: the response broke off (${reason}); the viewer's connection was closed`
        : `edge ${requestId}: the viewer went away before the whole response of origin ${target.id} was sent (${reason})${originClosed ? "; the origin's connection was closed" : ''}`,
    ),
  );
}

/** The headers the edge sets on every answer it passes on from an origin. */
const EDGE_HEADERS = new Set(['x-cache', 'via', 'x-amz-cf-pop', 'x-amz-cf-id']);

function answerGenerated(scope: RequestScope, res: ViewerResponse, response: FunctionResponse, requestId: string): void {
  scope.stats.count(response.statusCode, undefined, response.headers);
  writeResponse(scope, res, response, requestId, 'FunctionGeneratedResponse');
}

/** Writes a response whose body the edge has in hand, with CloudFront's headers. */
function writeResponse(scope: RequestScope, res: ViewerResponse, response: FunctionResponse, requestId: string, resultType: 'Miss' | 'FunctionGeneratedResponse'): void {
  closeWhenUnread(res);
  res.statusCode = response.statusCode;
  if (response.statusDescription) res.statusMessage = response.statusDescription;
  for (const [name, value] of response.headers) res.appendHeader(name, value);
  res.setHeader('server', 'CloudFront');
  res.setHeader('x-cache', `${resultType} from cloudfront`);
  res.setHeader('via', `1.1 ${scope.distributionId.toLowerCase()}.cloudfront.net (CloudFront)`);
  res.setHeader('x-amz-cf-pop', 'LOCAL');
  res.setHeader('x-amz-cf-id', requestId);
  const body = response.body ?? Buffer.alloc(0);
  res.setHeader('content-length', body.length);
  res.end(body);
}

function answerFunctionError(scope: RequestScope, res: ViewerResponse, outcome: Extract<Invocation, { kind: 'error' }>, requestId: string): void {
  scope.stats.count(outcome.status);
  const resultType: EdgeResultType = outcome.code === 'ValidationError' ? 'FunctionValidationError' : 'FunctionExecutionError';
  scope.log(`edge ${requestId}: ${resultType}: ${outcome.message}`);
  closeWhenUnread(res);
  sendEdgeError(res, outcome.status, `The CloudFront function failed: ${outcome.message}`, resultType, requestId);
}

function reportFunction(scope: RequestScope, observer: EdgeObserver | undefined, eventType: 'viewer-request' | 'viewer-response', requestId: string, outcome: Invocation): void {
  for (const line of outcome.logs) scope.log(`${eventType} ${requestId}: ${line}`);
  observer?.functionRun?.({ requestId, eventType, outcome });
}

/** The observer that hears of `req`: the edge's, unless it observes in-memory connections only and `req` came over the network. */
function observerOf(scope: RequestScope, req: ViewerRequest): EdgeObserver | undefined {
  if (scope.observe === 'in-memory' && !isMemoryConnection(req.socket)) return undefined;
  return scope.observer;
}

function pairs(raw: readonly string[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i] as string, raw[i + 1] as string]);
  return out;
}
