import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseKvsArn } from './arn.js';
import { KvsError, quote } from './errors.js';
import { KeyValueStore, type KeyValueStoreOptions, type NewStoreProps, type StoreSnapshot } from './key-value-store.js';
import { lockDataDir, type DataDirLock } from './data-dir-lock.js';
import { listStoreFiles, readStoreFile, removeLeftoverTempFiles, storeFilePath, writeStoreFile } from './store-file.js';

/** Options of a registry. */
export interface StoreRegistryOptions {
  /** @default - the system clock */
  readonly now?: () => Date;
}

/**
 * Every local key value store, found by ARN, name or id. Opened on a data directory, each
 * store lives in `<dataDir>/<id>.json` and every acknowledged write is on disk; reopening
 * the directory gives back the same items, dates and ETags.
 *
 * @example
 * const registry = await StoreRegistry.open('.cellfront/kvs');
 * const store = registry.findByName('routes') ?? (await registry.create({ name: 'routes' }));
 * registry.get(store.arn) === store; // true
 */
export class StoreRegistry {
  readonly #stores = new Map<string, KeyValueStore>();
  #lock: DataDirLock | undefined;

  private constructor(
    /** Where store files live; `undefined` for a registry kept in memory only. */
    readonly dataDir: string | undefined,
    private readonly options: StoreRegistryOptions,
  ) {}

  /**
   * Takes the data directory (created if missing) for this process, removes the temp
   * files interrupted writes left, and loads every store file. Throws StoreLockedError
   * when another live process has the directory, and StoreFileError naming a damaged
   * store file (loading stops rather than dropping it). `close()` gives the directory up.
   */
  static async open(dataDir: string, options: StoreRegistryOptions = {}): Promise<StoreRegistry> {
    await mkdir(dataDir, { recursive: true });
    const registry = new StoreRegistry(dataDir, options);
    registry.#lock = await lockDataDir(dataDir);
    try {
      await removeLeftoverTempFiles(dataDir);
      for (const name of await listStoreFiles(dataDir)) {
        const snapshot = await readStoreFile(join(dataDir, name));
        registry.#add(KeyValueStore.fromSnapshot(snapshot, registry.#storeOptions()));
      }
    } catch (error) {
      await registry.close();
      throw error;
    }
    return registry;
  }

  /** Gives up the data directory's lock (stores stay readable; writes after this are not recommended). */
  async close(): Promise<void> {
    await this.#lock?.release();
    this.#lock = undefined;
  }

  /** A registry whose stores live in memory only (tests, throwaway sessions). */
  static inMemory(options: StoreRegistryOptions = {}): StoreRegistry {
    return new StoreRegistry(undefined, options);
  }

  /**
   * Creates an empty store and saves it. Names are unique within an account, as in
   * CloudFront; a taken name or id is a ConflictException.
   */
  async create(props: NewStoreProps): Promise<KeyValueStore> {
    const store = KeyValueStore.create(props, this.#storeOptions());
    const sameName = this.findByName(store.name, store.accountId);
    if (sameName) {
      throw new KvsError('ConflictException', `A key value store named ${quote(store.name)} already exists: ${sameName.arn}`);
    }
    if (this.findById(store.id)) {
      throw new KvsError('ConflictException', `A key value store with id ${store.id} already exists`);
    }
    // Registered before the first save so a concurrent create of the same name is refused.
    this.#add(store);
    try {
      await this.#save(store.snapshot());
    } catch (error) {
      this.#stores.delete(store.arn);
      throw error;
    }
    return store;
  }

  /** The store named `name` (in `accountId` when given), or `undefined`. */
  findByName(name: string, accountId?: string): KeyValueStore | undefined {
    return this.list().find((s) => s.name === name && (accountId === undefined || s.accountId === accountId));
  }

  /** The store with this id (the UUID a function passes to `cf.kvs(id)`), or `undefined`. */
  findById(id: string): KeyValueStore | undefined {
    const wanted = id.toLowerCase();
    return this.list().find((s) => s.id === wanted);
  }

  /**
   * The store with this ARN. A malformed ARN is a ValidationException; an unknown one a
   * ResourceNotFoundException that names no other store (an ARN is what grants access).
   */
  get(arn: string): KeyValueStore {
    const { accountId, id } = parseKvsArn(arn);
    const store = this.findById(id);
    if (store && store.accountId === accountId) return store;
    throw new KvsError(
      'ResourceNotFoundException',
      `Key value store ${arn} was not found; check the ARN (cellfront dev prints it as KVSTOREARN)`,
    );
  }

  /** Every store, in creation order. */
  list(): KeyValueStore[] {
    return [...this.#stores.values()].sort((a, b) => a.created.getTime() - b.created.getTime());
  }

  #add(store: KeyValueStore): void {
    this.#stores.set(store.arn, store);
  }

  #storeOptions(): KeyValueStoreOptions {
    return { persist: (snapshot) => this.#save(snapshot), ...(this.options.now ? { now: this.options.now } : {}) };
  }

  async #save(snapshot: StoreSnapshot): Promise<void> {
    if (this.dataDir === undefined) return;
    try {
      await writeStoreFile(this.dataDir, snapshot);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const reason =
        code === 'ENOSPC' || code === 'EDQUOT'
          ? `the disk is full (${code}); free some space and send the write again`
          : error instanceof Error
            ? error.message
            : String(error);
      throw new KvsError('InternalServerException', `Could not save ${storeFilePath(this.dataDir, snapshot.id)}: ${reason}. Nothing was written; the store is unchanged.`);
    }
  }
}
