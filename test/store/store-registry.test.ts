import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KvsError, StoreFileError, StoreLockedError, StoreRegistry } from '../../src/store/index.js';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'cellfront-store-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('StoreRegistry persistence', () => {
  it('keeps items, ETag and dates across a reopen', async () => {
    const registry = await StoreRegistry.open(dataDir);
    const store = await registry.create({ name: 'routes' });
    await store.update({ puts: [{ key: 'APIGW1URL', value: 'https://a.example.com/prod/' }, { key: 'é', value: 'ü' }] }, store.etag);
    const reopened = await StoreRegistry.open(dataDir);
    const again = reopened.get(store.arn);
    expect(again.describe()).toEqual(store.describe());
    expect(again.get('é')).toBe('ü');
    expect(reopened.findByName('routes')?.id).toBe(store.id);
    await again.put('new', 'v', store.etag);
    expect((await StoreRegistry.open(dataDir)).get(store.arn).get('new')).toBe('v');
  });

  it('writes one JSON file per store with the items in import-source shape, and no temp files left', async () => {
    const registry = await StoreRegistry.open(dataDir);
    const store = await registry.create({ name: 'routes', id: '11111111-2222-4333-8444-555555555555' });
    await store.put('k', 'v', store.etag);
    // While open, the directory's lock file names this process.
    expect((await readdir(dataDir)).sort()).toEqual(['.cellfront.lock', '11111111-2222-4333-8444-555555555555.json']);
    expect(JSON.parse(await readFile(join(dataDir, '.cellfront.lock'), 'utf8'))).toMatchObject({ pid: process.pid });
    await registry.close();
    expect(await readdir(dataDir)).toEqual(['11111111-2222-4333-8444-555555555555.json']);
    const doc = JSON.parse(await readFile(join(dataDir, `${store.id}.json`), 'utf8')) as Record<string, unknown>;
    expect(doc).toMatchObject({ id: store.id, name: 'routes', accountId: '000000000000', etag: store.etag, data: [{ key: 'k', value: 'v' }] });
  });

  it('removes a half-written temp file left by a crash and loads the last good store', async () => {
    const registry = await StoreRegistry.open(dataDir);
    const store = await registry.create({ name: 'routes' });
    const good = await store.put('k', 'good', store.etag);
    // What a crash between "write temp" and "rename" leaves behind.
    await writeFile(join(dataDir, `.${store.id}.json.4242.deadbeef.tmp`), '{"format": "cellfront-kvs/1", "id": "');
    const reopened = await StoreRegistry.open(dataDir);
    expect(reopened.list()).toHaveLength(1);
    expect(reopened.get(store.arn).get('k')).toBe('good');
    expect(reopened.get(store.arn).etag).toBe(good.etag);
    expect((await readdir(dataDir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses a data directory whose lock a live process holds, and takes over a dead one\'s', async () => {
    await writeFile(join(dataDir, '.cellfront.lock'), JSON.stringify({ pid: process.ppid }));
    const refused = await StoreRegistry.open(dataDir).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(StoreLockedError);
    expect((refused as Error).message).toContain(`in use by another cellfront process (pid ${process.ppid})`);
    // A pid no process has (beyond the kernel's default pid_max).
    await writeFile(join(dataDir, '.cellfront.lock'), JSON.stringify({ pid: 4_194_399 }));
    const taken = await StoreRegistry.open(dataDir);
    expect(JSON.parse(await readFile(join(dataDir, '.cellfront.lock'), 'utf8'))).toMatchObject({ pid: process.pid });
    await taken.close();
  });

  it('leaves no temp file when a write fails', async () => {
    const registry = await StoreRegistry.open(dataDir);
    const store = await registry.create({ name: 'routes' });
    // The store file's name taken by a directory: the rename fails after the temp file was written.
    await rm(join(dataDir, `${store.id}.json`));
    await mkdir(join(dataDir, `${store.id}.json`));
    await writeFile(join(dataDir, `${store.id}.json`, 'x'), 'x');
    const failed = await store.put('k', 'v', store.etag).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(KvsError);
    expect((await readdir(dataDir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(store.get('k')).toBeUndefined();
    await registry.close();
  });

  it('reports a corrupt store file by name instead of dropping it', async () => {
    const id = '11111111-2222-4333-8444-555555555555';
    await writeFile(join(dataDir, `${id}.json`), '{"format": "cellfront-kvs/1", "id": ');
    const error = await StoreRegistry.open(dataDir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreFileError);
    expect((error as StoreFileError).file).toBe(join(dataDir, `${id}.json`));
    expect((error as Error).message).toContain(`${id}.json is not a valid key value store`);
  });

  it('reports a store file whose items are malformed', async () => {
    const id = '11111111-2222-4333-8444-555555555555';
    const doc = { format: 'cellfront-kvs/1', id, name: 'r', accountId: '000000000000', etag: 'KVAAAAAAAAAAAAA', created: '2024-01-01T00:00:00Z', lastModified: '2024-01-01T00:00:00Z', data: [{ key: 'a' }] };
    await writeFile(join(dataDir, `${id}.json`), JSON.stringify(doc));
    await expect(StoreRegistry.open(dataDir)).rejects.toThrow(/data\[0\] must be \{"key": string, "value": string\}/);
  });

  it('fails a write whose file cannot be saved, leaving the store as it was', async () => {
    const registry = await StoreRegistry.open(dataDir);
    const store = await registry.create({ name: 'routes' });
    const etag = store.etag;
    // Replace the directory with a file: every later write fails, whoever runs the tests.
    await rm(dataDir, { recursive: true });
    await writeFile(dataDir, 'not a directory');
    const error = await store.put('k', 'v', etag).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KvsError);
    expect((error as KvsError).code).toBe('InternalServerException');
    expect((error as Error).message).toContain(`Could not save ${join(dataDir, `${store.id}.json`)}`);
    expect(store.etag).toBe(etag);
    expect(store.get('k')).toBeUndefined();
    await rm(dataDir);
  });
});

describe('StoreRegistry lookup', () => {
  it('finds stores by ARN, name and id', async () => {
    const registry = StoreRegistry.inMemory();
    const a = await registry.create({ name: 'a' });
    const b = await registry.create({ name: 'b', accountId: '123456789012' });
    expect(registry.get(b.arn)).toBe(b);
    expect(registry.findByName('a')).toBe(a);
    expect(registry.findByName('b', '000000000000')).toBeUndefined();
    expect(registry.findById(a.id.toUpperCase())).toBe(a);
    expect(registry.list()).toEqual([a, b]);
  });

  it('refuses an unknown ARN naming it and the known ones, and a malformed ARN', async () => {
    const registry = StoreRegistry.inMemory();
    const store = await registry.create({ name: 'routes' });
    const unknown = 'arn:aws:cloudfront::000000000000:key-value-store/11111111-2222-4333-8444-555555555555';
    expect(() => registry.get(unknown)).toThrow(expect.objectContaining({ code: 'ResourceNotFoundException' }));
    expect(() => registry.get(unknown)).toThrow(`Key value store ${unknown} was not found; check the ARN`);
    expect(() => registry.get(unknown)).not.toThrow(store.arn);
    const otherAccount = store.arn.replace('000000000000', '111111111111');
    expect(() => registry.get(otherAccount)).toThrow(/was not found/);
    expect(() => registry.get('arn:aws:s3:::bucket')).toThrow(expect.objectContaining({ code: 'ValidationException' }));
    expect(() => registry.get('arn:aws:s3:::bucket')).toThrow(/expected arn:aws:cloudfront::<12-digit account>:key-value-store\/<uuid>/);
  });

  it('refuses a second store with the same name in an account', async () => {
    const registry = StoreRegistry.inMemory();
    const first = await registry.create({ name: 'routes' });
    await expect(registry.create({ name: 'routes' })).rejects.toThrow(`A key value store named "routes" already exists: ${first.arn}`);
    await expect(registry.create({ name: 'routes', accountId: '123456789012' })).resolves.toBeDefined();
  });
});
