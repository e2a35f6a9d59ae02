import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
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

/** The Host header CloudFront sends to a custom origin. */
export function originHost(target: OriginTarget): string {
  if (target.hostHeader) return target.hostHeader;
  const defaultPort = target.protocol === 'https' ? 443 : 80;
  return target.port === defaultPort ? target.domainName : `${target.domainName}:${target.port}`;
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

/** Methods a stale keep-alive connection may be retried for (RFC 9110 idempotent, with no body sent). */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS']);

const agents = {
  http: new HttpAgent({ keepAlive: true, lookup: loopbackAwareLookup }),
  https: new HttpsAgent({ keepAlive: true, lookup: loopbackAwareLookup }),
};

/**
 * Sends `request` to `target` and resolves with the origin's response (its body not
 * yet read). A new attempt is made (up to `connectionAttempts` in all) only when the
 * request provably did not reach the origin: the connection was never established,
 * or a kept-alive connection turned out closed before any of a bodiless GET, HEAD or
 * OPTIONS went out. A request the origin may have received is never sent twice.
 */
export async function sendToOrigin(target: OriginTarget, request: OriginRequest): Promise<IncomingMessage> {
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
  for (const [name, value] of request.headers) {
    const key = name.toLowerCase();
    const prev = headers[key];
    headers[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  for (const [name, value] of Object.entries(target.customHeaders)) headers[name.toLowerCase()] = value;
  headers.host = originHost(target);
  delete headers['content-length'];
  delete headers['transfer-encoding'];
  // A chunked viewer body goes on chunked; any other keeps its declared length.
  if (request.body.length === undefined) headers['transfer-encoding'] = 'chunked';
  else headers['content-length'] = String(request.body.length);
  return headers;
}

/** Where a request for `pathAndQuery` goes on `target`, as a URL. */
export function originUrl(target: OriginTarget, pathAndQuery: string): string {
  const host = target.domainName.includes(':') ? `[${target.domainName}]` : target.domainName;
  return `${target.protocol}://${host}:${target.port}${target.originPath}${pathAndQuery}`;
}

function attemptOnce(target: OriginTarget, request: OriginRequest): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const send = target.protocol === 'https' ? httpsRequest : httpRequest;
    // As `[name, value, name, value, ...]`: Node then writes them as they are, without first
    // filing each in the request's own header map (`setHeader`), which nothing here reads.
    const headers: string[] = [];
    for (const [name, value] of Object.entries(originRequestHeaders(target, request))) {
      if (typeof value === 'string') headers.push(name, value);
      else for (const item of value) headers.push(name, item);
    }
    const where = `${target.domainName}:${target.port}`;
    let connected = false;
    let answered = false;
    const req = send(
      {
        method: request.method,
        host: target.domainName,
        port: target.port,
        path: `${target.originPath}${request.pathAndQuery}`,
        headers,
        agent: agents[target.protocol],
        servername: target.domainName,
        maxHeaderSize: ORIGIN_RESPONSE_HEADERS_MAX_BYTES,
      },
      (res) => {
        answered = true;
        // The read timeout stays armed: it also bounds each pause in the response body.
        resolve(res);
      },
    );
    // Armed only for a connection being made: a kept-alive one stands already.
    let connectTimer: NodeJS.Timeout | undefined;
    req.on('socket', (socket) => {
      const onConnect = () => {
        connected = true;
        clearTimeout(connectTimer);
        // The body flows only once a connection stands, so a failed connection consumed none of it.
        request.body.pipeTo(req, (why) =>
          req.destroy(
            why === 'too-large'
              ? new OriginError('the request body is over the size limit', 413)
              : new OriginError('the viewer closed the connection before sending the whole body', 400),
          ),
        );
      };
      if (socket.connecting) {
        connectTimer = setTimeout(() => {
          if (!connected) req.destroy(new OriginError(`connection to ${where} timed out after ${target.connectionTimeout}s`, 502, true));
        }, target.connectionTimeout * 1000);
        socket.once('connect', onConnect);
      } else onConnect();
    });
    req.setTimeout(target.readTimeout * 1000, () => {
      req.destroy(new OriginError(`origin ${where} did not answer within ${target.readTimeout}s`, 504));
    });
    req.on('error', (error) => {
      clearTimeout(connectTimer);
      if (answered) return;
      reject(classify(error, where, { connected, reused: req.reusedSocket, bodyStarted: request.body.started, method: request.method }));
    });
  });
}

/** Turns a failure before the origin answered into an OriginError that says whether a retry is safe. */
function classify(error: Error, where: string, at: { connected: boolean; reused: boolean; bodyStarted: boolean; method: string }): OriginError {
  if (error instanceof OriginError) return error;
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (!at.connected) return new OriginError(`cannot connect to origin ${where}: ${error.message}`, 502, true);
  if (code.startsWith('HPE_')) return new OriginError(`origin ${where} sent an invalid HTTP response (${code}: ${error.message})`, 502);
  // A kept-alive connection the origin had closed: nothing of a bodiless idempotent request got through.
  const stale = at.reused && !at.bodyStarted && IDEMPOTENT.has(at.method.toUpperCase()) && (code === 'ECONNRESET' || code === 'EPIPE');
  return new OriginError(`origin ${where} closed the connection before answering: ${error.message}`, 502, stale);
}
