import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KVS_UPDATE_MAX_PAYLOAD_BYTES } from '../../limits.js';
import { hostHeaderIsLoopback } from '../../net/loopback-host.js';
import { KvsError } from '../errors.js';
import type { StoreRegistry } from '../store-registry.js';
import { handleKvsRequest } from './handle-request.js';
import { errorResponse, type KvsHttpResponse } from './wire.js';

/** Where and what the KeyValueStore API serves. */
export interface KvsServerOptions {
  readonly registry: StoreRegistry;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** @default 0 - any free port */
  readonly port?: number;
}

/** A running KeyValueStore API. */
export interface KvsServer {
  /** `http://localhost:PORT`: the endpoint to give the SDK (`AWS_ENDPOINT_URL_CLOUDFRONT_KEYVALUESTORE`). */
  readonly url: string;
  readonly port: number;
  /** Stops accepting requests and closes open connections. */
  close(): Promise<void>;
}

/**
 * Serves the CloudFront KeyValueStore data-plane API over HTTP, so the unmodified AWS SDK
 * and CLI can work with the local stores.
 *
 * @example
 * const server = await startKvsServer({ registry });
 * const client = createKvsClient({ endpoint: server.url });
 * await server.close();
 */
export async function startKvsServer(options: KvsServerOptions): Promise<KvsServer> {
  const server = createServer((req, res) => {
    void serve(options.registry, req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://localhost:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // SDK clients keep connections alive; without this close() would wait for them to idle out.
        server.closeAllConnections();
      }),
  };
}

async function serve(registry: StoreRegistry, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let response: KvsHttpResponse;
  try {
    // DNS rebinding: a page whose name resolves to 127.0.0.1 still sends its own name.
    if (!hostHeaderIsLoopback(req.headers.host)) {
      req.resume();
      throw new KvsError(
        'AccessDeniedException',
        `Host ${JSON.stringify(req.headers.host ?? '')} is not a loopback name; the local KeyValueStore endpoint answers only localhost, *.localhost, 127.0.0.1 and [::1]`,
      );
    }
    const body = await readBody(req);
    response = await handleKvsRequest(registry, { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body });
  } catch (error) {
    // An oversized body: Node discards whatever of it is still unread once the answer is sent.
    response = errorResponse(error);
  }
  try {
    res.writeHead(response.status, { ...response.headers, 'content-length': Buffer.byteLength(response.body) });
    res.end(response.body);
  } catch {
    // The client went away mid-answer: nothing left to tell it, and the server carries on.
  }
}

/** Reads the body, refusing more than an UpdateKeys payload may carry (3 MB). */
function readBody(req: IncomingMessage): Promise<Buffer> {
  const limit = KVS_UPDATE_MAX_PAYLOAD_BYTES;
  const tooLarge = (size: string) =>
    new KvsError('ValidationException', `Request body is ${size} bytes; the limit is ${limit} bytes (3 MB)`);
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(tooLarge(String(declared)));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(tooLarge(`more than ${limit}`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
