/**
 * The viewer side of a test edge: a plain HTTP/1.1 client on a keep-alive agent,
 * taking `fetch`'s arguments. Node's `fetch` costs several times a bare request
 * per call (its Request/Response machinery), which a test suite sending thousands
 * of requests pays in full; this client sends the same bytes for a fraction of
 * that, over loopback or, given `connect`, over connections it opens itself (the
 * test edge's in memory).
 *
 * Like a viewer, and unlike `fetch`: redirects are never followed, no compression
 * is asked for, and the body comes back exactly as the edge sent it.
 */
import { Agent, request as httpRequest } from 'node:http';
import type { Duplex } from 'node:stream';
import { FUNCTION_MEMORY_MAX_BYTES } from '../limits.js';
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
      const { headers, body } = await requestParts(init);
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

/**
 * The request's headers and body bytes. Bodies other than text and bytes (forms, blobs, streams, search params) go through the
 * platform's own encoding, content type included.
 */
async function requestParts(init: RequestInit): Promise<{ headers: Record<string, string | string[]>; body: Uint8Array | string | undefined }> {
  const headers = headerRecord(init.headers);
  let body: Uint8Array | string | undefined;
  const raw = init.body;
  if (raw === undefined || raw === null) body = undefined;
  else if (typeof raw === 'string' || raw instanceof Uint8Array) body = raw;
  else if (raw instanceof ArrayBuffer) body = new Uint8Array(raw);
  else {
    const encoded = new Response(raw);
    const type = encoded.headers.get('content-type');
    if (type !== null && headers['content-type'] === undefined) headers['content-type'] = type;
    body = new Uint8Array(await encoded.arrayBuffer());
  }
  for (const [name, value] of Object.entries(DEFAULT_VIEWER_HEADERS)) headers[name] ??= value;
  return { headers, body };
}

/**
 * The request's headers by lower-case name, joined as `Headers` joins them
 * (`, `), `set-cookie` kept apart. Records and pairs are read directly: a
 * `Headers` object costs more per request than the rest of the client.
 */
function headerRecord(given: RequestInit['headers']): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  const add = (name: string, value: string) => {
    const key = name.toLowerCase();
    const text = String(value).trim();
    const had = out[key];
    if (key === 'set-cookie') out[key] = [...(had === undefined ? [] : (had as string[])), text];
    else out[key] = had === undefined ? text : `${had as string}, ${text}`;
  };
  if (given === undefined) return out;
  if (given instanceof Headers) {
    given.forEach((value, name) => {
      if (name !== 'set-cookie') out[name] = value;
    });
    const cookies = given.getSetCookie();
    if (cookies.length > 0) out['set-cookie'] = cookies;
  } else if (Array.isArray(given)) {
    for (const pair of given as ReadonlyArray<readonly string[]>) {
      if (pair.length !== 2) throw new TypeError(`a header must be a [name, value] pair (got ${pair.length} items)`);
      add(pair[0] as string, pair[1] as string);
    }
  } else {
    for (const [name, value] of Object.entries(given as Record<string, string>)) add(name, value);
  }
  return out;
}
