import { copyFile, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runProcess, startDevProcess, type DevProcess } from '../support/dev-process.js';
import { send, setCookies } from './http.js';

interface Echo {
  readonly api: number;
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** `cellfront dev` with the repo's demo config (proxy, two cells 50/50, tenant-42 pinned to api2). */
describe('routing by table through the local edge, proxy mode', () => {
  let dev: DevProcess;
  let edge: string;
  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cellfront-e2e-proxy-'));
    await copyFile(join(repoRoot, 'cellfront.config.json'), join(dir, 'cellfront.config.json'));
    dev = await startDevProcess([], dir);
    edge = dev.outputs.CLOUDFRONTDOMAINNAME as string;
  });
  afterAll(async () => {
    if (dev) expect(await dev.stop()).toBe(0);
  });

  it('says it routes by the table of the config it found', () => {
    expect(dev.stdout()).toContain('routing by the table of cellfront.config.json');
  });

  it('brings a POST body, headers and the query string to the chosen backend, which the viewer never sees', async () => {
    const answer = await send(edge, '/echo/orders?limit=5&tag=a&tag=b%20c', {
      method: 'POST',
      headers: { 'x-tenant-id': 'acme', 'x-request-note': 'kept', 'content-type': 'application/json' },
      body: '{"item":42}',
    });
    expect(answer.status).toBe(200);
    const echo = JSON.parse(answer.body) as Echo;
    expect(echo).toMatchObject({ method: 'POST', path: '/prod/echo/orders', query: 'limit=5&tag=a&tag=b%20c', body: '{"item":42}' });
    expect(echo.headers).toMatchObject({ 'x-request-note': 'kept', 'x-tenant-id': 'acme', 'content-type': 'application/json', host: 'localhost' });
    expect(answer.headers['x-cellfront-cell']).toBe(`api${echo.api}`);
    expect(answer.headers.location).toBeUndefined();
  });

  it('keeps a tenant on one cell', async () => {
    const cells = new Set<string>();
    for (let i = 0; i < 10; i++) cells.add(String((await send(edge, '/echo', { headers: { 'x-tenant-id': 'sticky-tenant' } })).headers['x-cellfront-cell']));
    expect(cells.size).toBe(1);
  });

  it('gives a new visitor a cookie from the viewer-response event, and keeps it on its cell', async () => {
    const first = await send(edge, '/echo');
    const cookie = setCookies(first)['cellfront-visitor'] as string;
    expect(cookie).toMatch(/^cellfront-visitor=[\w=-]+; Path=\/; Max-Age=86400; Secure; HttpOnly; SameSite=Lax$/);
    const visitor = cookie.split(';')[0] as string;
    for (let i = 0; i < 5; i++) {
      const again = await send(edge, '/echo', { headers: { cookie: visitor } });
      expect(again.headers['x-cellfront-cell']).toBe(first.headers['x-cellfront-cell']);
      expect(setCookies(again)['cellfront-visitor']).toBeUndefined();
    }
  });

  it('sends an overridden tenant to its cell, and lets the force header win over it', async () => {
    const pinned = await send(edge, '/echo', { headers: { 'x-tenant-id': 'tenant-42' } });
    expect(pinned.headers['x-cellfront-cell']).toBe('api2');
    expect((JSON.parse(pinned.body) as Echo).api).toBe(2);
    const forced = await send(edge, '/echo', { headers: { 'x-tenant-id': 'tenant-42', 'x-cellfront-cell': 'api1' } });
    expect(forced.headers['x-cellfront-cell']).toBe('api1');
    expect((JSON.parse(forced.body) as Echo).api).toBe(1);
  });

  it('ignores a forced cell that does not exist', async () => {
    const answer = await send(edge, '/echo', { headers: { 'x-tenant-id': 'tenant-42', 'x-cellfront-cell': 'api9' } });
    expect(answer.headers['x-cellfront-cell']).toBe('api2');
  });

  it('answers curl -i -L with 200 and the message of API 1 or 2', async () => {
    const res = await runProcess('curl', ['-s', '-i', '-L', edge]);
    expect(res.stdout).toMatch(/^HTTP\/1\.1 200 /);
    expect(res.stdout).toMatch(/\r\nx-cellfront-cell: api[12]\r\n/i);
    expect(res.stdout).toMatch(/\{"message": "Hello from API [12]"\}$/);
  });

  it('counts answers per cell at GET /_cellfront/stats', async () => {
    const before = JSON.parse((await send(edge, '/_cellfront/stats')).body) as { byCell: Record<string, { requests: number }> };
    const seen: Record<string, number> = {};
    for (let i = 0; i < 20; i++) {
      const cell = String((await send(edge, '/', { headers: { 'x-tenant-id': `count-${i}` } })).headers['x-cellfront-cell']);
      seen[cell] = (seen[cell] ?? 0) + 1;
    }
    const after = await send(edge, '/_cellfront/stats');
    expect(after.status).toBe(200);
    expect(after.headers['content-type']).toBe('application/json');
    const stats = JSON.parse(after.body) as { requests: number; byCell: Record<string, { requests: number; errors5xx: number }> };
    for (const [cell, n] of Object.entries(seen)) expect(stats.byCell[cell]?.requests).toBe((before.byCell[cell]?.requests ?? 0) + n);
    expect(Object.keys(seen).sort()).toEqual(['api1', 'api2']);
  });
});

describe('routing by table through the local edge, redirect mode, cell header off', () => {
  let dev: DevProcess;
  let edge: string;
  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cellfront-e2e-redirect-'));
    const config = {
      mode: 'redirect',
      cells: [
        { id: 'api1', origin: '${APIGATEWAY1URL}', weight: 50 },
        { id: 'api2', origin: '${APIGATEWAY2URL}', weight: 50 },
      ],
      partition: { from: [{ header: 'x-tenant-id' }] },
      cellHeader: false,
    };
    await writeFile(join(dir, 'redirect.json'), JSON.stringify(config));
    dev = await startDevProcess(['--config', 'redirect.json'], dir);
    edge = dev.outputs.CLOUDFRONTDOMAINNAME as string;
  });
  afterAll(async () => {
    if (dev) expect(await dev.stop()).toBe(0);
  });

  it('answers 307 to the cell, keeping the method, the full path and the query; no cell header', async () => {
    const answer = await send(edge, '/echo/a%2Fb?x=1&y=%20', { method: 'POST', headers: { 'x-tenant-id': 'acme' }, body: 'payload' });
    expect(answer.status).toBe(307);
    expect(answer.headers['x-cellfront-cell']).toBeUndefined();
    const location = String(answer.headers.location);
    expect([1, 2].map((n) => `${dev.outputs[`APIGATEWAY${n}URL`]}echo/a%2Fb?x=1&y=%20`)).toContain(location);
    // Following it as a browser does with a 307: same method, same body.
    const target = new URL(location);
    const followed = await send(target.host, `${target.pathname}${target.search}`, { method: 'POST', body: 'payload' });
    expect(JSON.parse(followed.body)).toMatchObject({ method: 'POST', path: '/prod/echo/a%2Fb', query: 'x=1&y=%20', body: 'payload' });
  });

  it('sets a new visitor cookie on the redirect itself', async () => {
    const answer = await send(edge, '/');
    expect(answer.status).toBe(307);
    expect(setCookies(answer)['cellfront-visitor']).toMatch(/^cellfront-visitor=[\w=-]+; Path=\/; Max-Age=2592000; /);
  });

  it('counts the redirects by status, and by cell only when the function names the cell', async () => {
    const stats = JSON.parse((await send(edge, '/_cellfront/stats')).body) as { byStatus: Record<string, number>; byCell: Record<string, unknown> };
    expect(stats.byStatus['307']).toBe(2);
    expect(stats.byCell).toEqual({});
  });
});
