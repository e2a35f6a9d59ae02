import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createKvsClient } from '../../src/aws/kvs-client.js';
import { ControlError } from '../../src/control/errors.js';
import { RoutingStore } from '../../src/control/routing-store.js';
import { PREVIOUS_TABLE_KEY, TABLE_KEY } from '../../src/router/table/index.js';
import { startLocalStore, type LocalStore } from './support.js';

let local: LocalStore;
beforeAll(async () => {
  local = await startLocalStore();
});
afterAll(async () => {
  await local.close();
});
beforeEach(async () => {
  await local.store.clear();
});

function open(): { store: RoutingStore; close: () => void } {
  const client = createKvsClient({ endpoint: local.server.url, env: {} });
  return { store: new RoutingStore(client, local.store.arn), close: () => client.destroy() };
}

describe('RoutingStore over the real KVS API', () => {
  it('reads every key page by page, with the ETag they belong to', async () => {
    const pins = Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`cellfront:pin:t${String(i).padStart(3, '0')}`, 'api1']));
    await local.store.replaceAll({ [TABLE_KEY]: 'T', [PREVIOUS_TABLE_KEY]: 'P', APIGW1URL: 'https://x', ...pins });
    const { store, close } = open();
    try {
      const live = await store.read();
      expect(live.etag).toBe(local.store.etag);
      expect(live.table?.encoded).toBe('T');
      expect(live.previous?.encoded).toBe('P');
      expect(live.pins.size).toBe(120);
      expect([...live.pins.keys()][0]).toBe('t000');
      expect(live.itemCount).toBe(123);
      expect(live.lastModified?.getTime()).toBe(local.store.lastModified.getTime());
    } finally {
      close();
    }
  });

  it('writes on condition of the ETag, and refuses a stale one without writing', async () => {
    const { store, close } = open();
    try {
      const { etag } = await store.describe();
      const first = await store.write(etag, { puts: [{ key: TABLE_KEY, value: 'A' }], deletes: [] }, 'it was read');
      expect(first).toEqual({ etag: local.store.etag, calls: 1 });
      const stale = await store.write(etag, { puts: [{ key: TABLE_KEY, value: 'B' }], deletes: [] }, 'it was read').catch((e: unknown) => e);
      expect(stale).toBeInstanceOf(ControlError);
      expect((stale as ControlError).code).toBe('conflict');
      expect((stale as ControlError).message).toBe(`the store changed since it was read (ETag ${etag} expected, the store is at ${first.etag}); nothing was written`);
      expect(local.store.get(TABLE_KEY)).toBe('A');
    } finally {
      close();
    }
  });

  it('past 50 keys chains UpdateKeys calls on each returned ETag, the table last', async () => {
    const { store, close } = open();
    try {
      const { etag } = await store.describe();
      const puts = [{ key: TABLE_KEY, value: 'NEW' }, ...Array.from({ length: 70 }, (_, i) => ({ key: `cellfront:pin:t${i}`, value: 'api1' }))];
      const outcome = await store.write(etag, { puts, deletes: [] }, 'it was read');
      expect(outcome).toEqual({ etag: local.store.etag, calls: 2 });
      expect(local.store.describe().itemCount).toBe(71);
    } finally {
      close();
    }
  });

  it('a change by someone else between two calls stops the chain before the table switches', async () => {
    const client = createKvsClient({ endpoint: local.server.url, env: {} });
    const store = new RoutingStore(client, local.store.arn);
    let updates = 0;
    // Another writer slips in right after the first UpdateKeys call lands.
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        if (context.commandName === 'UpdateKeysCommand' && ++updates === 1) await local.store.put('someone-else', 'x', local.store.etag);
        return result;
      },
      { step: 'initialize', name: 'concurrentWriter' },
    );
    try {
      await local.store.put(TABLE_KEY, 'OLD', local.store.etag);
      const { etag } = await store.describe();
      const puts = [{ key: TABLE_KEY, value: 'NEW' }, ...Array.from({ length: 70 }, (_, i) => ({ key: `cellfront:pin:t${i}`, value: 'api1' }))];
      const error = (await store.write(etag, { puts, deletes: [] }, 'it was read').catch((e: unknown) => e)) as ControlError;
      expect(error.code).toBe('conflict');
      expect(error.message).toMatch(/; 1 of 2 UpdateKeys calls \(overrides only\) were written; the table was not switched$/);
      expect(local.store.get(TABLE_KEY)).toBe('OLD');
      expect(local.store.get('someone-else')).toBe('x');
    } finally {
      client.destroy();
    }
  });

  it('says when the endpoint cannot be reached', async () => {
    const client = createKvsClient({ endpoint: 'http://localhost:1', env: {} });
    try {
      const error = (await new RoutingStore(client, local.store.arn).read().catch((e: unknown) => e)) as ControlError;
      expect(error.code).toBe('unreachable');
      expect(error.message).toMatch(/^cannot reach the KeyValueStore endpoint: .*ECONNREFUSED/);
    } finally {
      client.destroy();
    }
  });
});
