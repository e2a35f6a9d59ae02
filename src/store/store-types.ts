/** The shapes a KeyValueStore takes in and gives back. */

/** A store's whole state: what is persisted, and what a store is rebuilt from. */
export interface StoreSnapshot {
  readonly id: string;
  readonly name: string;
  readonly accountId: string;
  readonly etag: string;
  /** ISO-8601. */
  readonly created: string;
  /** ISO-8601. */
  readonly lastModified: string;
  /** Items sorted by key. */
  readonly items: readonly (readonly [key: string, value: string])[];
}

/** How a store keeps its state beyond memory, and its clock. */
export interface KeyValueStoreOptions {
  /**
   * Saves the state a write is about to produce. The write is acknowledged (and becomes
   * visible) only once this resolves; a rejection leaves the store as it was.
   * @default - in memory only
   */
  readonly persist?: (snapshot: StoreSnapshot) => Promise<void>;
  /** @default - the system clock */
  readonly now?: () => Date;
}

/** What a new store is called and where it lives. */
export interface NewStoreProps {
  readonly name: string;
  /** @default '000000000000' */
  readonly accountId?: string;
  /** @default - a random UUID */
  readonly id?: string;
}

/** What DescribeKeyValueStore reports. */
export interface StoreDescription {
  readonly itemCount: number;
  readonly totalSizeInBytes: number;
  readonly arn: string;
  readonly created: Date;
  readonly lastModified: Date;
  readonly status: 'READY';
  readonly etag: string;
}

/** What `cf.kvs().meta()` returns inside a function. */
export interface StoreMeta {
  readonly creationDateTime: string;
  readonly lastUpdatedDateTime: string;
  readonly keyCount: number;
}

/** What every write returns: the store's new version and size. */
export interface WriteResult {
  readonly etag: string;
  readonly itemCount: number;
  readonly totalSizeInBytes: number;
}

/** One page of ListKeys. */
export interface ListPage {
  readonly items: { key: string; value: string }[];
  /** Present when more keys follow. */
  readonly nextToken?: string;
}

/** Seed data: `[key, value]` pairs or a plain object. */
export type SeedEntries = Iterable<readonly [string, string]> | Readonly<Record<string, string>>;
