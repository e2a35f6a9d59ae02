import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKvsClient } from '../../src/aws/kvs-client.js';
import { historyFrom, historyKey, historyPut, HISTORY_SLOTS, nextSeq, parseHistoryValue, RoutingStore, runShift, type HistoryEntry } from '../../src/control/index.js';
import { KVS_VALUE_MAX_BYTES } from '../../src/limits.js';
import { cli, configWith, outputsFor, put, startLocalStore, type LocalStore } from './support.js';

describe('the history ring', () => {
  const now = new Date('2026-12-05T10:00:00Z');

  it('numbers entries after the newest and wraps around HISTORY_SLOTS keys', () => {
    expect(historyKey(1)).toBe('cellfront:history:01');
    expect(historyKey(HISTORY_SLOTS)).toBe('cellfront:history:00');
    expect(historyKey(HISTORY_SLOTS + 5)).toBe('cellfront:history:05');
    const entries = [3, 40, 7].map((seq) => ({ seq }) as HistoryEntry);
    expect(nextSeq(entries)).toBe(41);
    expect(nextSeq([])).toBe(1);
  });

  it('keeps an entry within one KVS value, cutting what changed when it is long', () => {
    const put = historyPut(33, { action: 'apply', by: 'é'.repeat(500), via: 'cli', what: '€'.repeat(2_000) }, now);
    expect(put.key).toBe('cellfront:history:01');
    expect(Buffer.byteLength(put.value, 'utf8')).toBeLessThanOrEqual(KVS_VALUE_MAX_BYTES);
    const entry = parseHistoryValue(put.value);
    expect(entry).toMatchObject({ seq: 33, at: '2026-12-05T10:00:00.000Z', action: 'apply', by: 'é'.repeat(128), via: 'cli' });
    expect(entry?.what).toMatch(/^€+\.\.\.$/);
  });

  it('reads entries newest first and skips values that are not entries or sit in the wrong slot', () => {
    const a = historyPut(1, { action: 'drain', by: 'ana', via: 'cli', what: 'api2' }, now);
    const b = historyPut(2, { action: 'shift', by: 'ben', via: 'dashboard', what: 'api2 0% -> 10%', shift: { step: 1, of: 2, state: 'running' } }, now);
    const items = [a, b, { key: 'cellfront:history:03', value: 'not json' }, { key: 'cellfront:history:04', value: a.value }, { key: 'cellfront:table', value: '{}' }];
    expect(historyFrom(items).map((e) => [e.seq, e.action, e.shift?.state])).toEqual([
      [2, 'shift', 'running'],
      [1, 'drain', undefined],
    ]);
    expect(parseHistoryValue('{"seq":0,"at":"x","action":"apply"}')).toBeUndefined();
    expect(parseHistoryValue('{"seq":1,"at":"x","action":"launch"}')).toBeUndefined();
  });
});

describe('changes recorded in the same write', () => {
  let local: LocalStore;
  let client: ReturnType<typeof createKvsClient>;
  let store: RoutingStore;
  beforeAll(async () => {
    local = await startLocalStore();
    await put(local.dir, 'out.json', outputsFor(local));
    await put(local.dir, 'base.json', configWith([50, 50]));
    client = createKvsClient({ endpoint: local.server.url, env: {} });
    store = new RoutingStore(client, local.store.arn);
  });
  afterAll(async () => {
    client.destroy();
    await local.close();
  });
  const history = () => historyFrom(local.store.list({ maxResults: 50 }).items);

  it('apply, drain, pin and rollback from the CLI each add one entry naming who, through what, and what', async () => {
    const env = { CELLFRONT_ACTOR: 'ana@laptop' };
    const run = (...argv: string[]) => cli(local.dir, [...argv, '--outputs-file', 'out.json'], { env });
    expect((await run('apply', '--config', 'base.json', '--yes')).code).toBe(0);
    expect((await run('drain', 'api2')).code).toBe(0);
    expect((await run('pin', 'tenant-9', 'api1')).code).toBe(0);
    expect((await run('rollback')).code).toBe(0);
    expect((await run('drain', 'api2')).stdout).toContain('already drained');
    expect(history().map((e) => [e.seq, e.action, e.by, e.via, e.what])).toEqual([
      [4, 'rollback', 'ana@laptop', 'cli', 'the previous table, same shares'],
      [3, 'pin', 'ana@laptop', 'cli', 'tenant-9 -> api1'],
      [2, 'drain', 'ana@laptop', 'cli', 'api2: its keys go to api1'],
      [1, 'apply', 'ana@laptop', 'cli', 'base.json: api1 new -> 50.00%, api2 new -> 50.00%; first-table'],
    ]);
  });

  it('a shift keeps one entry, updated by each step in its own write, ending done', async () => {
    expect((await cli(local.dir, ['undrain', 'api2', '--outputs-file', 'out.json'])).code).toBe(0);
    const seen: (string | undefined)[] = [];
    const result = await runShift({
      store,
      cell: 'api2',
      toSlots: 8_000,
      stepSlots: 1_500,
      intervalMs: 0,
      actor: { by: 'ben', via: 'test' },
      onStep: () => void seen.push(`${history()[0]?.shift?.step}/${history()[0]?.shift?.of} ${history()[0]?.shift?.state}`),
    });
    expect(result.outcome).toBe('done');
    expect(seen).toEqual(['1/2 running', '2/2 done']);
    expect(history()[0]).toMatchObject({ action: 'shift', by: 'ben', via: 'test', what: 'api2 50.00% -> 80.00%' });
  });

  it('a shift planned at an older ETag is a conflict before anything is written', async () => {
    const etag = local.store.etag;
    expect((await cli(local.dir, ['pin', 'tenant-1', 'api2', '--outputs-file', 'out.json'])).code).toBe(0);
    const now = local.store.etag;
    await expect(runShift({ store, cell: 'api2', toSlots: 1_000, stepSlots: 10_000, intervalMs: 0, ifMatch: etag })).rejects.toThrowError(
      `the store changed since the shift was planned (ETag ${etag} expected, the store is at ${now}); nothing was written`,
    );
    expect(local.store.etag).toBe(now);
  });
});
