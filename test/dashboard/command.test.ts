/*
 * `cellfront dashboard` in-process against the local KVS API (real HTTP, real
 * SDK client): its help, its refusals, and its HTTP API as a script (or
 * another site) would meet it.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ControlIo } from '../../src/cli/commands/control-common.js';
import { main } from '../../src/cli/main.js';
import { edgeShares, historyFrom } from '../../src/control/index.js';
import { PAGE_SCRIPT_FILES } from '../../src/dashboard/index.js';
import { decodeTable, TABLE_KEY } from '../../src/router/table/index.js';
import { cli, configWith, outputsFor, put, startLocalStore, type LocalStore } from '../control/support.js';

let local: LocalStore;
let stop: AbortController;
let running: Promise<number>;
let out = '';
let url: URL;
let token: string;

/** One HTTP request to the dashboard, with whatever headers the caller chooses. */
function call(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port: url.port, path, method, headers: { host: url.host, ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => done({ status: res.statusCode ?? 0, body: text, headers: res.headers }));
    });
    req.on('error', fail);
    req.end(body);
  });
}

/** A write the way the page sends it. */
const write = (path: string, value: unknown, headers: Record<string, string> = {}) =>
  call('POST', path, { 'content-type': 'application/json', origin: url.origin, 'x-cellfront-token': token, ...headers }, JSON.stringify(value));

beforeAll(async () => {
  local = await startLocalStore();
  await put(local.dir, 'out.json', outputsFor(local));
  await put(local.dir, 'base.json', configWith([60, 40]));
  expect((await cli(local.dir, ['apply', '--config', 'base.json', '--outputs-file', 'out.json', '--yes'], { env: { CELLFRONT_ACTOR: 'ana' } })).code).toBe(0);
  stop = new AbortController();
  const io: ControlIo = { stdout: (t) => (out += t), stderr: () => undefined, env: { CELLFRONT_ACTOR: 'ben' }, cwd: local.dir, terminal: null, signal: stop.signal };
  running = main(['dashboard', '--kvs-arn', local.store.arn, '--endpoint-url', local.server.url, '--port', '0'], io);
  for (let waited = 0; !out.includes('Ctrl-C') && waited < 20_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
  url = new URL(/(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out)?.[1] as string);
  const page = await call('GET', '/');
  token = /<meta name="cellfront-token" content="([^"]+)">/.exec(page.body)?.[1] as string;
}, 60_000);

afterAll(async () => {
  stop?.abort();
  await running;
  await local?.close();
});

describe('cellfront dashboard', () => {
  it('prints its URL and says where observed shares come from', () => {
    expect(out).toContain(`store ${local.store.arn}; no source for observed shares. Ctrl-C to stop.`);
    expect(token).toMatch(/^[\w-]{24}$/);
  });

  it('prints {url, store, edge} with --json, and serves at that URL', async () => {
    const stopJson = new AbortController();
    let printed = '';
    const io: ControlIo = { stdout: (t) => (printed += t), stderr: () => undefined, env: {}, cwd: local.dir, terminal: null, signal: stopJson.signal };
    const serving = main(['dashboard', '--kvs-arn', local.store.arn, '--endpoint-url', local.server.url, '--port', '0', '--json'], io);
    try {
      for (let waited = 0; !printed.endsWith('}\n') && waited < 20_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
      const shown = JSON.parse(printed) as { url: string; store: string; edge: string | null };
      expect(shown.store).toBe(local.store.arn);
      expect(shown.edge).toBeNull();
      expect(shown.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const page = await fetch(shown.url);
      expect(page.status).toBe(200);
      await page.arrayBuffer();
    } finally {
      stopJson.abort();
      expect(await serving).toBe(0);
    }
  });

  it('serves the state: table, ETag, history with who made each change, and why there are no observed shares', async () => {
    const r = await call('GET', '/api/state');
    expect(r.status).toBe(200);
    const state = JSON.parse(r.body) as {
      store: { etag: string; table: { cells: { id: string; share: number }[] }; history: { action: string; by: string; via: string }[] };
      observed: { edge: null; reason: string };
    };
    expect(state.store.etag).toBe(local.store.etag);
    expect(state.store.table.cells.map((c) => [c.id, c.share])).toEqual([
      ['api1', 0.6],
      ['api2', 0.4],
    ]);
    expect(state.store.history[0]).toMatchObject({ action: 'apply', by: 'ana', via: 'cli' });
    expect(state.observed).toEqual({ edge: null, reason: expect.stringMatching(/^No source for observed shares: no local edge was named\./) });
  });

  it('answers only to loopback Host names (DNS rebinding)', async () => {
    for (const host of ['evil.example', `evil.example:${url.port}`, `localhost.evil.example:${url.port}`, `127.0.0.1.nip.io:${url.port}`]) {
      const r = await call('GET', '/api/state', { host });
      expect([host, r.status]).toEqual([host, 403]);
      expect(JSON.parse(r.body).message).toMatch(/refused: the dashboard answers only to loopback names/);
    }
    for (const host of [`localhost:${url.port}`, `127.0.0.1:${url.port}`, `[::1]:${url.port}`]) expect((await call('GET', '/api/state', { host })).status).toBe(200);
  });

  it('takes writes only from its own page: JSON, same origin, with the token', async () => {
    const preview = { action: 'drain', cell: 'api2' };
    const cases: [string, Record<string, string>, number][] = [
      ['form post from elsewhere', { 'content-type': 'application/x-www-form-urlencoded' }, 415],
      ['another origin', { origin: 'https://evil.example' }, 403],
      ['no origin', { origin: '' }, 403],
      ['a cross-site fetch', { 'sec-fetch-site': 'cross-site' }, 403],
      ['no token', { 'x-cellfront-token': '' }, 403],
    ];
    for (const [what, headers, status] of cases) {
      const r = await write('/api/preview', preview, headers);
      expect([what, r.status]).toEqual([what, status]);
    }
    const page = await call('GET', '/');
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    for (const name of PAGE_SCRIPT_FILES) {
      const script = await call('GET', `/assets/${name}`);
      expect([name, script.status, script.headers['content-type']]).toEqual([name, 200, 'text/javascript; charset=utf-8']);
      expect(page.body).toContain(name === 'app.js' ? '<script type="module" src="/assets/app.js">' : '');
    }
    expect((await call('GET', '/assets/style.css')).headers['content-type']).toBe('text/css; charset=utf-8');
    expect((await call('GET', '/assets/../package.json')).status).toBe(404);
    expect(page.headers['x-frame-options']).toBe('DENY');
  });

  it('previews and applies a drain at the preview ETag, recorded as made from the dashboard', async () => {
    const before = local.store.etag;
    const preview = await write('/api/preview', { action: 'drain', cell: 'api2' });
    expect(preview.status).toBe(200);
    const plan = JSON.parse(preview.body) as { etag: string; summary: string; movedShare: number };
    expect(plan).toMatchObject({ etag: before, summary: 'drain api2: api1 60.00% -> 100.00%, api2 40.00% -> 0.00%', movedShare: 0.4 });
    expect(local.store.etag).toBe(before);

    const applied = await write('/api/apply', { action: 'drain', cell: 'api2', etag: plan.etag });
    expect(applied.status).toBe(200);
    const table = decodeTable(local.store.get(TABLE_KEY));
    expect(table.ok && table.table.c[1]?.x).toBe(1);
    const items = local.store.list({ maxResults: 50 }).items;
    expect(historyFrom(items)[0]).toMatchObject({ action: 'drain', by: 'ben', via: 'dashboard', what: plan.summary });
  });

  it('refuses a stale preview with 409 and writes nothing', async () => {
    const preview = JSON.parse((await write('/api/preview', { action: 'undrain', cell: 'api2' })).body) as { etag: string };
    expect((await cli(local.dir, ['pin', 'tenant-7', 'api1', '--outputs-file', 'out.json'])).code).toBe(0);
    const etag = local.store.etag;
    const r = await write('/api/apply', { action: 'undrain', cell: 'api2', etag: preview.etag });
    expect(r.status).toBe(409);
    expect(JSON.parse(r.body)).toEqual({
      code: 'conflict',
      message: `the store changed since the plan was shown (ETag ${preview.etag} expected, the store is at ${etag}); nothing was written`,
    });
    expect(local.store.etag).toBe(etag);
  });

  it('says what a bad request gets wrong', async () => {
    const cases: [unknown, string][] = [
      [{ action: 'explode' }, '"action" must be shift, drain, undrain or rollback, got "explode"'],
      [{ action: 'shift', cell: 'api1', to: 101, step: 10, intervalSeconds: 0 }, '"to" must be a number from 0 to 100 with at most 2 decimals, got 101'],
      [{ action: 'drain', cell: '<script>' }, '"cell" must be a cell id (letters, digits, - and _, up to 32), got "<script>"'],
    ];
    for (const [body, message] of cases) {
      const r = await write('/api/preview', body);
      expect([r.status, JSON.parse(r.body).message]).toEqual([400, message]);
    }
    const unknown = await write('/api/preview', { action: 'drain', cell: 'api9' });
    expect([unknown.status, JSON.parse(unknown.body).code]).toEqual([422, 'unknown-cell']);
  });

  it('previews a shift with its steps from the live table', async () => {
    const undrain = JSON.parse((await write('/api/preview', { action: 'undrain', cell: 'api2' })).body) as { etag: string };
    expect((await write('/api/apply', { action: 'undrain', cell: 'api2', etag: undrain.etag })).status).toBe(200);
    const r = await write('/api/preview', { action: 'shift', cell: 'api2', to: 70, step: 10, intervalSeconds: 30 });
    const plan = JSON.parse(r.body) as { steps: number[]; cells: { id: string; after: number }[] };
    const live = decodeTable(local.store.get(TABLE_KEY));
    expect(live.ok && edgeShares(live.table).get('api2')).toBe(0.4);
    expect(plan.steps).toEqual([0.5, 0.6, 0.7]);
    expect(plan.cells.map((c) => [c.id, c.after])).toEqual([
      ['api1', 0.3],
      ['api2', 0.7],
    ]);
  });
});

describe('cellfront dashboard refusals', () => {
  it('--help is stable', async () => {
    const r = await cli('.', ['dashboard', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatchSnapshot();
  });

  it('needs a store, and a port that is one', async () => {
    expect(await cli('.', ['dashboard'])).toMatchObject({ code: 2, stderr: expect.stringContaining('cellfront dashboard: no store given: pass --kvs-arn ARN') });
    expect(await cli('.', ['dashboard', '--port', 'eighty', '--kvs-arn', 'x'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--port takes a whole number from 0 to 65535, got "eighty"') });
  });
});
