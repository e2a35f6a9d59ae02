/**
 * The viewer side of a test edge: a plain HTTP/1.1 client on a keep-alive agent,
 * taking `fetch`'s arguments. Node's `fetch` costs several times a bare request
 * per call (its Request/Response machinery), which a test suite sending thousands
 * of requests pays in full; this client sends the same bytes for a fraction of
 * that, over loopback or, given `connect`, over connections it opens itself (the
 * test edge's in memory).
 *
 * Like a viewer, and unlike `fetch`: redirects are never followed, no compression
 * is asked for, the body comes back exactly as the edge sent it, the path is sent
 * as written (`./request-target.ts`), and headers given as pairs go one line each
 * (`./request-headers.ts`).
 */
import { Agent, request as httpRequest } from 'node:http';
import type { Duplex } from 'node:stream';
import { FUNCTION_MEMORY_MAX_BYTES } from '../limits.js';
import { hasHeader, headerLines } from './request-headers.js';
import type { RequestTarget } from './request-target.js';

/** What the viewer sends unless the request names them itself. */
export const DEFAULT_VIEWER_HEADERS: Readonly<Record<string, string>> = { accept: '*/*', 'user-agent': 'cellfront-test-edge' };

/**
 * The largest response head the viewer reads, over what the edge sends for any
 * function CloudFront would run: an origin's head is at most 20,480 bytes
 * (`ORIGIN_RESPONSE_HEADERS_MAX_BYTES`) before the edge adds its few headers, and the
 * headers a function writes fit in its memory (`FUNCTION_MEMORY_MAX_BYTES`, 2 MiB);
 * twice that memory covers both at once. Node's own default, 16 KiB, is below the
 * origin's limit.
 */
const RESPONSE_HEAD_MAX_BYTES = 2 * FUNCTION_MEMORY_MAX_BYTES;

/** A response as the viewer received it. */
export interface ViewerAnswer {
  readonly status: number;
  /** Names and values in turn, as received (`headersOf` in `./raw-headers.ts` makes them a `Headers`). */
  readonly rawHeaders: readonly string[];
  readonly body: Buffer;
}

/** A viewer with its own connections to one edge. */
export interface ViewerClient {
  /** Sends a request to `target`: its path on the request line as it is, the Host from its URL. */
  send(target: RequestTarget, init?: RequestInit): Promise<ViewerAnswer>;
  /** Ends the kept-alive connections. */
  close(): void;
}

/** A client for requests to a loopback edge; with `connect`, each new kept-alive connection is the one it opens. */
export function viewerClient(connect?: () => Duplex): ViewerClient {
  const agent = new Agent({ keepAlive: true });
  if (connect) Object.assign(agent, { createConnection: connect });
  return {
    send: async (target, init = {}) => {
      const { headers, body } = await requestParts(target, init);
      return new Promise<ViewerAnswer>((resolve, reject) => {
        const outgoing = httpRequest(target.url, { path: target.path, agent, maxHeaderSize: RESPONSE_HEAD_MAX_BYTES, method: init.method ?? 'GET', headers, signal: init.signal ?? undefined }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => resolve({ status: res.statusCode ?? 0, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks) }));
        });
        outgoing.on('error', reject);
        outgoing.end(body);
      });
    },
    close: () => agent.destroy(),
  };
}

/** Methods that Node sends without a body, and so without `content-length: 0`, when none is given. */
const BODILESS_METHODS = new Set(['GET', 'HEAD', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT']);

/**
 * The request's header lines (names and values in turn, in the order sent) and body
 * bytes. Bodies other than text and bytes (forms, blobs, streams, search params) go
 * through the platform's own encoding, content type included. Node adds nothing to
 * lines given as a list, so what it would add is added here: Host first (from the
 * target's URL), credentials the URL carries, and the body's length.
 */
async function requestParts(target: RequestTarget, init: RequestInit): Promise<{ headers: string[]; body: Uint8Array | string | undefined }> {
  const lines = headerLines(init.headers);
  const { body, type } = await bodyOf(init.body);
  if (type !== undefined && !hasHeader(lines, 'content-type')) lines.push(['content-type', type]);
  for (const [name, value] of Object.entries(DEFAULT_VIEWER_HEADERS)) if (!hasHeader(lines, name)) lines.push([name, value]);
  if (!hasHeader(lines, 'host')) lines.unshift(['host', target.url.host]);
  const { username, password } = target.url;
  if ((username || password) && !hasHeader(lines, 'authorization')) {
    lines.push(['authorization', `Basic ${Buffer.from(`${decodeURIComponent(username)}:${decodeURIComponent(password)}`).toString('base64')}`]);
  }
  const framed = hasHeader(lines, 'content-length') || hasHeader(lines, 'transfer-encoding');
  if (!framed && (body !== undefined || !BODILESS_METHODS.has((init.method ?? 'GET').toUpperCase()))) lines.push(['content-length', String(body === undefined ? 0 : Buffer.byteLength(body))]);
  return { headers: lines.flat(), body };
}

/** The body's bytes, and the content type its encoding implies (forms, blobs, search params). */
async function bodyOf(raw: RequestInit['body']): Promise<{ body: Uint8Array | string | undefined; type?: string }> {
  if (raw === undefined || raw === null) return { body: undefined };
  if (typeof raw === 'string' || raw instanceof Uint8Array) return { body: raw };
  if (raw instanceof ArrayBuffer) return { body: new Uint8Array(raw) };
  const encoded = new Response(raw);
  return { body: new Uint8Array(await encoded.arrayBuffer()), type: encoded.headers.get('content-type') ?? undefined };
}
