import { readFile } from 'node:fs/promises';
import { startDemoApi, type DemoApi } from '../demo/demo-api.js';
import { originFromUrl, startEdge, type Edge } from '../edge/index.js';
import { buildEdgeFunction } from '../function/index.js';
import { loadFunction, FunctionLoadError, unloadableFunction, type CloudFrontFunction, type ContextMode, type EngineName } from '../runtime/index.js';
import { startKvsServer } from '../store/http/index.js';
import { StoreRegistry, type KeyValueStore } from '../store/index.js';
import { KVS_UPDATE_MAX_KEYS } from '../limits.js';
import type { PoolHead, RoutingTable } from '../router/table/index.js';
import { compileDevConfig } from './dev-config.js';
import { seedLayoutEntries } from './seed-entries.js';

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
   * A `cellfront.config.json` to route with: compiled against the local
   * outputs (`${APIGATEWAY1URL}`, ...), its table and override keys are written
   * into the store at start (unless `emptyKvs`) and the table is embedded in the
   * function as the last known good one. Relative to `cwd`.
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
}

export interface LocalSystem {
  /** The seed's stack outputs plus `KVSENDPOINT`, in the order they are printed. */
  readonly outputs: Readonly<Record<string, string>>;
  readonly edge: Edge;
  readonly apis: readonly DemoApi[];
  readonly store: KeyValueStore;
  readonly kvsEndpoint: string;
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
    const store = registry.findByName(DEV_STORE_NAME) ?? (await registry.create({ name: DEV_STORE_NAME }));

    const apis: DemoApi[] = [];
    for (let i = 1; i <= (options.apis ?? 2); i++) {
      const api = await startDemoApi({ index: i, port: portFor(1 + i) });
      closers.push(() => api.close());
      apis.push(api);
    }
    const stageUrls = apis.map((api) => api.stageUrl.replace('//127.0.0.1:', '//localhost:'));

    const kvs = await startKvsServer({ registry, port: portFor(1) });
    closers.push(() => kvs.close());

    const apiOutputs: Record<string, string> = {};
    stageUrls.forEach((url, i) => (apiOutputs[`APIGATEWAY${i + 1}URL`] = url));
    const routing =
      options.configFile === undefined || options.emptyKvs
        ? undefined
        : await compileDevConfig(options.configFile, options.cwd ?? process.cwd(), DEV_STACK_NAME, { ...apiOutputs, KVSTOREARN: store.arn });

    if (options.emptyKvs) await store.clear();
    else await writeEntries(store, routing ? routing.entries : seedLayoutEntries(stageUrls));

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
    return { outputs, edge, apis, store, kvsEndpoint: kvs.url, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Writes entries in as many UpdateKeys calls as the per-call key limit needs. */
async function writeEntries(store: KeyValueStore, entries: ReadonlyArray<{ key: string; value: string }>): Promise<void> {
  for (let at = 0; at < entries.length; at += KVS_UPDATE_MAX_KEYS) {
    await store.update({ puts: entries.slice(at, at + KVS_UPDATE_MAX_KEYS) }, store.etag);
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
  const source = file === undefined ? (await buildEdgeFunction(table ? { table } : {})).code : await readFile(file, 'utf8');
  const filename = file ?? 'edge-function.js';
  try {
    return loadFunction(source, { filename, kvs: store, kvsId: store.id, engine, contexts });
  } catch (error) {
    if (!(error instanceof FunctionLoadError)) throw error;
    log(`function ${filename} did not load: ${error.message}; every request will answer 503`);
    return unloadableFunction(error);
  }
}
