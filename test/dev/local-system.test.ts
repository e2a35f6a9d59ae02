import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/index.js';
import { compileDevConfig } from '../../src/dev/dev-config.js';
import { startLocalSystem, type LocalSystem } from '../../src/dev/local-system.js';
import { send } from '../e2e/http.js';

const CONFIG = {
  mode: 'proxy',
  cells: [
    { id: 'blue', origin: '${APIGATEWAY1URL}', weight: 1 },
    { id: 'green', origin: '${CellfrontDev.APIGATEWAY2URL}', weight: 1 },
  ],
  partition: { from: [{ header: 'x-tenant-id' }] },
  overrides: { 'tenant-a': 'green', 'tenant-b': 'blue' },
  cellHeader: 'x-served-by',
};

describe('startLocalSystem with a config', () => {
  let dir = '';
  let system: LocalSystem;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cellfront-dev-'));
    await writeFile(join(dir, 'routes.json'), JSON.stringify(CONFIG));
    system = await startLocalSystem({ dataDir: join(dir, 'data'), port: 0, configFile: 'routes.json', cwd: dir });
  });
  afterAll(async () => {
    await system?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the table and one key per override into the store, resolved against its own outputs', () => {
    const keys = system.store.list().items.map((item) => item.key);
    // The history records the start as a deployment of the table.
    expect(keys.sort()).toEqual(['cellfront:history:01', 'cellfront:pin:tenant-a', 'cellfront:pin:tenant-b', 'cellfront:table']);
    const table = JSON.parse(system.store.get('cellfront:table') ?? '') as { c: Array<{ i: string; d: string; n: number; o: string }>; h: string };
    const port = (url: string | undefined) => Number(new URL(String(url)).port);
    expect(table.c).toEqual([
      { i: 'blue', d: 'localhost', p: 'http', n: port(system.outputs.APIGATEWAY1URL), o: '/prod' },
      { i: 'green', d: 'localhost', p: 'http', n: port(system.outputs.APIGATEWAY2URL), o: '/prod' },
    ]);
    expect(table.h).toBe('x-served-by');
  });

  it('proxies by the table, names the cell in the configured header, and counts by it', async () => {
    const green = await send(system.edge.domainName, '/', { headers: { 'x-tenant-id': 'tenant-a' } });
    const blue = await send(system.edge.domainName, '/', { headers: { 'x-tenant-id': 'tenant-b' } });
    expect([green.status, green.headers['x-served-by'], green.body]).toEqual([200, 'green', '{"message": "Hello from API 2"}']);
    expect([blue.status, blue.headers['x-served-by'], blue.body]).toEqual([200, 'blue', '{"message": "Hello from API 1"}']);
    expect(system.edge.stats.snapshot().byCell).toEqual({ green: { requests: 1, errors4xx: 0, errors5xx: 0 }, blue: { requests: 1, errors4xx: 0, errors5xx: 0 } });
  });

  it('keeps routing by the embedded table when the store loses its table', async () => {
    await system.store.delete('cellfront:table', system.store.etag);
    const answer = await send(system.edge.domainName, '/', { headers: { 'x-tenant-id': 'tenant-a' } });
    expect(answer.status).toBe(200);
    // The pin key is still there, so tenant-a still goes to green.
    expect(answer.headers['x-served-by']).toBe('green');
  });
});

describe('startLocalSystem with a config and an empty store', () => {
  it('starts as the seed does: no table written, none embedded, 503 naming APIGW1URL', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cellfront-dev-empty-'));
    await writeFile(join(dir, 'routes.json'), JSON.stringify(CONFIG));
    const system = await startLocalSystem({ dataDir: join(dir, 'data'), port: 0, configFile: 'routes.json', cwd: dir, emptyKvs: true });
    try {
      expect(system.store.list().items).toEqual([]);
      const answer = await send(system.edge.domainName, '/');
      expect(answer.status).toBe(503);
      expect(answer.body).toContain('no APIGW1URL');
    } finally {
      await system.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('compileDevConfig', () => {
  it('names every problem with the file and the JSON pointer', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cellfront-dev-config-'));
    try {
      await writeFile(join(dir, 'bad.json'), JSON.stringify({ cells: [{ id: 'a', origin: '${NOPE}', weight: 1 }] }));
      const error = await compileDevConfig('bad.json', dir, 'CellfrontDev', { APIGATEWAY1URL: 'http://localhost:1/prod/' }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toMatch(/^bad\.json#\/cells\/0\/origin: .*NOPE/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
