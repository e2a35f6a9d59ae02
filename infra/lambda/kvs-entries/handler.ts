/**
 * The custom resource behind `KvsEntries`: keeps a KeyValueStore's routing entries in step
 * with the stack, through the KVS data-plane API (SigV4A). It runs under the CDK provider
 * framework, which turns the returned object (or a thrown error) into CloudFormation's answer.
 * The endpoint comes from the environment like every AWS SDK client's
 * (`AWS_ENDPOINT_URL_CLOUDFRONT_KEYVALUESTORE`), so the same code runs against the local API.
 */
import {
  DescribeKeyValueStoreCommand,
  ListKeysCommand,
  UpdateKeysCommand,
  type CloudFrontKeyValueStoreClient,
} from '@aws-sdk/client-cloudfront-keyvaluestore';
import { createKvsClient } from '../../../src/aws/kvs-client.js';
import { KVS_LIST_MAX_RESULTS } from '../../../src/limits.js';
import { planChanges, planRemoval, withDeployRecord, type KeepReplaced, type KvsItem, type UpdateBatch } from './plan.js';
import { planAgainstLive, routingKeysIn } from './plan-config.js';

/** The properties the construct gives the resource. */
export interface KvsEntriesProperties {
  readonly KvsArn: string;
  readonly Entries: readonly KvsItem[];
  /** Keys whose replaced value is kept in another key (see `planChanges`). */
  readonly KeepReplaced: readonly KeepReplaced[];
  /** A resolved cellfront config as JSON: compiled against the store's live table, when it has one. */
  readonly Config?: string;
}

/** The part of the provider framework's event this handler reads. */
export interface KvsEntriesEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly PhysicalResourceId?: string;
  /** The stack's ARN (`arn:aws:cloudformation:REGION:ACCOUNT:stack/NAME/ID`): who deploys, in the store's history. */
  readonly StackId?: string;
  readonly ResourceProperties: Readonly<Record<string, unknown>>;
  readonly OldResourceProperties?: Readonly<Record<string, unknown>>;
}

/** What the provider framework reports to CloudFormation. */
export interface KvsEntriesResult {
  readonly PhysicalResourceId: string;
  readonly Data: { readonly Puts: number; readonly Deletes: number };
}

/** The event's properties are not what the construct sends. */
export class KvsEntriesPropertiesError extends Error {
  override readonly name = 'KvsEntriesPropertiesError';
  readonly code = 'InvalidProperties';
}

/** How often a write is retried after someone else changed the store in between. */
const CONFLICT_ATTEMPTS = 5;

/**
 * Create: writes the entries. Update: writes the changed entries and deletes the keys it
 * wrote before that are gone; a value it replaces in a `KeepReplaced` key is kept in that
 * entry's `Into` key. Delete: removes the keys it wrote, and never fails.
 *
 * @example await handler({ RequestType: 'Create', ResourceProperties: { KvsArn: arn, Entries: [{ Key: 'APIGW1URL', Value: url }] } });
 */
export async function handler(event: KvsEntriesEvent): Promise<KvsEntriesResult> {
  if (event.RequestType === 'Delete') return remove(event);
  const props = readProperties(event.ResourceProperties, 'ResourceProperties');
  const old = event.OldResourceProperties && readProperties(event.OldResourceProperties, 'OldResourceProperties');
  // A new store starts with nothing of ours in it; the old store's keys go when
  // CloudFormation deletes the old physical resource, which the new id triggers.
  const written = event.RequestType === 'Update' && old && old.KvsArn === props.KvsArn ? old.Entries.map((item) => item.Key) : [];
  const client = createKvsClient();
  try {
    const stack = /:stack\/([^/]+)\//.exec(event.StackId ?? '')?.[1] ?? 'CloudFormation';
    const what = `the routing table of stack ${stack} (${event.RequestType === 'Create' ? 'first deployment' : 'update'})`;
    const counts = await sync(client, props.KvsArn, (current) => {
      // With a config and a table in the store: the plan `cellfront apply` would make. Otherwise the entries.
      const batches = (props.Config !== undefined && planAgainstLive(current, props.Config)) || planChanges(current, props.Entries, written, props.KeepReplaced);
      return withDeployRecord(current, batches, { by: stack, via: 'cdk' }, what, new Date());
    });
    return { PhysicalResourceId: physicalId(props.KvsArn), Data: counts };
  } finally {
    client.destroy();
  }
}

/**
 * A failed Delete would hold the stack's deletion (or a rollback) hostage, while the
 * keys sit in a store that is, in this construct, deleted right after. So any failure,
 * a store already gone first of all, is logged and the deletion goes on.
 */
async function remove(event: KvsEntriesEvent): Promise<KvsEntriesResult> {
  const physicalResourceId = event.PhysicalResourceId ?? 'cellfront-entries';
  let client: CloudFrontKeyValueStoreClient | undefined;
  try {
    const props = readProperties(event.ResourceProperties, 'ResourceProperties');
    client = createKvsClient();
    const counts = await sync(client, props.KvsArn, (current) => {
      // Deploys with a config write later generations of a pooled table than the entries name.
      const written = [...props.Entries.map((item) => item.Key), ...(props.Config !== undefined ? routingKeysIn(current) : [])];
      return planRemoval(current, written);
    });
    return { PhysicalResourceId: physicalResourceId, Data: counts };
  } catch (error) {
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    console.warn(`Deleting the routing entries of ${physicalResourceId} failed; leaving them. ${text}`);
    return { PhysicalResourceId: physicalResourceId, Data: { Puts: 0, Deletes: 0 } };
  } finally {
    client?.destroy();
  }
}

/**
 * Reads the store, plans, writes. Every UpdateKeys carries the ETag just read (or the one
 * the previous batch returned); if the store changed in between, the whole round is
 * planned again from a fresh read.
 */
async function sync(
  client: CloudFrontKeyValueStoreClient,
  kvsArn: string,
  plan: (current: ReadonlyMap<string, string>) => UpdateBatch[],
): Promise<{ Puts: number; Deletes: number }> {
  for (let attempt = 1; ; attempt++) {
    const described = await client.send(new DescribeKeyValueStoreCommand({ KvsARN: kvsArn }));
    const batches = plan(await readAll(client, kvsArn));
    let etag = described.ETag;
    try {
      for (const batch of batches) {
        const written = await client.send(
          new UpdateKeysCommand({
            KvsARN: kvsArn,
            IfMatch: etag,
            ...(batch.puts.length > 0 ? { Puts: batch.puts } : {}),
            ...(batch.deletes.length > 0 ? { Deletes: batch.deletes.map((Key) => ({ Key })) } : {}),
          }),
        );
        etag = written.ETag;
      }
    } catch (error) {
      if (error instanceof Error && error.name === 'ConflictException' && attempt < CONFLICT_ATTEMPTS) continue;
      throw error;
    }
    const counts = {
      Puts: batches.reduce((sum, batch) => sum + batch.puts.length, 0),
      Deletes: batches.reduce((sum, batch) => sum + batch.deletes.length, 0),
    };
    console.log(`${kvsArn}: put ${counts.Puts} key(s), deleted ${counts.Deletes} key(s)`);
    return counts;
  }
}

async function readAll(client: CloudFrontKeyValueStoreClient, kvsArn: string): Promise<Map<string, string>> {
  const items = new Map<string, string>();
  let nextToken: string | undefined;
  do {
    const page = await client.send(new ListKeysCommand({ KvsARN: kvsArn, MaxResults: KVS_LIST_MAX_RESULTS, NextToken: nextToken }));
    for (const item of page.Items ?? []) items.set(item.Key ?? '', item.Value ?? '');
    nextToken = page.NextToken;
  } while (nextToken !== undefined && nextToken !== '');
  return items;
}

/** One resource per store: a new store means a new physical resource. */
function physicalId(kvsArn: string): string {
  return `${kvsArn}/cellfront-entries`;
}

function readProperties(raw: Readonly<Record<string, unknown>>, where: string): KvsEntriesProperties {
  const { KvsArn: kvsArn, Entries: entries = [], KeepReplaced: keep = [], Config: config } = raw;
  if (config !== undefined && typeof config !== 'string') {
    throw new KvsEntriesPropertiesError(`${where}.Config must be a config as JSON text; got ${JSON.stringify(config)}`);
  }
  if (typeof kvsArn !== 'string' || kvsArn === '') {
    throw new KvsEntriesPropertiesError(`${where}.KvsArn must be a key value store ARN; got ${JSON.stringify(kvsArn)}`);
  }
  if (!Array.isArray(entries)) {
    throw new KvsEntriesPropertiesError(`${where}.Entries must be a list of {Key, Value}; got ${JSON.stringify(entries)}`);
  }
  const items = entries.map((entry: unknown, index): KvsItem => {
    const { Key: key, Value: value } = (entry ?? {}) as { Key?: unknown; Value?: unknown };
    if (typeof key !== 'string' || typeof value !== 'string') {
      throw new KvsEntriesPropertiesError(`${where}.Entries[${index}] must be {Key, Value} with string values; got ${JSON.stringify(entry)}`);
    }
    return { Key: key, Value: value };
  });
  if (!Array.isArray(keep)) {
    throw new KvsEntriesPropertiesError(`${where}.KeepReplaced must be a list of {Key, Into}; got ${JSON.stringify(keep)}`);
  }
  const kept = keep.map((entry: unknown, index): KeepReplaced => {
    const { Key: key, Into: into } = (entry ?? {}) as { Key?: unknown; Into?: unknown };
    if (typeof key !== 'string' || typeof into !== 'string') {
      throw new KvsEntriesPropertiesError(`${where}.KeepReplaced[${index}] must be {Key, Into} with string values; got ${JSON.stringify(entry)}`);
    }
    return { Key: key, Into: into };
  });
  return { KvsArn: kvsArn, Entries: items, KeepReplaced: kept, ...(config !== undefined ? { Config: config } : {}) };
}
