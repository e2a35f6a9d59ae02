import {
  CloudFrontKeyValueStoreServiceException,
  DescribeKeyValueStoreCommand,
  ListKeysCommand,
  UpdateKeysCommand,
  type CloudFrontKeyValueStoreClient,
} from '@aws-sdk/client-cloudfront-keyvaluestore';
import { KVS_LIST_MAX_RESULTS, KVS_UPDATE_MAX_KEYS } from '../limits.js';
import { PREVIOUS_TABLE_KEY, TABLE_KEY, type KvsEntry } from '../router/table/index.js';
import { ControlError } from './errors.js';
import { isHistoryKey } from './history.js';
import { liveStateFrom, type LiveState, type StoreWrites } from './live-state.js';

/** Reads that saw the ETag move are retried this often before giving up as a conflict. */
const CONSISTENT_READ_ATTEMPTS = 5;

/** What a write did. */
export interface WriteOutcome {
  /** The store's ETag after the last call. */
  readonly etag: string;
  /** UpdateKeys calls made (more than one only past the 50-key limit). */
  readonly calls: number;
}

/**
 * The routing keys of one KeyValueStore, through the AWS SDK: the same code
 * for AWS and the local store. Every write is conditional (`If-Match`), so a
 * change someone else made in between is never overwritten.
 *
 * @example
 * const store = new RoutingStore(createKvsClient({ endpoint }), arn);
 * const live = await store.read();
 * await store.write(live.etag, writes, 'it was read');
 */
export class RoutingStore {
  constructor(
    readonly client: CloudFrontKeyValueStoreClient,
    readonly arn: string,
  ) {}

  /** The store's ETag and last change. */
  async describe(): Promise<{ etag: string; lastModified?: Date; totalBytes: number }> {
    const r = await this.#send(() => this.client.send(new DescribeKeyValueStoreCommand({ KvsARN: this.arn })));
    if (!r.ETag) throw new ControlError('store-refused', `DescribeKeyValueStore of ${this.arn} returned no ETag`);
    return { etag: r.ETag, totalBytes: r.TotalSizeInBytes ?? 0, ...(r.LastModified ? { lastModified: r.LastModified } : {}) };
  }

  /**
   * Every key, with the ETag they belong to: the ETag is read before and after
   * listing, and the read is repeated if it moved, so the state never mixes
   * two versions.
   */
  async read(): Promise<LiveState> {
    for (let attempt = 1; ; attempt++) {
      const before = await this.describe();
      const items = await this.#listAll();
      const after = await this.describe();
      if (after.etag === before.etag) return liveStateFrom({ arn: this.arn, ...after }, items);
      if (attempt === CONSISTENT_READ_ATTEMPTS) {
        throw new ControlError('conflict', `the store kept changing while it was read (${attempt} attempts); try again when it is quiet`);
      }
    }
  }

  /**
   * Writes `writes` on condition that the store is still at `etag`. Up to 50
   * keys go in one UpdateKeys call: all or nothing. Beyond that, override keys
   * go first, in calls of 50, and the table keys last, each call conditional
   * on the ETag the one before returned: nobody else's change is overwritten,
   * and the table switches in one call. `since` completes the conflict message
   * ("the store changed since <since>").
   */
  async write(etag: string, writes: StoreWrites, since: string): Promise<WriteOutcome> {
    const batches = batchWrites(writes);
    let current = etag;
    for (const [i, batch] of batches.entries()) {
      try {
        const r = await this.client.send(
          new UpdateKeysCommand({
            KvsARN: this.arn,
            IfMatch: current,
            ...(batch.puts.length > 0 ? { Puts: batch.puts.map((p) => ({ Key: p.key, Value: p.value })) } : {}),
            ...(batch.deletes.length > 0 ? { Deletes: batch.deletes.map((Key) => ({ Key })) } : {}),
          }),
        );
        if (!r.ETag) throw new ControlError('store-refused', `UpdateKeys on ${this.arn} returned no ETag`);
        current = r.ETag;
      } catch (error) {
        if (error instanceof CloudFrontKeyValueStoreServiceException && error.name === 'ConflictException') {
          const now = await this.describe().then((d) => d.etag, () => 'unknown');
          const written = i === 0 ? 'nothing was written' : `${i} of ${batches.length} UpdateKeys calls (overrides only) were written; the table was not switched`;
          throw new ControlError('conflict', `the store changed since ${since} (ETag ${current} expected, the store is at ${now}); ${written}`);
        }
        throw storeFailure(error, this.arn);
      }
    }
    return { etag: current, calls: batches.length };
  }

  async #listAll(): Promise<KvsEntry[]> {
    const items: KvsEntry[] = [];
    let token: string | undefined;
    do {
      const r = await this.#send(() =>
        this.client.send(new ListKeysCommand({ KvsARN: this.arn, MaxResults: KVS_LIST_MAX_RESULTS, ...(token ? { NextToken: token } : {}) })),
      );
      for (const item of r.Items ?? []) if (item.Key !== undefined) items.push({ key: item.Key, value: item.Value ?? '' });
      token = r.NextToken;
    } while (token);
    return items;
  }

  async #send<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw storeFailure(error, this.arn);
    }
  }
}

/**
 * Splits writes into UpdateKeys calls of at most 50 keys: one call when they
 * fit, else override keys first and the table keys (with the history entry
 * that records the change) in the last call.
 */
export function batchWrites(writes: StoreWrites): StoreWrites[] {
  if (writes.puts.length + writes.deletes.length <= KVS_UPDATE_MAX_KEYS) return [writes];
  const isTable = (key: string) => key === TABLE_KEY || key === PREVIOUS_TABLE_KEY || isHistoryKey(key);
  const ops: ({ put: KvsEntry } | { del: string })[] = [
    ...writes.puts.filter((p) => !isTable(p.key)).map((put) => ({ put })),
    ...writes.deletes.filter((d) => !isTable(d)).map((del) => ({ del })),
  ];
  const tablePuts = writes.puts.filter((p) => isTable(p.key));
  const tableDeletes = writes.deletes.filter(isTable);
  const lastRoom = KVS_UPDATE_MAX_KEYS - tablePuts.length - tableDeletes.length;
  const head = ops.slice(0, Math.max(0, ops.length - lastRoom));
  const tail = ops.slice(head.length);
  const batches: StoreWrites[] = [];
  const toWrites = (chunk: typeof ops, puts: KvsEntry[] = [], deletes: string[] = []): StoreWrites => ({
    puts: [...chunk.flatMap((op) => ('put' in op ? [op.put] : [])), ...puts],
    deletes: [...chunk.flatMap((op) => ('del' in op ? [op.del] : [])), ...deletes],
  });
  for (let i = 0; i < head.length; i += KVS_UPDATE_MAX_KEYS) batches.push(toWrites(head.slice(i, i + KVS_UPDATE_MAX_KEYS)));
  batches.push(toWrites(tail, tablePuts, tableDeletes));
  return batches;
}

/** What the service or the connection refused, as a ControlError; anything else is rethrown as a crash. */
export function storeFailure(error: unknown, arn: string): unknown {
  if (error instanceof ControlError) return error;
  if (error instanceof CloudFrontKeyValueStoreServiceException) {
    return new ControlError('store-refused', `${error.name}: ${error.message}`);
  }
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ECONNRESET' || code === 'ETIMEDOUT' || code === 'EAI_AGAIN') {
      return new ControlError('unreachable', `cannot reach the KeyValueStore endpoint: ${error.message}`);
    }
    if (error.name === 'CredentialsProviderError') return new ControlError('store-refused', `no AWS credentials found: ${error.message}`);
    // The SDK checks the ARN before sending (its endpoint rules need the account).
    if (/KVS ARN|ARN resource type|valid ARN|is not a valid CloudFront/i.test(error.message)) {
      return new ControlError('invalid-input', `${arn} is not a KeyValueStore ARN (${error.message}); expected arn:aws:cloudfront::ACCOUNT:key-value-store/ID`);
    }
  }
  return error;
}
