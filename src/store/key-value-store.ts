import { randomUUID } from 'node:crypto';
import { KVS_LIST_DEFAULT_RESULTS, KVS_LIST_MAX_RESULTS, KVS_TOTAL_MAX_BYTES } from '../limits.js';
import { checkAccountId, checkStoreId, formatKvsArn, LOCAL_ACCOUNT_ID } from './arn.js';
import { checkKey, checkStoreName, checkValue, itemBytes } from './entry-rules.js';
import { KvsError, quote } from './errors.js';
import { newEtag } from './etag.js';
import { decodeListToken, encodeListToken } from './list-token.js';
import { checkUpdate, type UpdateRequest } from './update-rules.js';
import type {
  KeyValueStoreOptions,
  ListPage,
  NewStoreProps,
  SeedEntries,
  StoreDescription,
  StoreMeta,
  StoreSnapshot,
  WriteResult,
} from './store-types.js';

export type * from './store-types.js';
export type { UpdateRequest } from './update-rules.js';

/**
 * One CloudFront KeyValueStore: items, one ETag versioning the whole store, and the
 * API's rules (sizes, optimistic concurrency, all-or-nothing updates). Writes are
 * serialized, so concurrent writers holding the same ETag get exactly one winner.
 *
 * @example
 * const store = KeyValueStore.create({ name: 'routes' });
 * const { etag } = await store.put('cell-a', 'https://a.example.com', store.etag);
 * store.get('cell-a'); // 'https://a.example.com'
 */
export class KeyValueStore {
  readonly id: string;
  readonly name: string;
  readonly accountId: string;
  readonly arn: string;
  readonly created: Date;
  #etag: string;
  #lastModified: Date;
  #items: Map<string, string>;
  #totalBytes: number;
  #sortedKeys: string[] | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  readonly #persist: ((snapshot: StoreSnapshot) => Promise<void>) | undefined;
  readonly #now: () => Date;

  /** A new, empty store with a fresh ETag. */
  static create(props: NewStoreProps, options: KeyValueStoreOptions = {}): KeyValueStore {
    checkStoreName(props.name);
    const accountId = props.accountId ?? LOCAL_ACCOUNT_ID;
    checkAccountId(accountId);
    const id = props.id ?? randomUUID();
    checkStoreId(id);
    const now = (options.now ?? (() => new Date()))().toISOString();
    const snapshot = { id: id.toLowerCase(), name: props.name, accountId, etag: newEtag(), created: now, lastModified: now, items: [] };
    return new KeyValueStore(snapshot, options);
  }

  /** A store rebuilt from a snapshot (e.g. a store file), keeping its ETag and dates. */
  static fromSnapshot(snapshot: StoreSnapshot, options: KeyValueStoreOptions = {}): KeyValueStore {
    return new KeyValueStore(snapshot, options);
  }

  private constructor(snapshot: StoreSnapshot, options: KeyValueStoreOptions) {
    this.id = snapshot.id;
    this.name = snapshot.name;
    this.accountId = snapshot.accountId;
    this.arn = formatKvsArn(snapshot.accountId, snapshot.id);
    this.created = new Date(snapshot.created);
    this.#etag = snapshot.etag;
    this.#lastModified = new Date(snapshot.lastModified);
    this.#items = new Map(snapshot.items);
    this.#totalBytes = totalBytes(this.#items);
    this.#persist = options.persist;
    this.#now = options.now ?? (() => new Date());
  }

  /** The current version of the store; every write needs it and changes it. */
  get etag(): string {
    return this.#etag;
  }

  get lastModified(): Date {
    return new Date(this.#lastModified);
  }

  /** The value of `key`, or `undefined`. Never throws: this is what a running function reads. */
  get(key: string): string | undefined {
    return this.#items.get(key);
  }

  describe(): StoreDescription {
    return {
      itemCount: this.#items.size,
      totalSizeInBytes: this.#totalBytes,
      arn: this.arn,
      created: new Date(this.created),
      lastModified: new Date(this.#lastModified),
      status: 'READY',
      etag: this.#etag,
    };
  }

  meta(): StoreMeta {
    return {
      creationDateTime: this.created.toISOString(),
      lastUpdatedDateTime: this.#lastModified.toISOString(),
      keyCount: this.#items.size,
    };
  }

  /** GetKey: the item and the store's size; a missing key is a ResourceNotFoundException. */
  getKey(key: string): { key: string; value: string; itemCount: number; totalSizeInBytes: number } {
    checkKey(key);
    const value = this.#items.get(key);
    if (value === undefined) throw this.#missing(key);
    return { key, value, itemCount: this.#items.size, totalSizeInBytes: this.#totalBytes };
  }

  /** ListKeys: items in key order, `maxResults` (1–50, default 10) at a time. */
  list(options: { maxResults?: number; nextToken?: string } = {}): ListPage {
    const max = options.maxResults ?? KVS_LIST_DEFAULT_RESULTS;
    if (!Number.isInteger(max) || max < 1 || max > KVS_LIST_MAX_RESULTS) {
      throw new KvsError('ValidationException', `MaxResults must be a whole number from 1 to ${KVS_LIST_MAX_RESULTS}, got ${max}`);
    }
    const keys = (this.#sortedKeys ??= [...this.#items.keys()].sort());
    const start = options.nextToken === undefined ? 0 : firstAfter(keys, decodeListToken(options.nextToken));
    const page = keys.slice(start, start + max);
    const items = page.map((key) => ({ key, value: this.#items.get(key) as string }));
    const last = page[page.length - 1];
    return start + max < keys.length && last !== undefined ? { items, nextToken: encodeListToken(last) } : { items };
  }

  /** PutKey: creates or replaces one item. */
  async put(key: string, value: string, ifMatch: string): Promise<WriteResult> {
    checkKey(key);
    checkValue(key, value);
    return this.#write(ifMatch, (items) => {
      items.set(key, value);
    });
  }

  /** DeleteKey: removes one item; a missing key is a ResourceNotFoundException. */
  async delete(key: string, ifMatch: string): Promise<WriteResult> {
    checkKey(key);
    return this.#write(ifMatch, (items) => {
      if (!items.delete(key)) throw this.#missing(key);
    });
  }

  /**
   * UpdateKeys: puts and deletes up to 50 keys, all or nothing. Deleting a key that does
   * not exist is not an error here (unlike DeleteKey): the end state is the one asked for.
   */
  async update(request: UpdateRequest, ifMatch: string): Promise<WriteResult> {
    const { puts, deletes } = checkUpdate(request);
    return this.#write(ifMatch, (items) => {
      for (const key of deletes) items.delete(key);
      for (const { key, value } of puts) items.set(key, value);
    });
  }

  /** Replaces every item (seeding, like an import at creation); no ETag needed, and no 50-key cap. */
  async replaceAll(entries: SeedEntries): Promise<WriteResult> {
    const next = new Map<string, string>();
    const pairs: Iterable<readonly [string, string]> = Symbol.iterator in entries ? (entries as Iterable<readonly [string, string]>) : Object.entries(entries);
    for (const [key, value] of pairs) {
      checkKey(key);
      checkValue(key, value);
      if (next.has(key)) throw new KvsError('ValidationException', `Key ${quote(key)} appears more than once in the seed data`);
      next.set(key, value);
    }
    return this.#write(undefined, (items) => {
      items.clear();
      for (const [key, value] of next) items.set(key, value);
    });
  }

  /** Removes every item; no ETag needed. */
  async clear(): Promise<WriteResult> {
    return this.replaceAll([]);
  }

  /** The store's whole state, items sorted by key. */
  snapshot(): StoreSnapshot {
    return this.#snapshotOf(this.#items, this.#etag, this.#lastModified);
  }

  /**
   * Runs one write after every earlier one: checks the ETag (unless seeding), applies
   * `change` to a copy, checks the total size, persists, then swaps the copy in.
   */
  #write(ifMatch: string | undefined, change: (items: Map<string, string>) => void): Promise<WriteResult> {
    if (ifMatch !== undefined && ifMatch.length === 0) {
      return Promise.reject(new KvsError('ValidationException', 'IfMatch is required: pass the ETag returned by DescribeKeyValueStore'));
    }
    const run = this.#queue.then(async () => {
      if (ifMatch !== undefined && ifMatch !== this.#etag) {
        throw new KvsError(
          'ConflictException',
          `ETag ${quote(ifMatch)} does not match the current ETag "${this.#etag}" of ${this.arn}; the store changed since that ETag was read, describe it again and retry`,
        );
      }
      const items = new Map(this.#items);
      change(items);
      const total = totalBytes(items);
      if (total > KVS_TOTAL_MAX_BYTES) {
        throw new KvsError(
          'ServiceQuotaExceededException',
          `The store would hold ${total} bytes (keys plus values) after this write; the limit is ${KVS_TOTAL_MAX_BYTES} bytes`,
        );
      }
      const etag = newEtag(this.#etag);
      const lastModified = this.#now();
      await this.#persist?.(this.#snapshotOf(items, etag, lastModified));
      this.#items = items;
      this.#totalBytes = total;
      this.#etag = etag;
      this.#lastModified = lastModified;
      this.#sortedKeys = undefined;
      return { etag, itemCount: items.size, totalSizeInBytes: total };
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #snapshotOf(items: Map<string, string>, etag: string, lastModified: Date): StoreSnapshot {
    return {
      id: this.id,
      name: this.name,
      accountId: this.accountId,
      etag,
      created: this.created.toISOString(),
      lastModified: lastModified.toISOString(),
      items: [...items].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    };
  }

  #missing(key: string): KvsError {
    return new KvsError('ResourceNotFoundException', `Key ${quote(key)} was not found in ${this.arn}`);
  }
}

function totalBytes(items: ReadonlyMap<string, string>): number {
  let total = 0;
  for (const [key, value] of items) total += itemBytes(key, value);
  return total;
}

/** Index of the first key greater than `after` in sorted `keys`. */
function firstAfter(keys: readonly string[], after: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((keys[mid] as string) <= after) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
