/**
 * The local CloudFront KeyValueStore: stores with CloudFront's rules, persisted one JSON
 * file per store, and (in `http/`) the KeyValueStore data-plane API the AWS SDK talks to.
 */
export { formatKvsArn, LOCAL_ACCOUNT_ID, parseKvsArn, type KvsArnParts } from './arn.js';
export { KVS_ERROR_STATUS, KvsError, StoreFileError, StoreLockedError, type KvsErrorCode } from './errors.js';
export { LOCK_FILE } from './data-dir-lock.js';
export {
  KeyValueStore,
  type KeyValueStoreOptions,
  type ListPage,
  type NewStoreProps,
  type SeedEntries,
  type StoreDescription,
  type StoreMeta,
  type StoreSnapshot,
  type UpdateRequest,
  type WriteResult,
} from './key-value-store.js';
export { StoreRegistry, type StoreRegistryOptions } from './store-registry.js';
export { DELETES_SHAPE, parseDeletes, parsePuts, PUTS_SHAPE, type PutEntry } from './update-input.js';
