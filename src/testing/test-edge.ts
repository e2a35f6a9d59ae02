/**
 * A local CloudFront distribution for a user's own tests, in the spirit of
 * Miniflare: a function file (or code), KeyValueStore data and origins in; a
 * `fetch` that answers with the response, the origin the edge called and the
 * function's logs. Everything is real: an HTTP edge (on loopback for `url`; `fetch`
 * reaches the same server over in-memory connections), the project's runtime and
 * store, and origins reached over HTTP.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { originFromUrl, startEdge, type Edge, type OriginTarget } from '../edge/index.js';
import type { Listening } from '../net/listen.js';
import { ENGINE_NAMES, isEngineName, loadFunction, type CloudFrontFunction, type EngineName } from '../runtime/index.js';
import { STORE_ID_FORMS, storeIdFrom } from '../store/arn.js';
import type { KeyValueStore } from '../store/index.js';
import { TestEdgeError } from './errors.js';
import { serveHandler, type OriginHandler } from './handler-origin.js';
import { storeWith, type KvsData } from './kvs-data.js';
import { headersOf, rawHeader } from './raw-headers.js';
import { requestTarget } from './request-target.js';
import { RequestTraces, type OriginRecord } from './traces.js';
import { viewerClient } from './viewer-client.js';

export type { OriginRecord } from './traces.js';

/** A function's code: a file, or the code itself (exactly one). */
export interface FunctionSource {
  readonly functionFile?: string | URL;
  readonly code?: string;
}

/** How to build a test edge. */
export interface TestEdgeOptions extends FunctionSource {
  /**
   * The associated KeyValueStore's contents: keys and values, or `{ importFile }`
   * in CloudFront's import format.
   * @default - no store is associated (an empty one with `kvsId`): `cf.kvs()` throws, as on CloudFront
   */
  readonly kvs?: KvsData;
  /**
   * The associated store's id, for a function that names its store (`cf.kvs('ID')`)
   * so that it runs unchanged: a UUID, or the store's ARN (reduced to its id), as
   * `cellfront test-function --kvs-id` takes. Without `kvs` the store is empty.
   * @default - a new random id, which only `cf.kvs()` without an id reaches
   */
  readonly kvsId?: string;
  /**
   * The distribution's origins by id: a URL, or a handler `(request) => Response`
   * served on a loopback port.
   * @default - one origin, `default`, answering 404
   */
  readonly origins?: Readonly<Record<string, string | OriginHandler>>;
  /**
   * The id of the cache behavior's origin, where requests go unless the function changes it.
   * @default - the first of `origins`
   */
  readonly defaultOrigin?: string;
  /**
   * A viewer-response function.
   * @default - none
   */
  readonly viewerResponse?: FunctionSource;
  /**
   * The engine functions run on: `vm` (V8) or `njs` (NGINX njs, which must be installed).
   * Any other value is a TestEdgeError `InvalidOptions`.
   * @default 'vm'
   */
  readonly engine?: EngineName;
}

/** The viewer's view of one request, plus what happened behind the edge. */
export interface TestResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Buffer;
  text(): string;
  json<T = unknown>(): T;
  /** The origin that answered (the last one called), or `undefined` when the edge answered without one. */
  readonly origin: OriginRecord | undefined;
  /** Every origin call, in order: two when an origin group failed over. */
  readonly originCalls: readonly OriginRecord[];
  /** The functions' `console.log` lines for this request (viewer-request, then viewer-response). */
  readonly logs: readonly string[];
}

export interface TestEdge {
  /**
   * `http://127.0.0.1:PORT`, for any other client. Requests sent here are served as
   * `fetch`'s are, but their logs and origin calls are not kept: only `fetch` reports them.
   */
  readonly url: string;
  /** The associated store, to change between requests; `undefined` without `kvs` and `kvsId`. */
  readonly store: KeyValueStore | undefined;
  /**
   * Sends a request to the edge with `fetch`'s arguments, over a kept-alive connection
   * held in memory: the edge's own HTTP server parses and answers it, as it does what
   * comes to `url`, without the loopback network in between. Like a viewer, not like `fetch`: redirects are not followed (a function's
   * 302 is the answer), no compression is asked for, and the body is returned as the
   * edge sent it. `accept: *\/*` and a `user-agent` are sent unless `init` names them.
   *
   * `path` starts with `/` (query included), or is an absolute `http://` URL (or `URL`) whose host
   * becomes the Host header. Its path and query are sent as written, as
   * `curl --path-as-is` sends them (`//a//b`, `/a/../b` and a bare `?` reach the
   * function unchanged); only a `#fragment` is left out, and spaces, controls and
   * non-ASCII characters are percent-encoded as UTF-8. Headers given as pairs go one
   * line each, in order (a repeated header reaches the function with `multiValue`);
   * cookies go on one `Cookie` line joined with `; `, as `fetch` joins them.
   *
   * @throws TypeError (a rejection) when `path` is neither a path nor an http:// URL;
   *   TestEdgeError `Closed` after `close()`.
   */
  fetch(path: string | URL, init?: RequestInit): Promise<TestResponse>;
  /** Stops the edge and the handler origins; `fetch` rejects from then on. Calling it again does nothing. */
  close(): Promise<void>;
}

/** Each test edge's traces, for tests of the test edge itself (`unclaimedTraces`). */
const tracesOf = new WeakMap<TestEdge, RequestTraces>();

/**
 * How many requests' traces `edge` holds for its `fetch` to claim: for tests of the
 * test edge itself (not exported from `cellfront/testing`).
 */
export function unclaimedTraces(edge: TestEdge): number {
  return tracesOf.get(edge)?.size ?? 0;
}

/**
 * Starts a test edge.
 *
 * @throws TestEdgeError when the options are wrong; FunctionLoadError when a function does not load.
 * @example
 * const edge = await createTestEdge({ functionFile: 'router.js', kvs: { cell: 'b' }, origins: { api: (req) => new Response('ok') } });
 * const res = await edge.fetch('/orders');
 * expect(res.origin?.id).toBe('api');
 * await edge.close();
 */
export async function createTestEdge(options: TestEdgeOptions): Promise<TestEdge> {
  const closers: Array<() => Promise<void>> = [];
  let closed = false;
  const close = async () => {
    closed = true;
    for (const closeOne of closers.splice(0).reverse()) await closeOne();
  };
  try {
    checkEngine(options.engine);
    const kvsId = checkedKvsId(options.kvsId);
    const store = options.kvs === undefined && kvsId === undefined ? undefined : await storeWith(options.kvs ?? {}, kvsId);
    const load = async (source: FunctionSource, field: string): Promise<CloudFrontFunction> => {
      const { code, filename } = await readSource(source, field);
      return loadFunction(code, { filename, kvs: store, kvsId: store?.id, engine: options.engine });
    };
    const viewerRequest = await load(options, 'the options');
    const viewerResponse = options.viewerResponse ? await load(options.viewerResponse, 'viewerResponse') : undefined;
    const origins = await startOrigins(options.origins ?? { default: () => new Response('no origin was given to the test edge', { status: 404 }) }, closers);
    const defaultId = options.defaultOrigin ?? origins[0]?.id;
    const defaultOrigin = origins.find((origin) => origin.id === defaultId);
    if (!defaultOrigin) {
      throw new TestEdgeError('InvalidOptions', `defaultOrigin ${JSON.stringify(defaultId)} is not one of origins (${origins.map((o) => o.id).join(', ') || 'none'})`);
    }

    const traces = new RequestTraces();
    const edge: Edge = await startEdge({
      viewerRequest,
      viewerResponse,
      defaultOrigin,
      origins: origins.filter((origin) => origin !== defaultOrigin),
      observer: traces.observer,
      // Requests to `url` are not `fetch`'s: their traces would never be claimed.
      observe: 'in-memory',
    });
    closers.push(() => edge.close());
    const viewer = viewerClient(() => edge.openConnection());
    closers.push(async () => viewer.close());

    const testEdge: TestEdge = {
      url: edge.url,
      store,
      fetch: async (path, init) => {
        if (closed) throw new TestEdgeError('Closed', 'this test edge is closed: edge.fetch works until edge.close(); create another edge to send more requests');
        const response = await viewer.send(requestTarget(path, edge.url), init);
        const body = response.body;
        const requestId = rawHeader(response.rawHeaders, 'x-amz-cf-id') ?? '';
        const { logs, calls } = traces.claim(requestId);
        const answered = [...calls].reverse().find((call) => call.status !== undefined);
        let headers: Headers | undefined;
        return {
          status: response.status,
          // Made on first use: most tests read a header or two of few responses.
          get headers() {
            return (headers ??= headersOf(response.rawHeaders));
          },
          body,
          text: () => body.toString('utf8'),
          json: <T>() => JSON.parse(body.toString('utf8')) as T,
          origin: answered,
          originCalls: calls,
          logs,
        };
      },
      close,
    };
    tracesOf.set(testEdge, traces);
    return testEdge;
  } catch (error) {
    await close();
    throw error;
  }
}

/** `options.engine`: one of the runtime's engines, or unset. */
function checkEngine(engine: unknown): void {
  if (engine === undefined || (typeof engine === 'string' && isEngineName(engine))) return;
  throw new TestEdgeError('InvalidOptions', `engine must be ${ENGINE_NAMES.join(' or ')} (got ${JSON.stringify(engine) ?? String(engine)})`);
}

/** `options.kvsId` as a store id, or `undefined` when not given. */
function checkedKvsId(given: unknown): string | undefined {
  if (given === undefined) return undefined;
  const id = typeof given === 'string' ? storeIdFrom(given) : undefined;
  if (id === undefined) throw new TestEdgeError('InvalidOptions', `kvsId ${JSON.stringify(given) ?? String(given)} is not a KeyValueStore id: ${STORE_ID_FORMS}`);
  return id;
}

async function readSource(source: FunctionSource, field: string): Promise<{ code: string; filename: string }> {
  if ((source.functionFile === undefined) === (source.code === undefined)) {
    throw new TestEdgeError('InvalidOptions', `${field} needs exactly one of functionFile (a path) and code (the function's text)`);
  }
  if (source.code !== undefined) return { code: source.code, filename: 'function.js' };
  const file = source.functionFile as string | URL;
  return { code: await readFile(file, 'utf8'), filename: basename(typeof file === 'string' ? file : fileURLToPath(file)) };
}

async function startOrigins(given: Readonly<Record<string, string | OriginHandler>>, closers: Array<() => Promise<void>>): Promise<OriginTarget[]> {
  const targets: OriginTarget[] = [];
  for (const [id, origin] of Object.entries(given)) {
    if (typeof origin === 'string') {
      try {
        targets.push(originFromUrl(id, origin));
      } catch {
        throw new TestEdgeError('InvalidOptions', `origins.${id} must be an http(s) URL or a handler function (got ${JSON.stringify(origin)})`);
      }
    } else if (typeof origin === 'function') {
      const server: Listening = await serveHandler(origin);
      closers.push(() => server.close());
      targets.push(originFromUrl(id, server.url));
    } else {
      throw new TestEdgeError('InvalidOptions', `origins.${id} must be an http(s) URL or a handler function`);
    }
  }
  return targets;
}
