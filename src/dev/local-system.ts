import { readFile } from 'node:fs/promises';
import type { DemoApi } from '../demo/demo-api.js';
import { startDemoApiThread } from '../demo/demo-api-thread.js';
import { originFromUrl, startEdge, type Edge } from '../edge/index.js';
import { buildEdgeFunction, EdgeBuildError } from '../function/index.js';
import { loadFunction, FunctionLoadError, unloadableFunction, type CloudFrontFunction, type ContextMode, type EngineName } from '../runtime/index.js';
import { startKvsServer } from '../store/http/index.js';
import { StoreRegistry, type KeyValueStore } from '../store/index.js';
import { KVS_UPDATE_MAX_KEYS } from '../limits.js';
import type { KvsEntry, PoolHead, RoutingTable } from '../router/table/index.js';
import { actorFrom } from '../control/actor.js';
import type { Actor, HistoryDraft } from '../control/history.js';
import { compileDevConfig } from './dev-config.js';
import { listenLoadingOnFirstRequest } from './lazy-dashboard.js';
import { seedLayoutEntries } from './seed-entries.js';
import { describeSeed, historyEntryFor, seedStore, type SeedOutcome } from './seed-store.js';

/** The stack name the local outputs file uses, in `cdk deploy --outputs-file` format. */
export const DEV_STACK_NAME = 'CellfrontDev';
/** The store `cellfront dev` creates and reuses in its data directory. */
export const DEV_STORE_NAME = 'cellfront-dev';

export interface LocalSystemOptions {
  /** Where the store persists. */
  readonly dataDir: string;
  /** The edge's port; the KVS endpoint takes the next one and the demo APIs the ones after. 0: every listener takes a free port. @default 8080 */
  readonly port?: number;
  /** Start with an empty store and no embedded table, as the seed's stack does. @default false */
  readonly emptyKvs?: boolean;
  /**
   * Write the seed (the config's table and overrides, or the seed layout) even into a
   * store that already holds keys, keeping the replaced table as the previous one.
   * Without it, a store that holds keys is kept as it was.
   * @default false
   */
  readonly reseed?: boolean;
  /**
   * A `cellfront.config.json` to route with: compiled against the local
   * outputs (`${APIGATEWAY1URL}`, ...), its table and override keys are written
   * into a new store (or with `reseed`; never with `emptyKvs`) and the table is
   * embedded in the function as the last known good one. Relative to `cwd`.
   * @default - none: the store is seeded with the seed layout (`APIGW1URL`, ...)
   */
  readonly configFile?: string;
  /** Where `configFile` is read from. @default process.cwd() */
  readonly cwd?: string;
  /** How many demo APIs (cells). @default 2 */
  readonly apis?: number;
  /** A viewer-request function file to run instead of cellfront's own router. */
  readonly functionFile?: string;
  /**
   * The engine the edge function runs on: `vm` (V8) or `njs` (NGINX njs, which must be installed).
   * @default 'vm'
   */
  readonly engine?: EngineName;
  /**
   * How the vm engine uses contexts (`loadFunction`'s `contexts`).
   * @default 'warm'
   */
  readonly contexts?: ContextMode;
  /** Function logs and edge errors, one line each. */
  readonly log?: (line: string) => void;
  /**
   * Serve the dashboard (`cellfront dashboard`'s page) for this system on this
   * port (0: a free one); its URL is the `DASHBOARDURL` output.
   * @default - no dashboard
   */
  readonly dashboardPort?: number;
  /** Who starts the system, for the store's history. @default `user@host` via `dev` */
  readonly actor?: Actor;
}

export interface LocalSystem {
  /** The seed's stack outputs plus `KVSENDPOINT`, in the order they are printed. */
  readonly outputs: Readonly<Record<string, string>>;
  readonly edge: Edge;
  readonly apis: readonly DemoApi[];
  readonly store: KeyValueStore;
  readonly kvsEndpoint: string;
  /** What happened to the store at start, and a line saying so. */
  readonly seed: SeedOutcome & { readonly summary: string };
  close(): Promise<void>;
}

/**
 * Starts the whole seed system on loopback: the demo APIs, the KVS endpoint and a
 * local distribution running the edge function against the store, on the
 * viewer-request and viewer-response events.
 *
 * @example
 * const system = await startLocalSystem({ dataDir: '.cellfront/data', port: 0 });
 * console.log(system.outputs.CLOUDFRONTDOMAINNAME);
 * await system.close();
 */
export async function startLocalSystem(options: LocalSystemOptions): Promise<LocalSystem> {
  const base = options.port ?? 8080;
  const portFor = (offset: number) => (base === 0 ? 0 : base + offset);
  const log = options.log ?? (() => undefined);
  const closers: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const closeOne of closers.reverse()) await closeOne().catch(() => undefined);
  };
  try {
    const registry = await StoreRegistry.open(options.dataDir);
    closers.push(() => registry.close());
    const store = registry.findByName(DEV_STORE_NAME) ?? (await registry.create({ name: DEV_STORE_NAME }));

    // The demo APIs answer from a thread of their own: their HTTP work stays off the edge's thread.
    const specs = Array.from({ length: options.apis ?? 2 }, (_, i) => ({ index: i + 1, port: portFor(2 + i) }));
    const demo = await startDemoApiThread({ apis: specs, log });
    closers.push(() => demo.close());
    const apis = demo.apis;
    const stageUrls = apis.map((api) => api.stageUrl.replace('//127.0.0.1:', '//localhost:'));

    const kvs = await startKvsServer({ registry, port: portFor(1) });
    closers.push(() => kvs.close());

    const apiOutputs: Record<string, string> = {};
    stageUrls.forEach((url, i) => (apiOutputs[`APIGATEWAY${i + 1}URL`] = url));
    const routing =
      options.configFile === undefined || options.emptyKvs
        ? undefined
        : await compileDevConfig(options.configFile, options.cwd ?? process.cwd(), DEV_STACK_NAME, { ...apiOutputs, KVSTOREARN: store.arn });

    const actor = options.actor ?? actorFrom(process.env, 'dev');
    let seed: SeedOutcome;
    if (options.emptyKvs) {
      await store.clear();
      seed = { kind: 'emptied' };
    } else {
      const entries = routing ? routing.entries : seedLayoutEntries(stageUrls);
      const source = routing ? `the table of ${options.configFile ?? 'the config'}` : 'the seed layout';
      if (store.describe().itemCount === 0) {
        // A new store: seeded, and a routing table's deployment goes into the history.
        const draft = routing ? { action: 'deploy' as const, ...actor, what: `${source}, as \`cellfront dev\` starts` } : undefined;
        await writeEntries(store, entries, draft);
        seed = { kind: 'seeded', keys: entries.length };
      } else {
        // A store with keys is the user's state: kept, unless --reseed asks to write the seed again (recorded).
        const draft = { action: 'deploy' as const, ...actor, what: `${source}, written again by \`cellfront dev --reseed\`` };
        seed = await seedStore(store, entries, { reseed: options.reseed === true, draft });
      }
    }

    const viewerRequest = await loadViewerRequest(options.functionFile, routing?.table, store, log, options.engine, options.contexts);
    const edge = await startEdge({
      port: portFor(0),
      viewerRequest,
      // cellfront's function serves both events; a user's --function runs on viewer requests only.
      viewerResponse: options.functionFile === undefined ? viewerRequest : undefined,
      cellHeader: routing?.table.h,
      defaultOrigin: originFromUrl('api1', stageUrls[0] ?? 'http://localhost:1/'),
      log,
    });
    closers.push(() => edge.close());

    const outputs: Record<string, string> = { CLOUDFRONTDOMAINNAME: edge.domainName, ...apiOutputs };
    outputs.KVSTOREARN = store.arn;
    outputs.KVSENDPOINT = kvs.url;
    if (options.dashboardPort !== undefined) {
      const dashboard = await startLocalDashboard(store.arn, kvs.url, `http://${edge.domainName}`, options.dashboardPort);
      closers.push(() => dashboard.close());
      outputs.DASHBOARDURL = dashboard.url;
    }
    return { outputs, edge, apis, store, kvsEndpoint: kvs.url, seed: { ...seed, summary: describeSeed(seed) }, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * Writes the entries that differ from the store's, in as many UpdateKeys
 * calls as the per-call key limit needs; with `draft`, the last call also
 * records the change in the store's history, as a deployment would.
 */
async function writeEntries(store: KeyValueStore, entries: ReadonlyArray<{ key: string; value: string }>, draft: HistoryDraft | undefined): Promise<void> {
  const changes = entries.filter((e) => store.get(e.key) !== e.value);
  if (changes.length === 0) return;
  if (!draft) return writeBatches(store, changes);
  await writeBatches(store, [...changes, historyEntryFor(store, draft)]);
}

async function writeBatches(store: KeyValueStore, puts: readonly KvsEntry[]): Promise<void> {
  for (let at = 0; at < puts.length; at += KVS_UPDATE_MAX_KEYS) {
    await store.update({ puts: puts.slice(at, at + KVS_UPDATE_MAX_KEYS) }, store.etag);
  }
}

/**
 * The dashboard for the local store and edge, through the same SDK client as the CLI.
 * Its port listens at once; the dashboard and the SDK load on its first request.
 */
async function startLocalDashboard(arn: string, kvsEndpoint: string, edgeUrl: string, port: number): Promise<{ url: string; close(): Promise<void> }> {
  const listener = await listenLoadingOnFirstRequest(port, async () => {
    const [{ createKvsClient }, { RoutingStore }, { dashboardHandler }] = await Promise.all([
      import('../aws/kvs-client.js'),
      import('../control/routing-store.js'),
      import('../dashboard/index.js'),
    ]);
    const client = createKvsClient({ endpoint: kvsEndpoint, env: {} });
    try {
      const handler = await dashboardHandler({ store: new RoutingStore(client, arn), actor: actorFrom(process.env, 'dashboard'), edgeUrl });
      return {
        handle: handler.handle,
        close: async () => {
          await handler.close();
          client.destroy();
        },
      };
    } catch (error) {
      client.destroy();
      throw error;
    }
  });
  return { url: `http://127.0.0.1:${listener.port}/`, close: () => listener.close() };
}

/**
 * cellfront's router with `table` embedded, reading tables of both formats: a
 * config applied later that gains rules or pools (or loses them) routes here as
 * it would with the packaged function. An embedded table too large for that
 * leaves the function reading only its own format, and the log says so.
 */
async function routerSource(table: RoutingTable | PoolHead | undefined, log: (line: string) => void): Promise<string> {
  if (!table) return (await buildEdgeFunction()).code;
  try {
    return (await buildEdgeFunction({ table, everyFormat: true })).code;
  } catch (error) {
    if (!(error instanceof EdgeBuildError) || error.code !== 'FUNCTION_TOO_LARGE') throw error;
    log(`the function reads only format ${table.v} tables (with both, ${error.message}): a table of the other format written later is refused as \`bad v\``);
    return (await buildEdgeFunction({ table })).code;
  }
}

/**
 * Loads the viewer-request function: a user's file, or cellfront's own, built
 * with `table` embedded. A function that does not load still gets an edge:
 * every request answers 503 with the load error, as CloudFront would.
 */
async function loadViewerRequest(
  file: string | undefined,
  table: RoutingTable | PoolHead | undefined,
  store: KeyValueStore,
  log: (line: string) => void,
  engine: EngineName | undefined,
  contexts: ContextMode | undefined,
): Promise<CloudFrontFunction> {
  const source = file === undefined ? await routerSource(table, log) : await readSource(file);
  const filename = file ?? 'edge-function.js';
  try {
    return loadFunction(source, { filename, kvs: store, kvsId: store.id, engine, contexts });
  } catch (error) {
    if (!(error instanceof FunctionLoadError)) throw error;
    log(`function ${filename} did not load: ${error.message}; every request will answer 503`);
    return unloadableFunction(error);
  }
}

/** Reads a function file; a failure names the file, as `readFile` leaves out for some (a directory: EISDIR). */
async function readSource(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const failure = error as NodeJS.ErrnoException;
    failure.path ??= file;
    throw failure;
  }
}
