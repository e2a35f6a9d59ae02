import { readFile } from 'node:fs/promises';
import { startDemoApi, type DemoApi } from '../demo/demo-api.js';
import { originFromUrl, startEdge, type Edge } from '../edge/index.js';
import { buildEdgeFunction } from '../function/index.js';
import { loadFunction, FunctionLoadError, type CloudFrontFunction } from '../runtime/index.js';
import { startKvsServer } from '../store/http/index.js';
import { StoreRegistry, type KeyValueStore } from '../store/index.js';
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
  /** Start with an empty store, as the seed's stack does. @default false */
  readonly emptyKvs?: boolean;
  /** How many demo APIs (cells). @default 2 */
  readonly apis?: number;
  /** A viewer-request function file to run instead of cellfront's own router. */
  readonly functionFile?: string;
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
 * local distribution running the edge function against the store.
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

    if (options.emptyKvs) await store.clear();
    else await store.update({ puts: seedLayoutEntries(stageUrls) }, store.etag);

    const viewerRequest = await loadViewerRequest(options.functionFile, store, log);
    const edge = await startEdge({
      port: portFor(0),
      viewerRequest,
      defaultOrigin: originFromUrl('api1', stageUrls[0] ?? 'http://localhost:1/'),
      log,
    });
    closers.push(() => edge.close());

    const outputs: Record<string, string> = { CLOUDFRONTDOMAINNAME: edge.domainName };
    stageUrls.forEach((url, i) => (outputs[`APIGATEWAY${i + 1}URL`] = url));
    outputs.KVSTOREARN = store.arn;
    outputs.KVSENDPOINT = kvs.url;
    return { outputs, edge, apis, store, kvsEndpoint: kvs.url, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * Loads the viewer-request function. A function that does not load still gets an
 * edge: every request answers 503 with the load error, as CloudFront would.
 */
async function loadViewerRequest(file: string | undefined, store: KeyValueStore, log: (line: string) => void): Promise<CloudFrontFunction> {
  const source = file === undefined ? (await buildEdgeFunction()).code : await readFile(file, 'utf8');
  const filename = file ?? 'edge-function.js';
  try {
    return loadFunction(source, { filename, kvs: store, kvsId: store.id });
  } catch (error) {
    if (!(error instanceof FunctionLoadError)) throw error;
    log(`function ${filename} did not load: ${error.message}; every request will answer 503`);
    return {
      invoke: async () => ({ kind: 'error', status: 503, code: 'ExecutionError', message: error.message, logs: [] }),
    };
  }
}
