import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listen, type Listening } from '../net/listen.js';

/** The stage name the seed pattern's REST APIs deploy to. */
export const DEMO_STAGE = 'prod';
/** API Gateway's REST API payload limit (10 MB): a larger body gets 413, as there. */
export const DEMO_PAYLOAD_MAX_BYTES = 10 * 1024 * 1024;

export interface DemoApiOptions {
  /** 1-based number, shown in the message: `Hello from API 1`. */
  readonly index: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** @default 0 (a free port) */
  readonly port?: number;
}

export interface DemoApi extends Listening {
  /** The stage URL, like an API Gateway stack output: `http://127.0.0.1:PORT/prod/`. */
  readonly stageUrl: string;
}

/**
 * Starts a local stand-in for one of the seed pattern's API Gateway REST APIs:
 * `GET /prod/` answers `{"message": "Hello from API N"}` (a mock integration).
 * Like API Gateway, any other method or path answers 403 Missing Authentication Token.
 * `ANY /prod/echo` (and below) answers what it received, for proxy tests.
 * Bodies are never held past API Gateway's 10 MB payload limit: a larger one gets
 * 413 Request Entity Too Large, and other paths do not keep the body at all.
 *
 * @example
 * const api = await startDemoApi({ index: 1 });
 * await fetch(api.stageUrl); // {"message": "Hello from API 1"}
 * await api.close();
 */
export async function startDemoApi(options: DemoApiOptions): Promise<DemoApi> {
  const server = createServer((req, res) => handle(options.index, req, res));
  const listening = await listen(server, options.host ?? '127.0.0.1', options.port ?? 0);
  return { ...listening, stageUrl: `${listening.url}/${DEMO_STAGE}/` };
}

function handle(index: number, req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://demo');
  const requestId = randomUUID();
  const isEcho = url.pathname === `/${DEMO_STAGE}/echo` || url.pathname.startsWith(`/${DEMO_STAGE}/echo/`);
  const tooLarge = () => {
    send(res, 413, requestId, { message: 'Request Entity Too Large' });
    // The rest of the body is read and dropped, so the sender sees the answer rather than a
    // reset; a sender still going after 10 s loses the connection.
    req.resume();
    const timer = setTimeout(() => req.socket.destroy(), 10_000).unref();
    req.once('end', () => clearTimeout(timer));
  };
  if (Number(req.headers['content-length'] ?? 0) > DEMO_PAYLOAD_MAX_BYTES) return tooLarge();
  if (!isEcho) {
    // Nothing here reads a body: drop it as it comes.
    req.resume();
    req.on('end', () => {
      if (url.pathname === `/${DEMO_STAGE}/` && (req.method === 'GET' || req.method === 'HEAD')) {
        send(res, 200, requestId, { message: `Hello from API ${index}` }, req.method === 'HEAD');
      } else {
        send(res, 403, requestId, { message: 'Missing Authentication Token' }, req.method === 'HEAD', 'MissingAuthenticationTokenException');
      }
    });
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  const onData = (chunk: Buffer) => {
    size += chunk.length;
    if (size > DEMO_PAYLOAD_MAX_BYTES) {
      req.off('data', onData);
      chunks.length = 0;
      req.resume();
      tooLarge();
      return;
    }
    chunks.push(chunk);
  };
  req.on('data', onData);
  req.on('end', () => {
    if (size > DEMO_PAYLOAD_MAX_BYTES) return;
    send(res, 200, requestId, {
      api: index,
      method: req.method,
      path: url.pathname,
      query: url.search.slice(1),
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    });
  });
}

function send(res: ServerResponse, status: number, requestId: string, payload: object, headOnly = false, errorType?: string): void {
  // The mock integration's template writes `{"message": "..."}` with a space after the colon.
  const body = JSON.stringify(payload).replace(/^\{"message":"/, '{"message": "');
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.setHeader('content-length', Buffer.byteLength(body));
  res.setHeader('x-amzn-requestid', requestId);
  if (errorType) res.setHeader('x-amzn-errortype', errorType);
  res.end(headOnly ? undefined : body);
}
