import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { loopbackAwareLookup } from '../net/loopback-lookup.js';

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
  readonly body: Buffer;
}

/** The origin could not be reached or did not answer in time. */
export class OriginError extends Error {
  override readonly name = 'OriginError';
  constructor(
    message: string,
    /** 502 when the connection failed, 504 when the origin was too slow. */
    readonly status: 502 | 504,
  ) {
    super(message);
  }
}

const agents = {
  http: new HttpAgent({ keepAlive: true, lookup: loopbackAwareLookup }),
  https: new HttpsAgent({ keepAlive: true, lookup: loopbackAwareLookup }),
};

/**
 * Sends `request` to `target`, trying to connect up to `connectionAttempts` times,
 * and resolves with the origin's response (its body not yet read).
 */
export async function sendToOrigin(target: OriginTarget, request: OriginRequest): Promise<IncomingMessage> {
  let lastError: OriginError | undefined;
  for (let attempt = 1; attempt <= target.connectionAttempts; attempt++) {
    try {
      return await attemptOnce(target, request);
    } catch (error) {
      if (!(error instanceof OriginError)) throw error;
      lastError = error;
      // Only a failed connection is retried; a slow origin has already had the request.
      if (error.status === 504) break;
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
  headers['content-length'] = String(request.body.length);
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
    const headers = originRequestHeaders(target, request);
    let connected = false;
    const req = send(
      {
        method: request.method,
        host: target.domainName,
        port: target.port,
        path: `${target.originPath}${request.pathAndQuery}`,
        headers,
        agent: agents[target.protocol],
        servername: target.domainName,
      },
      (res) => {
        req.setTimeout(0);
        resolve(res);
      },
    );
    const connectTimer = setTimeout(() => {
      if (!connected) req.destroy(new OriginError(`connection to ${target.domainName}:${target.port} timed out after ${target.connectionTimeout}s`, 502));
    }, target.connectionTimeout * 1000);
    req.on('socket', (socket) => {
      const onConnect = () => {
        connected = true;
        clearTimeout(connectTimer);
      };
      if (socket.connecting) socket.once('connect', onConnect);
      else onConnect();
    });
    req.setTimeout(target.readTimeout * 1000, () => {
      req.destroy(new OriginError(`origin ${target.domainName} did not answer within ${target.readTimeout}s`, 504));
    });
    req.on('error', (error) => {
      clearTimeout(connectTimer);
      reject(error instanceof OriginError ? error : new OriginError(`cannot connect to origin ${target.domainName}:${target.port}: ${error.message}`, 502));
    });
    req.end(request.body);
  });
}
