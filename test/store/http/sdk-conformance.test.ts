/**
 * The local KeyValueStore API driven by the real AWS SDK v3 client, once through
 * cellfront's factory and once through a client built by hand the way a user would:
 * the same cases must pass for both.
 */
import '@aws-sdk/signature-v4a';
import {
  CloudFrontKeyValueStoreClient,
  DeleteKeyCommand,
  DescribeKeyValueStoreCommand,
  GetKeyCommand,
  ListKeysCommand,
  PutKeyCommand,
  UpdateKeysCommand,
} from '@aws-sdk/client-cloudfront-keyvaluestore';
import { lookup } from 'node:dns';
import { Agent } from 'node:http';
import type { LookupFunction } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createKvsClient } from '../../../src/aws/index.js';
import { startApi, type ApiFixture } from './fixture.js';

/** What a user writes: resolve `<account>.localhost` to loopback, everything else through DNS. */
function userBuiltClient(endpoint: string): CloudFrontKeyValueStoreClient {
  const systemLookup = lookup as LookupFunction;
  const agent = new Agent({
    lookup: (hostname, options, callback) => systemLookup(hostname.endsWith('.localhost') ? '127.0.0.1' : hostname, options, callback),
  });
  return new CloudFrontKeyValueStoreClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'example-secret' },
    requestHandler: { httpAgent: agent },
  });
}

const clients: ReadonlyArray<[string, (endpoint: string) => CloudFrontKeyValueStoreClient]> = [
  ['createKvsClient', (endpoint) => createKvsClient({ endpoint, env: {} })],
  ['a hand-built SDK client', userBuiltClient],
];

describe.each(clients)('KeyValueStore API through %s', (_label, makeClient) => {
  let api: ApiFixture;
  let client: CloudFrontKeyValueStoreClient;
  let arn: string;

  beforeAll(async () => {
    api = await startApi();
    client = makeClient(api.server.url);
    arn = api.store.arn;
  });
  afterAll(async () => {
    client.destroy();
    await api.server.close();
  });
  beforeEach(async () => {
    await api.store.clear();
  });

  const etag = async () => (await client.send(new DescribeKeyValueStoreCommand({ KvsARN: arn }))).ETag as string;

  /** An error case must leave the server answering. */
  const expectStillServing = async () => expect(await etag()).toBe(api.store.etag);

  it('describes the store with its ETag header and epoch timestamps', async () => {
    const r = await client.send(new DescribeKeyValueStoreCommand({ KvsARN: arn }));
    expect(r).toMatchObject({ ItemCount: 0, TotalSizeInBytes: 0, KvsARN: arn, Status: 'READY', ETag: api.store.etag });
    expect(r.Created?.getTime()).toBe(api.store.created.getTime());
    expect(r.LastModified?.getTime()).toBe(api.store.lastModified.getTime());
    expect(r.$metadata.httpStatusCode).toBe(200);
    expect(r.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('puts, gets, updates and deletes keys, each write returning the new ETag', async () => {
    const put = await client.send(new PutKeyCommand({ KvsARN: arn, Key: 'APIGW1URL', Value: 'https://a.example.com/prod/', IfMatch: await etag() }));
    expect(put).toMatchObject({ ItemCount: 1, TotalSizeInBytes: 9 + 27, ETag: api.store.etag });
    const got = await client.send(new GetKeyCommand({ KvsARN: arn, Key: 'APIGW1URL' }));
    expect(got).toMatchObject({ Key: 'APIGW1URL', Value: 'https://a.example.com/prod/', ItemCount: 1, TotalSizeInBytes: 36 });
    const updated = await client.send(
      new UpdateKeysCommand({ KvsARN: arn, IfMatch: put.ETag, Puts: [{ Key: 'a/b c', Value: 'ü' }], Deletes: [{ Key: 'APIGW1URL' }] }),
    );
    expect(updated).toMatchObject({ ItemCount: 1, TotalSizeInBytes: 5 + 2 });
    expect(updated.ETag).not.toBe(put.ETag);
    // A key with '/' and a space travels percent-encoded in the path.
    expect((await client.send(new GetKeyCommand({ KvsARN: arn, Key: 'a/b c' }))).Value).toBe('ü');
    const deleted = await client.send(new DeleteKeyCommand({ KvsARN: arn, Key: 'a/b c', IfMatch: updated.ETag }));
    expect(deleted).toMatchObject({ ItemCount: 0, TotalSizeInBytes: 0 });
    expect(deleted.ETag).toBe(api.store.etag);
  });

  it('lists 25 keys in 3 pages of at most 10', async () => {
    await api.store.replaceAll(Array.from({ length: 25 }, (_, i): [string, string] => [`k${String(i).padStart(2, '0')}`, `v${i}`]));
    const sizes: number[] = [];
    const keys: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await client.send(new ListKeysCommand({ KvsARN: arn, MaxResults: 10, NextToken }));
      sizes.push(page.Items?.length ?? 0);
      keys.push(...(page.Items ?? []).map((i) => i.Key as string));
      NextToken = page.NextToken;
    } while (NextToken);
    expect(sizes).toEqual([10, 10, 5]);
    expect(keys).toEqual([...keys].sort());
    expect(new Set(keys).size).toBe(25);
    expect((await client.send(new ListKeysCommand({ KvsARN: arn }))).Items).toHaveLength(10);
  });

  it('refuses a stale ETag with ConflictException', async () => {
    const stale = await etag();
    await client.send(new PutKeyCommand({ KvsARN: arn, Key: 'a', Value: '1', IfMatch: stale }));
    const error = await client.send(new PutKeyCommand({ KvsARN: arn, Key: 'a', Value: '2', IfMatch: stale })).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ConflictException', $fault: 'client', $metadata: { httpStatusCode: 409 } });
    expect((error as Error).message).toContain(`ETag "${stale}" does not match`);
    expect(api.store.get('a')).toBe('1');
    await expectStillServing();
  });

  it('refuses a 1,025-byte value with ValidationException', async () => {
    const error = await client
      .send(new PutKeyCommand({ KvsARN: arn, Key: 'big', Value: 'x'.repeat(1025), IfMatch: await etag() }))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ValidationException', message: 'Value for key "big" is 1025 bytes; the limit is 1024 bytes' });
    await expectStillServing();
  });

  it('refuses an unknown store ARN with ResourceNotFoundException', async () => {
    const unknown = 'arn:aws:cloudfront::000000000000:key-value-store/11111111-2222-4333-8444-555555555555';
    const error = await client.send(new DescribeKeyValueStoreCommand({ KvsARN: unknown })).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 404 } });
    expect((error as Error).message).toContain('was not found');
    // An ARN grants access: the error names no other store.
    expect((error as Error).message).not.toContain(arn);
    await expectStillServing();
  });

  it('refuses a missing key with ResourceNotFoundException', async () => {
    const error = await client.send(new GetKeyCommand({ KvsARN: arn, Key: 'ghost' })).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ResourceNotFoundException' });
    const del = await client.send(new DeleteKeyCommand({ KvsARN: arn, Key: 'ghost', IfMatch: await etag() })).catch((e: unknown) => e);
    expect(del).toMatchObject({ name: 'ResourceNotFoundException' });
    await expectStillServing();
  });

  it('refuses 51 keys in one UpdateKeys call, changing nothing', async () => {
    const Puts = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    const error = await client.send(new UpdateKeysCommand({ KvsARN: arn, IfMatch: await etag(), Puts })).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ValidationException' });
    expect(api.store.describe().itemCount).toBe(0);
    await expectStillServing();
  });
});
