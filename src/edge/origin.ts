import { PassThrough, Readable } from 'node:stream';
import { Agent, type Dispatcher } from 'undici';
import { ORIGIN_RESPONSE_HEADERS_MAX_BYTES } from '../limits.js';
import { loopbackAwareLookup } from '../net/loopback-lookup.js';
import type { ViewerBody } from './viewer-body.js';

/** Where the edge sends a request, after any change a function made (spec §5). */
export interface OriginTarget {
  readonly id: string;
  readonly protocol: 'http' | 'https';
  readonly domainName: string;
  readonly port: number;
  /** '' or a path starting with '/' and not ending with '/'. */
  readonly originPath: string;
  /** Host header sent to the origin; the domain (and a non-default port) when unset. */
  readonly hostHeader?: string;
  readonly customHeaders: Readonly<Record<string, string>>;
  readonly connectionAttempts: number;
  /** Seconds, as CloudFront's origin settings count them. */
  readonly connectionTimeout: number;
  readonly readTimeout: number;
}

/** CloudFront's defaults for a custom origin. */
export const ORIGIN_DEFAULTS = { connectionAttempts: 3, connectionTimeout: 10, readTimeout: 30 } as const;

/**
 * An origin from a URL such as `http://localhost:8082/prod/` (the path becomes the
 * origin path, without its trailing slash).
 */
export function originFromUrl(id: string, url: string, customHeaders: Record<string, string> = {}): OriginTarget {
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new Error(`origin ${id}: ${url} is not an http(s) URL`);
  }
  const protocol = parsed.protocol === 'https:' ? 'https' : 'http';
  return {
    id,
    protocol,
    domainName: parsed.hostname.replace(/^\[|\]$/g, ''),
    port: parsed.port ? Number(parsed.port) : protocol === 'https' ? 443 : 80,
    originPath: parsed.pathname.replace(/\/+$/, ''),
    customHeaders,
    ...ORIGIN_DEFAULTS,
  };
}

/** The origin's domain as a URL or a Host header names it: an IPv6 address in brackets. */
function urlHost(target: OriginTarget): string {
  return target.domainName.includes(':') ? `[${target.domainName}]` : target.domainName;
}

/** The Host header CloudFront sends to a custom origin. */
export function originHost(target: OriginTarget): string {
  if (target.hostHeader) return target.hostHeader;
  const defaultPort = target.protocol === 'https' ? 443 : 80;
  const host = urlHost(target);
  return target.port === defaultPort ? host : `${host}:${target.port}`;
}

export interface OriginRequest {
  readonly method: string;
  /** Path and query as the function left them, without the origin path. */
  readonly pathAndQuery: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  /** Streamed to the origin once a connection stands. */
  readonly body: ViewerBody;
}

/** The origin could not be reached, did not answer in time or answered badly, or the viewer's body could not be sent. */
export class OriginError extends Error {
  override readonly name = 'OriginError';
  constructor(
    message: string,
    /**
     * 502 when the connection failed or the answer was not valid HTTP, 504 when the
     * origin was too slow, 413 when the viewer's body went over the limit, 400 when
     * the viewer went away before sending all of it.
     */
    readonly status: 400 | 413 | 502 | 504,
    /** True only when the request provably did not reach the origin, so sending it again is safe. */
    readonly retryable = false,
  ) {
    super(message);
  }
}

/**
 * The clients that reach origins, one per connection timeout (an origin's setting,
 * 1 to 10 s): each keeps its connections to each origin alive for the next request,
 * until the origin's `Keep-Alive` timeout (less a margin), so a connection the origin
 * is closing is not used. undici's rather than Node's `http.request`: in alternating
 * pairs of 2 s of `cellfront dev` in proxy mode, 4.6% and 10.3% more proxied requests
 * (12 and 16 pairs), the event loop's CPU per request 6% and 9% less.
 */
const clients = new Map<number, Agent>();

function clientFor(target: OriginTarget): Agent {
  let client = clients.get(target.connectionTimeout);
  if (!client) {
    client = new Agent({
      connect: { timeout: target.connectionTimeout * 1000, lookup: loopbackAwareLookup },
      maxHeaderSize: ORIGIN_RESPONSE_HEADERS_MAX_BYTES,
    });
    clients.set(target.connectionTimeout, client);
  }
  return client;
}

/**
 * Sends `request` to `target` and resolves with the origin's response (its body not
 * yet read). A new attempt is made (up to `connectionAttempts` in all) only when the
 * request provably did not reach the origin: no connection was established, or the
 * one it was to go on closed before any of it went out. A request the origin may have
 * received is never sent twice.
 */
export async function sendToOrigin(target: OriginTarget, request: OriginRequest): Promise<OriginResponse> {
  let lastError: OriginError | undefined;
  for (let attempt = 1; attempt <= target.connectionAttempts; attempt++) {
    try {
      return await attemptOnce(target, request);
    } catch (error) {
      if (!(error instanceof OriginError)) throw error;
      lastError = error;
      if (!error.retryable) break;
    }
  }
  throw lastError ?? new OriginError('origin not attempted', 502);
}

/** The headers the edge sends `target`: the request's, then the origin's custom headers (which win), Host and the body's length. */
export function originRequestHeaders(target: OriginTarget, request: OriginRequest): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  // The body's framing is the edge's (below): the viewer's and any custom one are left out
  // as they come (a `delete` would turn the object into a slower dictionary, per request).
  for (const [name, value] of request.headers) {
    const key = name.toLowerCase();
    if (key === 'content-length' || key === 'transfer-encoding') continue;
    const prev = headers[key];
    headers[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  for (const [name, value] of Object.entries(target.customHeaders)) {
    const key = name.toLowerCase();
    if (key !== 'content-length' && key !== 'transfer-encoding') headers[key] = value;
  }
  headers.host = originHost(target);
  // A chunked viewer body goes on chunked; any other keeps its declared length.
  if (request.body.length === undefined) headers['transfer-encoding'] = 'chunked';
  else headers['content-length'] = String(request.body.length);
  return headers;
}

/** Where a request for `pathAndQuery` goes on `target`, as a URL. */
export function originUrl(target: OriginTarget, pathAndQuery: string): string {
  return `${schemeAndAuthority(target)}${target.originPath}${pathAndQuery}`;
}

/** `http://host:port`: the origin as its client is named. */
function schemeAndAuthority(target: OriginTarget): string {
  return `${target.protocol}://${urlHost(target)}:${target.port}`;
}

/**
 * The origin's answer as the edge reads it, like the `IncomingMessage` of Node's HTTP
 * client: status, raw headers (names as the origin spelled them, in order, repeats
 * kept), and the body as a stream with backpressure. `complete` once the whole body is
 * in; destroying it before then closes the origin's connection.
 */
export class OriginResponse extends Readable {
  statusCode = 0;
  statusMessage = '';
  rawHeaders: string[] = [];
  complete = false;
  /** Set by the client: lets the origin's connection go on sending (after a pause), or closes it. */
  resumeOrigin: (() => void) | undefined;
  abortOrigin: ((error: Error) => void) | undefined;

  override _read(): void {
    this.resumeOrigin?.();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (!this.complete) this.abortOrigin?.(error ?? new Error('the response was dropped before its end'));
    callback(error);
  }
}

/** One try on one connection. */
function attemptOnce(target: OriginTarget, request: OriginRequest): Promise<OriginResponse> {
  return new Promise((resolve, reject) => {
    const headers: string[] = [];
    for (const [name, value] of Object.entries(originRequestHeaders(target, request))) {
      // The client frames the body itself: by its length, or in chunks when unknown.
      if (name === 'transfer-encoding') continue;
      if (typeof value === 'string') headers.push(name, value);
      else for (const item of value) headers.push(name, item);
    }
    const where = `${target.domainName}:${target.port}`;
    // The viewer's body flows only once the request goes out on a connection, so a failed connection consumed none of it.
    const body = request.body.length === 0 ? null : new PassThrough();
    const response = new OriginResponse();
    let sent = false;
    let answered = false;
    const handler: Dispatcher.DispatchHandlers = {
      onConnect(abort) {
        sent = true;
        response.abortOrigin = abort;
        if (body) {
          request.body.pipeTo(body, (why) =>
            abort(why === 'too-large' ? new OriginError('the request body is over the size limit', 413) : new OriginError('the viewer closed the connection before sending the whole body', 400)),
          );
        }
      },
      onHeaders(statusCode, rawHeaders, resume, statusText) {
        // An interim answer (103 Early Hints): the final one follows on the same connection.
        if (statusCode < 200) return true;
        answered = true;
        response.statusCode = statusCode;
        response.statusMessage = statusText;
        const names = rawHeaders as unknown as Buffer[];
        const raw = new Array<string>(names.length);
        for (let i = 0; i < names.length; i++) raw[i] = (names[i] as Buffer).toString('latin1');
        response.rawHeaders = raw;
        response.resumeOrigin = resume;
        resolve(response);
        return true;
      },
      // False when the viewer's side is full: the client stops reading the origin until `_read` resumes it.
      onData(chunk) {
        return response.push(chunk);
      },
      onComplete() {
        response.complete = true;
        response.push(null);
      },
      onError(error) {
        if (answered) response.destroy(error);
        else reject(classify(error, where, target, sent));
      },
    };
    clientFor(target).dispatch(
      {
        origin: schemeAndAuthority(target),
        method: request.method as Dispatcher.HttpMethod,
        path: `${target.originPath}${request.pathAndQuery}`,
        headers,
        body,
        // The read timeout bounds the wait for the answer, and each pause in its body.
        headersTimeout: target.readTimeout * 1000,
        bodyTimeout: target.readTimeout * 1000,
      },
      handler,
    );
  });
}

/** Turns a failure before the origin answered into an OriginError that says whether a retry is safe. */
function classify(error: Error, where: string, target: OriginTarget, sent: boolean): OriginError {
  if (error instanceof OriginError) return error;
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return new OriginError(`connection to ${where} timed out after ${target.connectionTimeout}s`, 502, true);
  // The client refused the request before any connection (a custom header it will not
  // send, such as `connection: upgrade`): another attempt would be refused the same way.
  if (code === 'UND_ERR_INVALID_ARG' || code === 'UND_ERR_NOT_SUPPORTED') return new OriginError(`the request to origin ${where} cannot be sent: ${error.message}`, 502);
  // Nothing of the request went out: no connection stood for it.
  if (!sent) return new OriginError(`cannot connect to origin ${where}: ${error.message}`, 502, true);
  if (code === 'UND_ERR_HEADERS_TIMEOUT') return new OriginError(`origin ${where} did not answer within ${target.readTimeout}s`, 504);
  if (code.startsWith('HPE_') || code === 'UND_ERR_HEADERS_OVERFLOW') return new OriginError(`origin ${where} sent an invalid HTTP response (${code}: ${error.message})`, 502);
  return new OriginError(`origin ${where} closed the connection before answering: ${error.message}`, 502);
}
