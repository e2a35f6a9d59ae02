import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listen, type Listening } from '../net/listen.js';

/** The stage name the seed pattern's REST APIs deploy to. */
export const DEMO_STAGE = 'prod';

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
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const url = new URL(req.url ?? '/', 'http://demo');
    const requestId = randomUUID();
    if (url.pathname === `/${DEMO_STAGE}/` && (req.method === 'GET' || req.method === 'HEAD')) {
      send(res, 200, requestId, { message: `Hello from API ${index}` }, req.method === 'HEAD');
    } else if (url.pathname === `/${DEMO_STAGE}/echo` || url.pathname.startsWith(`/${DEMO_STAGE}/echo/`)) {
      const body = Buffer.concat(chunks);
      send(res, 200, requestId, {
        api: index,
        method: req.method,
        path: url.pathname,
        query: url.search.slice(1),
        headers: req.headers,
        body: body.toString('utf8'),
      });
    } else {
      send(res, 403, requestId, { message: 'Missing Authentication Token' }, req.method === 'HEAD', 'MissingAuthenticationTokenException');
    }
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
