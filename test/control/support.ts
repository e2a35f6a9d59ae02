/** A local KeyValueStore API, configs on disk, and the CLI run in-process against them. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ControlIo } from '../../src/cli/commands/control-common.js';
import { main } from '../../src/cli/main.js';
import { StoreRegistry, type KeyValueStore, type NewStoreProps } from '../../src/store/index.js';
import { startKvsServer, type KvsServer } from '../../src/store/http/index.js';

export interface LocalStore {
  readonly registry: StoreRegistry;
  readonly store: KeyValueStore;
  readonly server: KvsServer;
  /** A temp directory for configs, outputs and plans. */
  readonly dir: string;
  close(): Promise<void>;
}

/** Starts the local KVS API on a free port with one empty store, and makes a temp directory. */
export async function startLocalStore(props: NewStoreProps = { name: 'routes' }): Promise<LocalStore> {
  const registry = StoreRegistry.inMemory();
  const store = await registry.create(props);
  const server = await startKvsServer({ registry });
  const dir = await mkdtemp(join(tmpdir(), 'cellfront-control-'));
  return {
    registry,
    store,
    server,
    dir,
    close: async () => {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Origins the test configs resolve `${APIGATEWAYnURL}` to. */
export function outputsFor(local: LocalStore, extra: Record<string, string> = {}): Record<string, Record<string, string>> {
  return {
    CellfrontDev: {
      CLOUDFRONTDOMAINNAME: 'localhost:1',
      ...Object.fromEntries([1, 2, 3, 4].map((i) => [`APIGATEWAY${i}URL`, `https://gw${i}.execute-api.eu-west-1.amazonaws.com/prod/`])),
      KVSTOREARN: local.store.arn,
      KVSENDPOINT: local.server.url,
      ...extra,
    },
  };
}

/** A config with cells `api1..apiN` of the given weights, keyed by `x-tenant-id`. */
export function configWith(weights: readonly number[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    cells: weights.map((weight, i) => ({ id: `api${i + 1}`, origin: `\${APIGATEWAY${i + 1}URL}`, weight })),
    partition: { from: [{ header: 'x-tenant-id' }] },
    fallback: 'api1',
    ...extra,
  };
}

/**
 * One local store for the file's tests, emptied before each: registers the hooks and
 * returns a getter (the store starts in `beforeAll`).
 */
export function useLocalStore(): () => LocalStore {
  let local: LocalStore | undefined;
  beforeAll(async () => {
    local = await startLocalStore();
  });
  afterAll(async () => {
    await local?.close();
  });
  beforeEach(async () => {
    await local?.store.clear();
  });
  return () => {
    if (!local) throw new Error('the local store starts in beforeAll');
    return local;
  };
}

/** Writes `content` (JSON unless a string) to `name` in `dir`. */
export async function put(dir: string, name: string, content: unknown): Promise<void> {
  await writeFile(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2), 'utf8');
}

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `cellfront ...argv` in-process (no terminal unless given), with its own SDK client per call. */
export async function cli(cwd: string, argv: readonly string[], options: { env?: Record<string, string>; terminal?: ControlIo['terminal']; signal?: AbortSignal } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: ControlIo = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env: options.env ?? {},
    cwd,
    terminal: options.terminal ?? null,
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

/** Replaces ARNs, ETags, dates and ports with placeholders, so snapshots hold only what is stable. */
export function stable(text: string): string {
  return text
    .replace(/arn:aws:cloudfront::\d{12}:key-value-store\/[0-9a-f-]{36}/g, 'ARN')
    .replace(/\bKV[A-Z2-7]{13}\b/g, 'ETAG')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, 'DATE')
    .replace(/localhost:\d+/g, 'localhost:PORT');
}
