/**
 * An origin made of a function, as tests like to write one: a fetch-style
 * `(request) => Response` served by a real HTTP server on loopback, so the edge
 * reaches it exactly as it reaches any other origin.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listen, type Listening } from '../net/listen.js';
import { headersOf } from './raw-headers.js';

/** An origin written as a function of the request it receives. */
export type OriginHandler = (request: Request) => Response | Promise<Response>;

/** Headers Node's server frames itself. */
const FRAMING = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive']);

/** Serves `handler` on a free loopback port. A handler that throws answers 500 with the error. */
export async function serveHandler(handler: OriginHandler): Promise<Listening> {
  const server = createServer((req, res) => {
    answer(handler, req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`the origin handler failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  return listen(server, '127.0.0.1', 0);
}

async function answer(handler: OriginHandler, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = headersOf(req.rawHeaders);
  const method = req.method ?? 'GET';
  const body = method === 'GET' || method === 'HEAD' ? undefined : Buffer.concat(chunks);
  const request = new Request(`http://${req.headers.host ?? 'origin'}${req.url ?? '/'}`, { method, headers, body });
  const response = await handler(request);
  const out: Array<[string, string]> = [];
  response.headers.forEach((value, name) => {
    if (!FRAMING.has(name)) out.push([name, value]);
  });
  res.writeHead(response.status, response.statusText || undefined, out.flat());
  res.end(Buffer.from(await response.arrayBuffer()));
}
