import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler, KvsEntriesPropertiesError, type KvsEntriesEvent } from '../../infra/lambda/kvs-entries/handler.js';
import { parseHistoryValue } from '../../src/control/history.js';
import { liveStateFrom } from '../../src/control/live-state.js';
import { planFromConfig } from '../../src/control/plan.js';
import { resolveConfig, type RawConfig, type ResolvedConfig } from '../../src/config/index.js';
import { compileForStore, liveTable, SLOT_COUNT, type PooledTable } from '../../src/router/table/index.js';
import { startKvsServer, type KvsServer } from '../../src/store/http/index.js';
import type { KeyValueStore } from '../../src/store/key-value-store.js';
import { StoreRegistry } from '../../src/store/store-registry.js';

// The handler runs as it does in Lambda: the real SDK with SigV4A signing, its endpoint
// taken from the environment, here the local KeyValueStore API.
let dir: string;
let registry: StoreRegistry;
let server: KvsServer;
let store: KeyValueStore;
let storeCount = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cellfront-kvs-entries-'));
  registry = await StoreRegistry.open(dir);
  server = await startKvsServer({ registry });
});

afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  vi.stubEnv('AWS_ENDPOINT_URL_CLOUDFRONT_KEYVALUESTORE', server.url);
  vi.stubEnv('AWS_ENDPOINT_URL', '');
  vi.stubEnv('AWS_ACCESS_KEY_ID', '');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', '');
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
  store = await registry.create({ name: `entries-${++storeCount}` });
  return () => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  };
});

const entries = (...pairs: [string, string][]) => pairs.map(([Key, Value]) => ({ Key, Value }));

function event(type: KvsEntriesEvent['RequestType'], props: object, old?: object, physicalId?: string): KvsEntriesEvent {
  return {
    RequestType: type,
    ResourceProperties: { ServiceToken: 'arn:aws:lambda:us-east-1:000000000000:function:provider', ...props },
    ...(old ? { OldResourceProperties: { ServiceToken: 'arn:aws:lambda:us-east-1:000000000000:function:provider', ...old } } : {}),
    ...(physicalId ? { PhysicalResourceId: physicalId } : {}),
  };
}

function contents(kvs: KeyValueStore): Record<string, string> {
  return Object.fromEntries(kvs.list({ maxResults: 50 }).items.map(({ key, value }) => [key, value]));
}

describe('the KVS entries custom resource handler', () => {
  it('writes every entry on create and names the resource after the store', async () => {
    // GIVEN an empty store WHEN the resource is created with the seed layout
    const result = await handler(
      event('Create', { KvsArn: store.arn, Entries: entries(['APIGW1URL', 'https://a.example/prod/'], ['APIGW2URL', 'https://b.example/prod/']) }),
    );
    // THEN the store holds both entries
    expect(contents(store)).toEqual({ APIGW1URL: 'https://a.example/prod/', APIGW2URL: 'https://b.example/prod/' });
    expect(result).toEqual({ PhysicalResourceId: `${store.arn}/cellfront-entries`, Data: { Puts: 2, Deletes: 0 } });
  });

  it('on update writes the changed entries, deletes the dropped ones and leaves other keys alone', async () => {
    // GIVEN the resource created with two entries, and a key an operator added since
    const before = entries(['APIGW1URL', 'https://a.example/prod/'], ['APIGW2URL', 'https://b.example/prod/']);
    const created = await handler(event('Create', { KvsArn: store.arn, Entries: before }));
    await store.put('operator-note', 'keep me', store.etag);
    // WHEN an update keeps APIGW1URL, drops APIGW2URL and adds APIGW3URL
    const after = entries(['APIGW1URL', 'https://a.example/prod/'], ['APIGW3URL', 'https://c.example/prod/']);
    const updated = await handler(
      event('Update', { KvsArn: store.arn, Entries: after }, { KvsArn: store.arn, Entries: before }, created.PhysicalResourceId),
    );
    // THEN only the difference was written, and the operator's key is still there
    expect(contents(store)).toEqual({ APIGW1URL: 'https://a.example/prod/', APIGW3URL: 'https://c.example/prod/', 'operator-note': 'keep me' });
    expect(updated).toEqual({ PhysicalResourceId: created.PhysicalResourceId, Data: { Puts: 1, Deletes: 1 } });
  });

  it('on update keeps the table it replaces, even one changed since the last deploy, so a rollback can restore it', async () => {
    // GIVEN a deployed table, which the control plane has since replaced
    const keep = [{ Key: 'cellfront:table', Into: 'cellfront:table:previous' }];
    const deployed = entries(['cellfront:table', '{"v":1,"deployed":1}']);
    await handler({ ...event('Create', { KvsArn: store.arn, Entries: deployed, KeepReplaced: keep }), StackId: 'arn:aws:cloudformation:us-east-1:000000000000:stack/Cellfront/1f2e' });
    const { 'cellfront:history:01': first, ...created } = contents(store);
    expect(created).toEqual({ 'cellfront:table': '{"v":1,"deployed":1}' });
    // The deployment of a table goes into the store's change history, in the same write.
    expect(parseHistoryValue(first ?? '')).toMatchObject({ seq: 1, action: 'deploy', by: 'Cellfront', via: 'cdk', what: 'the routing table of stack Cellfront (first deployment)' });
    await store.put('cellfront:table', '{"v":1,"shifted":1}', store.etag);
    // WHEN a deploy writes a new table
    const next = entries(['cellfront:table', '{"v":1,"deployed":2}']);
    const updated = await handler(
      event('Update', { KvsArn: store.arn, Entries: next, KeepReplaced: keep }, { KvsArn: store.arn, Entries: deployed, KeepReplaced: keep }),
    );
    // THEN the live table it replaced is the previous one
    const { 'cellfront:history:01': _first, 'cellfront:history:02': second, ...routing } = contents(store);
    expect(routing).toEqual({ 'cellfront:table': '{"v":1,"deployed":2}', 'cellfront:table:previous': '{"v":1,"shifted":1}' });
    expect(parseHistoryValue(second ?? '')).toMatchObject({ seq: 2, action: 'deploy', by: 'CloudFormation', via: 'cdk', what: 'the routing table of stack CloudFormation (update)' });
    expect(updated.Data).toEqual({ Puts: 3, Deletes: 0 });
  });

  it('on an update that changes nothing leaves the store (and its ETag) untouched', async () => {
    const same = entries(['APIGW1URL', 'https://a.example/prod/']);
    await handler(event('Create', { KvsArn: store.arn, Entries: same }));
    const etag = store.etag;
    const result = await handler(event('Update', { KvsArn: store.arn, Entries: same }, { KvsArn: store.arn, Entries: same }));
    expect(result.Data).toEqual({ Puts: 0, Deletes: 0 });
    expect(store.etag).toBe(etag);
  });

  it('on update to a new store writes everything there and answers a new physical id', async () => {
    // GIVEN entries written to the current store
    const written = entries(['APIGW1URL', 'https://a.example/prod/']);
    const created = await handler(event('Create', { KvsArn: store.arn, Entries: written }));
    const replacement = await registry.create({ name: `entries-${++storeCount}` });
    // WHEN the store is replaced
    const updated = await handler(event('Update', { KvsArn: replacement.arn, Entries: written }, { KvsArn: store.arn, Entries: written }));
    // THEN the new store has the entries, and the new id makes CloudFormation delete the old resource
    expect(contents(replacement)).toEqual({ APIGW1URL: 'https://a.example/prod/' });
    expect(updated.PhysicalResourceId).not.toBe(created.PhysicalResourceId);
  });

  it('writes more entries than one UpdateKeys call may carry', async () => {
    const many = Array.from({ length: 120 }, (_, i) => ({ Key: `key-${String(i).padStart(3, '0')}`, Value: `value-${i}` }));
    const result = await handler(event('Create', { KvsArn: store.arn, Entries: many }));
    expect(result.Data.Puts).toBe(120);
    expect(store.describe().itemCount).toBe(120);
    expect(store.get('key-119')).toBe('value-119');
  });

  it('on delete removes the keys it wrote and nothing else', async () => {
    const written = entries(['APIGW1URL', 'https://a.example/prod/'], ['APIGW2URL', 'https://b.example/prod/']);
    const created = await handler(event('Create', { KvsArn: store.arn, Entries: written }));
    await store.put('operator-note', 'keep me', store.etag);
    const deleted = await handler(event('Delete', { KvsArn: store.arn, Entries: written }, undefined, created.PhysicalResourceId));
    expect(contents(store)).toEqual({ 'operator-note': 'keep me' });
    expect(deleted).toEqual({ PhysicalResourceId: created.PhysicalResourceId, Data: { Puts: 0, Deletes: 2 } });
  });

  it('on delete succeeds, and says why in the log, when the store is already gone', async () => {
    // GIVEN an ARN of a store that does not exist
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const gone = store.arn.replace(/[0-9a-f]{12}$/, '000000000000');
    // WHEN the resource is deleted
    const deleted = await handler(event('Delete', { KvsArn: gone, Entries: entries(['APIGW1URL', 'x']) }, undefined, `${gone}/cellfront-entries`));
    // THEN the deletion goes on, and the log names the error
    expect(deleted).toEqual({ PhysicalResourceId: `${gone}/cellfront-entries`, Data: { Puts: 0, Deletes: 0 } });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('ResourceNotFoundException'));
  });

  it('on create fails, naming the cause, when the store does not exist', async () => {
    const gone = store.arn.replace(/[0-9a-f]{12}$/, '000000000000');
    await expect(handler(event('Create', { KvsArn: gone, Entries: entries(['APIGW1URL', 'x']) }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it('refuses properties that are not what the construct sends', async () => {
    await expect(handler(event('Create', { KvsArn: store.arn, Entries: [{ Key: 'k' }] }))).rejects.toThrow(KvsEntriesPropertiesError);
    await expect(handler(event('Create', { Entries: [] }))).rejects.toThrow(/ResourceProperties.KvsArn must be a key value store ARN/);
    await expect(handler(event('Create', { KvsArn: store.arn, KeepReplaced: [{ Key: 'k' }] }))).rejects.toThrow(
      /ResourceProperties.KeepReplaced\[0\] must be \{Key, Into\} with string values/,
    );
  });

  describe('with a config', () => {
    function configOf(raw: RawConfig): ResolvedConfig {
      const result = resolveConfig('test.config.json', raw, undefined);
      if ('issues' in result) throw new Error(result.issues.map((i) => i.message).join('; '));
      return result.config;
    }
    const raw = (eu: Record<string, number>): RawConfig => ({
      mode: 'proxy',
      cells: ['a', 'b', 'c', 'd'].map((id) => ({ id, origin: `https://${id}.example.com/prod`, weight: id === 'a' ? 1 : 0 })),
      partition: { from: [{ header: 'x-tenant-id' }] },
      pools: { eu },
      rules: [{ name: 'eu', match: { country: ['DE'] }, pool: 'eu' }],
    });
    const before = configOf(raw({ b: 1, c: 1 }));
    const after = configOf(raw({ d: 1, b: 1, c: 1 }));
    const props = (config: ResolvedConfig) => ({ KvsArn: store.arn, Entries: compileForStore(config).entries.map(({ key, value }) => ({ Key: key, Value: value })), Config: JSON.stringify(config) });
    const owners = (table: PooledTable, pool: string) => table.pools.find((p) => p.id === pool)?.runs.flatMap((r) => Array<string>(r.length).fill(r.cell)) ?? [];

    it('compiles against the live table on update, moving the fewest keys in each pool, as cellfront apply would', async () => {
      // GIVEN a store the first deploy filled (an empty store takes the entries as they are)
      await handler(event('Create', props(before)));
      const first = new Map(Object.entries(contents(store)));
      expect(first.get('cellfront:table')).toBe(compileForStore(before).entries[0]?.value);
      const live = liveTable((k) => first.get(k)) as PooledTable;
      // The plan cellfront apply would make against that store.
      const applyPlan = planFromConfig(liveStateFrom({ arn: store.arn, etag: store.etag, totalBytes: 0 }, [...first].map(([key, value]) => ({ key, value }))), after);
      // WHEN a deploy adds a cell to the pool
      await handler(event('Update', props(after), props(before)));
      // THEN the store holds what apply would have written, and the pool moved only the minimum
      const now = new Map(Object.entries(contents(store)));
      for (const put of applyPlan.writes.puts) expect(now.get(put.key), put.key).toBe(put.value);
      const next = liveTable((k) => now.get(k)) as PooledTable;
      expect(next.head.g).toBe(live.head.g + 1);
      const [was, is] = [owners(live, 'eu'), owners(next, 'eu')];
      const moved = was.filter((cell, slot) => cell !== is[slot]).length;
      // From b 1/2, c 1/2 to a third each with d: the minimum is the total variation distance, a third of the slots.
      const minimum = applyPlan.changes.find((c) => c.kind === 'pool-moved' && c.pool === 'eu');
      expect(minimum).toMatchObject({ kind: 'pool-moved', minimumShare: 3334 / SLOT_COUNT });
      expect(moved).toBe(3334);
      // A fresh layout (what the construct's entries hold) would move more.
      const fresh = compileForStore(after);
      if (fresh.format !== 2) throw new Error('expected a pooled table');
      const freshOwners = owners(fresh.compiled.table, 'eu');
      expect(was.filter((cell, slot) => cell !== freshOwners[slot]).length).toBeGreaterThan(moved);
      // The table replaced is kept for rollback.
      expect(now.get('cellfront:table:previous')).toBe(first.get('cellfront:table'));
    });
  });
});
