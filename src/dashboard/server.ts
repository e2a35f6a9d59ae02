import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { ControlError, type Actor, type RoutingStore } from '../control/index.js';
import { listen } from '../net/listen.js';
import { applyEdit, BadRequest, parseAction, previewAction } from './actions.js';
import { checkHost, checkWrite } from './guard.js';
import { Monitor, type MonitorEvent } from './monitor.js';
import { pageAsset, pageHtml } from './page/assets.js';
import { ShiftJobs } from './shift-job.js';

/** Largest request body a write may carry. */
const MAX_BODY_BYTES = 16 * 1024;
/** An SSE comment this often keeps idle connections (and proxies) from timing out. */
const HEARTBEAT_MS = 15_000;
/** With no page open, polling stops this long after the last `GET /api/state`. */
const IDLE_AFTER_MS = 10_000;

/** Options of `startDashboard`. */
export interface DashboardOptions {
  /** The store to show and change, through the control plane. */
  readonly store: RoutingStore;
  /** Who makes the changes made from the page, for the history. */
  readonly actor: Actor;
  /** The local edge whose counters give the observed shares. @default - none: the page says there is no source */
  readonly edgeUrl?: string;
  /** What the page says when there is no edge. @default a sentence for a store on AWS */
  readonly noEdgeReason?: string;
  /** Port on 127.0.0.1; 0 picks a free one. @default 0 */
  readonly port?: number;
  /** How often the store's ETag is checked. @default 1000 */
  readonly storePollMs?: number;
}

/** A running dashboard. */
export interface Dashboard {
  /** `http://127.0.0.1:PORT/` */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Security headers on every answer: no framing, no foreign scripts, styles or connections. */
const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

/** The dashboard's requests and its watching, without a listener of its own. */
export interface DashboardHandler {
  /** Answers one request (`http.Server`'s request listener). */
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** Stops watching and ends the open event streams. */
  close(): Promise<void>;
}

/**
 * Starts the dashboard on 127.0.0.1: one page and its scripts, the state as
 * JSON (`GET /api/state`) and as a stream of server-sent events
 * (`GET /api/events`), and the changes (`POST /api/preview`, `/api/apply`,
 * `/api/shift/stop`), made through the control plane with the ETag the page's
 * preview was computed at. Only loopback Host names are answered, and writes
 * only from the page itself.
 *
 * @example
 * const dashboard = await startDashboard({ store, actor: actorFrom(process.env, 'dashboard'), edgeUrl: 'http://localhost:8080' });
 * console.log(dashboard.url);
 */
export async function startDashboard(options: DashboardOptions): Promise<Dashboard> {
  const handler = await dashboardHandler(options);
  try {
    const listening = await listen(createServer(handler.handle), '127.0.0.1', options.port ?? 0);
    return {
      url: `http://127.0.0.1:${listening.port}/`,
      port: listening.port,
      close: async () => {
        await handler.close();
        await listening.close();
      },
    };
  } catch (error) {
    await handler.close();
    throw error;
  }
}

/**
 * The dashboard as a request handler, for a server started elsewhere (as
 * `cellfront dev` does, which loads the dashboard on its first request).
 * `options.port` is not used.
 */
export async function dashboardHandler(options: DashboardOptions): Promise<DashboardHandler> {
  const token = randomBytes(18).toString('base64url');
  const monitor = new Monitor({
    store: options.store,
    ...(options.edgeUrl === undefined ? {} : { edgeUrl: options.edgeUrl }),
    noEdgeReason:
      options.noEdgeReason ??
      'No source for observed shares: this store is not served by a local edge, and CloudFront has no per-cell counters to read. The charts show the configured shares only.',
    ...(options.storePollMs === undefined ? {} : { storePollMs: options.storePollMs }),
    isWatched: () => streams.size > 0 || Date.now() - lastAsked < IDLE_AFTER_MS,
  });
  const streams = new Set<ServerResponse>();
  let lastAsked = 0;
  const send = (res: ServerResponse, type: string, data: unknown) => res.write(`event: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
  const jobs = new ShiftJobs(() => {
    for (const res of streams) send(res, 'shift', jobs.view ?? null);
  });
  await monitor.start();
  monitor.subscribe((event: MonitorEvent) => {
    for (const res of streams) send(res, event.type, event.type === 'store' ? { store: event.store, error: event.error ?? null } : { sample: event.sample, observed: event.observed });
  });

  const state = () => ({
    store: monitor.store,
    error: monitor.storeError ?? null,
    observed: monitor.observed,
    samples: monitor.samples,
    shift: jobs.view ?? null,
  });

  const serve = (req: IncomingMessage, res: ServerResponse) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) answer(res, 500, { code: 'crash', message: error instanceof Error ? error.message : String(error) });
      else res.end();
    });
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const refused = checkHost(req);
    if (refused) return answer(res, refused.status, { code: 'refused', message: refused.message });
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method === 'GET' || req.method === 'HEAD') {
      if (path === '/') return text(res, 200, 'text/html; charset=utf-8', pageHtml(token));
      // Browsers ask for it unprompted; there is none, and a 404 would litter their console.
      if (path === '/favicon.ico') return text(res, 204, 'image/x-icon', '');
      const asset = path.startsWith('/assets/') ? pageAsset(path.slice('/assets/'.length)) : undefined;
      if (asset) return text(res, 200, asset.type, asset.body);
      if (path === '/api/state' || path === '/api/events') {
        // Nobody may have been watching: bring the store up to date before answering.
        if (streams.size === 0 && Date.now() - lastAsked >= IDLE_AFTER_MS) await monitor.refresh();
        lastAsked = Date.now();
        return path === '/api/state' ? answer(res, 200, state()) : events(req, res);
      }
      return answer(res, 404, { code: 'not-found', message: `no ${path} here; the dashboard is at /` });
    }
    if (req.method !== 'POST' || !['/api/preview', '/api/apply', '/api/shift/stop'].includes(path)) {
      res.setHeader('allow', path.startsWith('/api/') && path !== '/api/state' && path !== '/api/events' ? 'POST' : 'GET, HEAD');
      return answer(res, 405, { code: 'method', message: `${req.method ?? '?'} ${path} is not accepted` });
    }
    const denied = checkWrite(req, token);
    if (denied) {
      req.resume();
      return answer(res, denied.status, { code: 'refused', message: denied.message });
    }
    let body: unknown;
    try {
      body = await readJson(req);
      if (path === '/api/shift/stop') return answer(res, 200, { stopped: jobs.stop() });
      const request = parseAction(body);
      if (path === '/api/preview') return answer(res, 200, await previewAction(options.store, request));
      const etag = (body as { etag?: unknown }).etag;
      if (typeof etag !== 'string' || etag === '') throw new BadRequest('"etag" must be the ETag the preview was made at');
      if (request.action === 'shift') {
        const planned = (body as { planned?: unknown }).planned;
        const steps = Array.isArray(planned) ? planned.filter((s): s is number => typeof s === 'number').slice(0, 10_000) : [];
        const view = await jobs.start(options.store, request, etag, { ...options.actor }, steps);
        await monitor.refresh();
        return answer(res, 200, { shift: view, etag: monitor.store?.etag ?? null });
      }
      const done = await applyEdit(options.store, request, etag, options.actor);
      await monitor.refresh();
      return answer(res, 200, done);
    } catch (error) {
      if (error instanceof BadRequest) return answer(res, 400, { code: 'bad-request', message: error.message });
      if (error instanceof ControlError) {
        if (error.code === 'conflict') await monitor.refresh().catch(() => undefined);
        return answer(res, statusOf(error), { code: error.code, message: error.message });
      }
      throw error;
    }
  }

  function events(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', connection: 'keep-alive' });
    if (req.method === 'HEAD') return void res.end();
    send(res, 'state', state());
    streams.add(res);
    const beat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    req.on('close', () => {
      clearInterval(beat);
      streams.delete(res);
    });
  }

  return {
    handle: serve,
    close: async () => {
      monitor.stop();
      jobs.stop();
      for (const res of streams) res.end();
    },
  };
}

/** HTTP statuses for the control plane's refusals. */
function statusOf(error: ControlError): number {
  switch (error.code) {
    case 'conflict':
      return 409;
    case 'invalid-input':
      return 400;
    case 'unreachable':
    case 'store-refused':
      return 502;
    default:
      return 422;
  }
}

function answer(res: ServerResponse, status: number, value: unknown): void {
  text(res, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

function text(res: ServerResponse, status: number, type: string, body: string): void {
  res.statusCode = status;
  res.setHeader('content-type', type);
  res.setHeader('content-length', Buffer.byteLength(body));
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BadRequest(`the body is over ${MAX_BODY_BYTES} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', reject);
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      if (raw.trim() === '') return resolve({});
      try {
        resolve(JSON.parse(raw));
      } catch {
        reject(new BadRequest('the body is not JSON'));
      }
    });
  });
}
