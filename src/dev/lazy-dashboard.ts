/**
 * The dashboard `cellfront dev` serves, loaded on its first request. Its port
 * listens from the start (the URL is one of the outputs), but the dashboard and
 * the AWS SDK client it reads the store through (about 10 MB of the process's
 * memory) are loaded only once a page or a client asks for them.
 */
import { createServer } from 'node:http';
// A type only: importing it loads nothing.
import type { DashboardHandler } from '../dashboard/index.js';
import { listen, type Listening } from '../net/listen.js';

/** A listener whose handler is loaded on the first request. */
export interface LazyListener extends Listening {
  /** Whether the handler has been loaded. */
  readonly loaded: boolean;
}

/**
 * Listens on `127.0.0.1:port` and loads the handler with `load` when the first
 * request comes (once, however many requests wait for it). A load that fails is
 * answered with 500 and the reason, and tried again on the next request.
 */
export async function listenLoadingOnFirstRequest(port: number, load: () => Promise<DashboardHandler>): Promise<LazyListener> {
  let handler: DashboardHandler | undefined;
  let loading: Promise<DashboardHandler> | undefined;
  const server = createServer((req, res) => {
    if (handler) return handler.handle(req, res);
    loading ??= load().then(
      (loaded) => (handler = loaded),
      (error: unknown) => {
        loading = undefined;
        throw error;
      },
    );
    loading.then(
      (loaded) => loaded.handle(req, res),
      (error: unknown) => {
        req.resume();
        const body = JSON.stringify({ code: 'crash', message: `the dashboard did not load: ${error instanceof Error ? error.message : String(error)}` });
        res.writeHead(500, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
        res.end(body);
      },
    );
  });
  const listening = await listen(server, '127.0.0.1', port);
  return {
    ...listening,
    get loaded() {
      return handler !== undefined;
    },
    close: async () => {
      const loaded = handler ?? (await loading?.catch(() => undefined));
      await loaded?.close();
      await listening.close();
    },
  };
}
