import { describe, expect, it } from 'vitest';
import { KeyValueStore, KvsError, type StoreSnapshot } from '../../src/store/index.js';
import { KVS_TOTAL_MAX_BYTES } from '../../src/limits.js';

const newStore = () => KeyValueStore.create({ name: 'routes' });

/** The KvsError a promise or call fails with (fails the test when it succeeds). */
async function refusal(action: Promise<unknown> | (() => unknown)): Promise<KvsError> {
  try {
    await (typeof action === 'function' ? action() : action);
  } catch (error) {
    expect(error).toBeInstanceOf(KvsError);
    return error as KvsError;
  }
  throw new Error('expected a KvsError, but the call succeeded');
}

describe('KeyValueStore identity', () => {
  it('has an AWS-shaped ARN, id, ETag and READY status', () => {
    const store = KeyValueStore.create({ name: 'routes', id: '9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f' });
    expect(store.arn).toBe('arn:aws:cloudfront::000000000000:key-value-store/9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f');
    expect(store.etag).toMatch(/^KV[A-Z2-7]{13}$/);
    expect(store.describe()).toMatchObject({ itemCount: 0, totalSizeInBytes: 0, status: 'READY', etag: store.etag });
  });

  it('refuses a name outside CloudFront pattern and a malformed account', async () => {
    expect((await refusal(() => KeyValueStore.create({ name: 'bad name' }))).message).toMatch(/letters, digits, - and _/);
    expect((await refusal(() => KeyValueStore.create({ name: 'x'.repeat(65) }))).code).toBe('ValidationException');
    expect((await refusal(() => KeyValueStore.create({ name: 'ok', accountId: '123' }))).message).toMatch(/12 digits/);
  });
});

describe('KeyValueStore writes', () => {
  it('gives a new ETag on every write and refuses a stale one with ConflictException 409', async () => {
    const store = newStore();
    const first = store.etag;
    const put = await store.put('a', '1', first);
    expect(put.etag).not.toBe(first);
    expect(store.etag).toBe(put.etag);
    const error = await refusal(store.put('a', '2', first));
    expect(error.code).toBe('ConflictException');
    expect(error.statusCode).toBe(409);
    expect(error.message).toContain(`ETag "${first}" does not match`);
    expect(store.get('a')).toBe('1');
    const del = await store.delete('a', put.etag);
    expect(del).toEqual({ etag: store.etag, itemCount: 0, totalSizeInBytes: 0 });
    expect(del.etag).not.toBe(put.etag);
  });

  it('counts total size as UTF-8 bytes of keys plus values', async () => {
    const store = newStore();
    // The seed README's two routing keys: 9-byte keys, total 145 bytes.
    await store.update({ puts: [{ key: 'APIGW1URL', value: 'x'.repeat(64) }, { key: 'APIGW2URL', value: 'y'.repeat(63) }] }, store.etag);
    expect(store.describe().totalSizeInBytes).toBe(145);
    const r = await store.put('é', 'ü', store.etag);
    expect(r.totalSizeInBytes).toBe(149);
    const replaced = await store.put('APIGW1URL', 'short', store.etag);
    expect(replaced).toMatchObject({ itemCount: 3, totalSizeInBytes: 149 - 64 + 5 });
  });

  it('accepts a 512-byte key and refuses a 513-byte one, counting bytes not characters', async () => {
    const store = newStore();
    await store.put('k'.repeat(512), 'v', store.etag);
    expect((await refusal(store.put('k'.repeat(513), 'v', store.etag))).message).toMatch(/is 513 bytes; the limit is 512 bytes/);
    // 256 two-byte characters are 512 bytes; one more ASCII byte is over.
    await store.put('é'.repeat(256), 'v', store.etag);
    expect((await refusal(store.put(`${'é'.repeat(256)}a`, 'v', store.etag))).code).toBe('ValidationException');
    expect((await refusal(store.put('', 'v', store.etag))).message).toMatch(/Key must not be empty/);
  });

  it('accepts a 1,024-byte value and refuses 1,025 bytes with the sizes in the message', async () => {
    const store = newStore();
    await store.put('k', 'v'.repeat(1024), store.etag);
    const error = await refusal(store.put('k', 'v'.repeat(1025), store.etag));
    expect(error.code).toBe('ValidationException');
    expect(error.statusCode).toBe(400);
    expect(error.message).toBe('Value for key "k" is 1025 bytes; the limit is 1024 bytes');
  });

  it('accepts 50 keys in one update and refuses 51', async () => {
    const store = newStore();
    const puts = (n: number) => Array.from({ length: n }, (_, i) => ({ key: `k${i}`, value: 'v' }));
    await store.update({ puts: puts(50) }, store.etag);
    expect(store.describe().itemCount).toBe(50);
    const error = await refusal(store.update({ puts: puts(26), deletes: Array.from({ length: 25 }, (_, i) => `k${i + 26}`) }, store.etag));
    expect(error.message).toMatch(/changes 51 keys \(26 puts, 25 deletes\); the limit is 50 keys per call/);
  });

  it('holds exactly 5 MB and refuses one byte more with ServiceQuotaExceededException 402', async () => {
    const store = newStore();
    // 5,120 items of 6-byte key + 1,018-byte value = 5,242,880 bytes.
    const items = Array.from({ length: 5120 }, (_, i): [string, string] => [`k${String(i).padStart(5, '0')}`, 'v'.repeat(1018)]);
    await store.replaceAll(items);
    expect(store.describe().totalSizeInBytes).toBe(KVS_TOTAL_MAX_BYTES);
    const error = await refusal(store.put('x', '', store.etag));
    expect(error.code).toBe('ServiceQuotaExceededException');
    expect(error.statusCode).toBe(402);
    expect(error.message).toMatch(/would hold 5242881 bytes .* the limit is 5242880 bytes/);
    expect(store.get('x')).toBeUndefined();
  });

  it('applies an update all or nothing', async () => {
    const store = newStore();
    await store.update({ puts: [{ key: 'a', value: '1' }, { key: 'b', value: '2' }] }, store.etag);
    const before = store.snapshot();
    const error = await refusal(
      store.update({ puts: [{ key: 'c', value: '3' }, { key: 'd', value: 'x'.repeat(1025) }], deletes: ['a'] }, store.etag),
    );
    expect(error.code).toBe('ValidationException');
    expect(store.snapshot()).toEqual(before);
  });

  it('refuses duplicate keys and a key both put and deleted', async () => {
    const store = newStore();
    const dupPut = await refusal(store.update({ puts: [{ key: 'a', value: '1' }, { key: 'a', value: '2' }] }, store.etag));
    expect(dupPut.message).toMatch(/"a" appears more than once in Puts/);
    expect((await refusal(store.update({ deletes: ['a', 'a'] }, store.etag))).message).toMatch(/more than once in Deletes/);
    const both = await refusal(store.update({ puts: [{ key: 'a', value: '1' }], deletes: ['a'] }, store.etag));
    expect(both.message).toMatch(/"a" is in both Puts and Deletes/);
    expect((await refusal(store.update({}, store.etag))).message).toMatch(/at least one key/);
  });

  it('refuses DeleteKey of a missing key but skips missing keys in UpdateKeys deletes', async () => {
    const store = newStore();
    const error = await refusal(store.delete('ghost', store.etag));
    expect(error.code).toBe('ResourceNotFoundException');
    expect(error.message).toContain('"ghost" was not found');
    const r = await store.update({ puts: [{ key: 'a', value: '1' }], deletes: ['ghost'] }, store.etag);
    expect(r.itemCount).toBe(1);
  });

  it('lets exactly one of 20 concurrent updates holding the same ETag win', async () => {
    const store = newStore();
    const etag = store.etag;
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => store.update({ puts: [{ key: 'winner', value: String(i) }] }, etag)),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(19);
    for (const r of lost) expect((r.reason as KvsError).code).toBe('ConflictException');
    expect(store.describe().itemCount).toBe(1);
  });

  it('leaves the store unchanged when persisting fails', async () => {
    let fail = false;
    const store = KeyValueStore.create({ name: 'routes' }, {
      persist: async () => {
        if (fail) throw new KvsError('InternalServerException', 'disk full');
      },
    });
    await store.put('a', '1', store.etag);
    const etag = store.etag;
    fail = true;
    expect((await refusal(store.put('a', '2', etag))).code).toBe('InternalServerException');
    expect(store.get('a')).toBe('1');
    expect(store.etag).toBe(etag);
  });

  it('seeds with replaceAll and empties with clear, bumping the ETag without If-Match', async () => {
    const store = newStore();
    const etag = store.etag;
    await store.replaceAll({ a: '1', b: '2' });
    expect(store.get('b')).toBe('2');
    expect(store.etag).not.toBe(etag);
    expect((await refusal(store.replaceAll([['a', '1'], ['a', '2']]))).message).toMatch(/more than once in the seed data/);
    await store.clear();
    expect(store.describe()).toMatchObject({ itemCount: 0, totalSizeInBytes: 0 });
  });
});

describe('KeyValueStore reads', () => {
  it('get returns undefined for a missing key; getKey is a ResourceNotFoundException', async () => {
    const store = newStore();
    await store.put('a', '1', store.etag);
    expect(store.get('missing')).toBeUndefined();
    expect(store.getKey('a')).toEqual({ key: 'a', value: '1', itemCount: 1, totalSizeInBytes: 2 });
    const error = await refusal(() => store.getKey('missing'));
    expect(error.code).toBe('ResourceNotFoundException');
    expect(error.statusCode).toBe(404);
    expect((await refusal(() => store.getKey(''))).code).toBe('ValidationException');
  });

  it('reports meta() as cf.kvs().meta() does', async () => {
    const times = [new Date('2024-01-01T00:00:00Z'), new Date('2024-02-01T00:00:00Z')];
    const store = KeyValueStore.create({ name: 'routes' }, { now: () => times.shift() ?? new Date(0) });
    await store.put('a', '1', store.etag);
    expect(store.meta()).toEqual({ creationDateTime: '2024-01-01T00:00:00.000Z', lastUpdatedDateTime: '2024-02-01T00:00:00.000Z', keyCount: 1 });
  });

  it('pages through keys in order: 25 keys, 10 per page, 3 pages', async () => {
    const store = newStore();
    const keys = Array.from({ length: 25 }, (_, i) => `key-${String(i).padStart(2, '0')}`);
    await store.replaceAll(keys.map((k): [string, string] => [k, k.toUpperCase()]).reverse());
    const pages: string[][] = [];
    let token: string | undefined;
    do {
      const page = store.list({ maxResults: 10, ...(token ? { nextToken: token } : {}) });
      pages.push(page.items.map((i) => i.key));
      token = page.nextToken;
    } while (token);
    expect(pages.map((p) => p.length)).toEqual([10, 10, 5]);
    expect(pages.flat()).toEqual(keys);
    expect(store.list().items).toHaveLength(10);
    expect(store.list({ maxResults: 50 }).nextToken).toBeUndefined();
  });

  it('continues a listing correctly when keys change between pages', async () => {
    const store = newStore();
    await store.replaceAll({ a: '1', b: '2', c: '3', d: '4' });
    const first = store.list({ maxResults: 2 });
    await store.update({ puts: [{ key: 'aa', value: 'new' }], deletes: ['c'] }, store.etag);
    const second = store.list({ maxResults: 2, nextToken: first.nextToken as string });
    expect(second.items.map((i) => i.key)).toEqual(['d']);
  });

  it('refuses MaxResults outside 1–50 and a token it did not issue', async () => {
    const store = newStore();
    expect((await refusal(() => store.list({ maxResults: 0 }))).message).toMatch(/from 1 to 50, got 0/);
    expect((await refusal(() => store.list({ maxResults: 51 }))).code).toBe('ValidationException');
    expect((await refusal(() => store.list({ nextToken: 'garbage!' }))).message).toMatch(/NextToken is not valid/);
    expect((await refusal(() => store.list({ nextToken: Buffer.from('{"x":1}').toString('base64url') }))).code).toBe('ValidationException');
  });

  it('round-trips through a snapshot with the same ETag, dates and items', async () => {
    const store = newStore();
    await store.replaceAll({ b: '2', a: '1' });
    const snapshot: StoreSnapshot = store.snapshot();
    expect(snapshot.items).toEqual([['a', '1'], ['b', '2']]);
    const copy = KeyValueStore.fromSnapshot(snapshot);
    expect(copy.describe()).toEqual(store.describe());
    expect(copy.arn).toBe(store.arn);
  });
});
