import { describe, expect, it } from 'vitest';
import { createKvsClient } from '../../src/aws/kvs-client.js';
import { applyPlan } from '../../src/control/apply.js';
import { ControlError } from '../../src/control/errors.js';
import { planFromConfig } from '../../src/control/plan.js';
import { RoutingStore } from '../../src/control/routing-store.js';
import { TABLE_KEY } from '../../src/router/table/index.js';
import { cell, makeConfig } from '../router-table/support.js';
import { useLocalStore } from './support.js';

const localStore = useLocalStore();

async function withStore<T>(use: (store: RoutingStore) => Promise<T>): Promise<T> {
  const client = createKvsClient({ endpoint: localStore().server.url, env: {} });
  try {
    return await use(new RoutingStore(client, localStore().store.arn));
  } finally {
    client.destroy();
  }
}

describe('applyPlan', () => {
  it('refuses a plan whose table the edge cannot route with, though no plan file was read, writing nothing', async () => {
    // A config that skipped validation: api2's origin names port 0, which the edge refuses (`bad c`).
    const config = makeConfig({ cells: [cell('api1', 50), { id: 'api2', origin: 'http://localhost:0/prod/', weight: 50, disabled: false }] });
    const outcome = await withStore(async (store) => {
      const plan = planFromConfig(await store.read(), config);
      return applyPlan(store, plan, 'it was read').catch((e: unknown) => e);
    });
    expect(outcome).toBeInstanceOf(ControlError);
    expect(outcome).toMatchObject({ code: 'refused', message: 'the routing table the plan writes is not usable at the edge (bad c); nothing was written' });
    expect(localStore().store.get(TABLE_KEY)).toBeUndefined();
  });

  it('writes a plan whose table the edge can route with', async () => {
    const config = makeConfig({ cells: [cell('api1', 50), { id: 'api2', origin: 'http://localhost:1/prod/', weight: 50, disabled: false }] });
    const written = await withStore(async (store) => applyPlan(store, planFromConfig(await store.read(), config), 'it was read'));
    expect(written).toEqual({ etag: localStore().store.etag, calls: 1 });
    expect(localStore().store.get(TABLE_KEY)).toContain('"n":1');
  });
});
