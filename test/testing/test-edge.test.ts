import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { listen } from '../../src/net/listen.js';
import { KvsError } from '../../src/store/index.js';
import { FunctionLoadError, type EngineName } from '../../src/runtime/index.js';
import { createTestEdge, TestEdgeError, type TestEdge } from '../../src/testing/index.js';
import { unclaimedTraces } from '../../src/testing/test-edge.js';
import { recordingOrigin, type RecordingOrigin } from '../edge/servers.js';

const SEED_FUNCTION = new URL('../fixtures/functions/seed-function.js', import.meta.url);
let dir: string;
let api: RecordingOrigin;
const edges: TestEdge[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cellfront-testing-'));
  api = await recordingOrigin('api');
});
afterEach(async () => {
  for (const edge of edges.splice(0)) await edge.close();
});
afterAll(async () => {
  await api.close();
  await rm(dir, { recursive: true, force: true });
});

async function edgeOf(options: Parameters<typeof createTestEdge>[0]): Promise<TestEdge> {
  const edge = await createTestEdge(options);
  edges.push(edge);
  return edge;
}

describe('createTestEdge', () => {
  it('runs a function file against KVS data, without following its redirect', async () => {
    const edge = await edgeOf({ functionFile: SEED_FUNCTION, kvs: { APIGW1URL: 'https://a.example.com/', APIGW2URL: 'https://a.example.com/' } });
    const res = await edge.fetch('/');
    expect([res.status, res.headers.get('location'), res.origin, res.originCalls]).toEqual([302, 'https://a.example.com/', undefined, []]);
  });

  it("answers a test that runs on fake timers: the edge's own timers are not the ones faked", async () => {
    // An answer framed by its length, which the edge writes at the end of its event loop's turn.
    const framed = await listen(
      createServer((_req, res) => res.writeHead(200, { 'content-length': '6' }).end('framed')),
      '127.0.0.1',
      0,
    );
    try {
      const edge = await edgeOf({ code: 'function handler(event) { return event.request; }', origins: { api: framed.url } });
      // Taken before the timers are faked: a regression fails here instead of hanging.
      const realSetTimeout = globalThis.setTimeout;
      vi.useFakeTimers();
      try {
        const unanswered = new Promise<never>((_, reject) => realSetTimeout(() => reject(new Error('no answer within 5 s')), 5000));
        const res = await Promise.race([edge.fetch('/faked'), unanswered]);
        expect([res.status, res.headers.get('content-length'), res.text()]).toEqual([200, '6', 'framed']);
      } finally {
        vi.useRealTimers();
      }
    } finally {
      await framed.close();
    }
  });

  it('reads KVS data from a CloudFront import file', async () => {
    const file = join(dir, 'import.json');
    await writeFile(file, JSON.stringify({ data: [{ key: 'APIGW1URL', value: 'https://x.example/' }, { key: 'APIGW2URL', value: 'https://x.example/' }] }));
    const edge = await edgeOf({ functionFile: SEED_FUNCTION, kvs: { importFile: file } });
    expect((await edge.fetch('/')).headers.get('location')).toBe('https://x.example/');
  });

  it('reports the origin call to a URL origin: id, url, method, headers and body', async () => {
    const edge = await edgeOf({ code: 'function handler(event) { console.log(event.request.method); return event.request; }', origins: { api: `${api.url}/prod` } });
    const res = await edge.fetch('/items?x=1', { method: 'PUT', body: 'data', headers: { 'x-test': 't' } });
    expect(res.text()).toBe('api 200');
    expect(res.logs).toEqual(['PUT']);
    expect(res.origin).toMatchObject({ id: 'api', url: `${api.url}/prod/items?x=1`, method: 'PUT', body: 'data', status: 200 });
    expect(res.origin?.headers).toMatchObject({ 'x-test': 't', host: `127.0.0.1:${api.port}` });
  });

  it('serves handler origins on loopback and runs a viewer-response function', async () => {
    const edge = await edgeOf({
      code: "function handler(event) { if (event.request.uri === '/b') { require('cloudfront').selectRequestOriginById('b'); } return event.request; }",
      origins: { a: () => new Response('from a'), b: async (req) => Response.json({ got: req.method, path: new URL(req.url).pathname }) },
      viewerResponse: { code: "function handler(event) { console.log('vr ' + event.response.statusCode); event.response.headers['x-vr'] = { value: '1' }; return event.response; }" },
    });
    const a = await edge.fetch('/a');
    const b = await edge.fetch('/b');
    expect([a.text(), a.origin?.id, a.headers.get('x-vr'), a.logs]).toEqual(['from a', 'a', '1', ['vr 200']]);
    expect([b.json(), b.origin?.id]).toEqual([{ got: 'GET', path: '/b' }, 'b']);
  });

  it('lets a test change the store between requests', async () => {
    const edge = await edgeOf({ functionFile: SEED_FUNCTION, kvs: { APIGW1URL: 'https://old.example/', APIGW2URL: 'https://old.example/' } });
    await edge.store?.replaceAll({ APIGW1URL: 'https://new.example/', APIGW2URL: 'https://new.example/' });
    expect((await edge.fetch('/')).headers.get('location')).toBe('https://new.example/');
  });

  it('reports an origin group that failed over', async () => {
    const edge = await edgeOf({
      code: "import cf from 'cloudfront';\nfunction handler(event) { cf.createRequestOriginGroup({ originIds: ['main', 'backup'], failoverCriteria: [500] }); return event.request; }",
      origins: { main: () => new Response('down', { status: 500 }), backup: () => new Response('up') },
    });
    const res = await edge.fetch('/');
    expect([res.status, res.text(), res.origin?.id, res.originCalls.map((c) => [c.id, c.status])]).toEqual([200, 'up', 'backup', [['main', 500], ['backup', 200]]]);
  });

  it('without origins, requests that reach the origin get 404', async () => {
    const edge = await edgeOf({ code: 'function handler(event) { return event.request; }' });
    expect((await edge.fetch('/')).status).toBe(404);
  });

  it('runs a function that names its store, given kvsId (a UUID or the ARN), on both engines', async () => {
    const id = '0d3fe3e4-3f4a-4e0b-8bb0-1f0f5d1d2c3b';
    const code = `import cf from 'cloudfront';\nconst kvs = cf.kvs('${id}');\nasync function handler(event) {\n  return { statusCode: 200, body: await kvs.get('cell', { format: 'string' }) };\n}`;
    for (const engine of ['vm', 'njs'] as const) {
      const edge = await edgeOf({ code, kvs: { cell: 'b' }, kvsId: id, engine });
      const res = await edge.fetch('/');
      expect([res.status, res.text(), edge.store?.id]).toEqual([200, 'b', id]);
    }
    const byArn = await edgeOf({ code, kvs: { cell: 'c' }, kvsId: `arn:aws:cloudfront::123456789012:key-value-store/${id.toUpperCase()}` });
    expect((await byArn.fetch('/')).text()).toBe('c');
    // Without kvs the named store is there, and empty: the read fails, not the association.
    const empty = await edgeOf({ code, kvsId: id });
    const failed = await empty.fetch('/');
    expect([failed.status, failed.text()]).toEqual([503, expect.stringMatching(/Key not found/)]);
    expect([empty.store?.id, empty.store?.describe().itemCount]).toEqual([id, 0]);
  });

  it('keeps no trace of requests sent to its url, and its own only until fetch claims them', async () => {
    const edge = await edgeOf({ code: "function handler(event) { console.log('ran'); return event.request; }", origins: { a: () => new Response('ok') } });
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${edge.url}/up`, { method: 'POST', body: 'x'.repeat(1024) });
      expect(await res.text()).toBe('ok');
    }
    expect(unclaimedTraces(edge)).toBe(0);
    const own = await edge.fetch('/up', { method: 'POST', body: 'y' });
    expect([own.logs, own.origin?.body]).toEqual([['ran'], 'y']);
    expect(unclaimedTraces(edge)).toBe(0);
  });

  it('refuses fetch after close with a TestEdgeError; a second close does nothing', async () => {
    const edge = await createTestEdge({ code: "function handler(event) { console.log('ran'); return event.request; }", origins: { a: () => new Response('ok') } });
    expect((await edge.fetch('/')).status).toBe(200);
    await edge.close();
    await edge.close();
    const attempt = edge.fetch('/');
    await expect(attempt).rejects.toBeInstanceOf(TestEdgeError);
    await expect(attempt).rejects.toMatchObject({ code: 'Closed', message: expect.stringMatching(/^this test edge is closed/) });
  });

  it('refuses fetch after close even when nothing was sent before', async () => {
    const edge = await createTestEdge({ code: 'function handler(event) { return { statusCode: 200 }; }' });
    await edge.close();
    await expect(edge.fetch('/')).rejects.toMatchObject({ code: 'Closed' });
  });

  it.each([
    [{}, /needs exactly one of functionFile/],
    [{ code: 'function handler(e) { return e.request; }', origins: { api: 'ftp://x' } }, /origins\.api must be an http\(s\) URL or a handler function/],
    [{ code: 'function handler(e) { return e.request; }', origins: { api: 'http://localhost:1' }, defaultOrigin: 'web' }, /defaultOrigin "web" is not one of origins \(api\)/],
    [{ code: 'function handler(e) { return e.request; }', engine: 'quickjs' as EngineName }, /^engine must be vm or njs \(got "quickjs"\)$/],
    [{ code: 'function handler(e) { return e.request; }', kvsId: 'my-store' }, /^kvsId "my-store" is not a KeyValueStore id: a UUID such as 9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f, or the store's ARN$/],
  ])('refuses wrong options with a TestEdgeError naming the option (%#)', async (options, message) => {
    const attempt = createTestEdge(options);
    await expect(attempt).rejects.toBeInstanceOf(TestEdgeError);
    await expect(attempt).rejects.toThrow(message);
  });

  it('refuses a bad import file, a value over the limit and code that does not load', async () => {
    const file = join(dir, 'bad.json');
    await writeFile(file, '{"items": []}');
    await expect(createTestEdge({ code: 'x', kvs: { importFile: file } })).rejects.toMatchObject({ code: 'InvalidKvsImport' });
    await expect(createTestEdge({ code: 'function handler(e) { return e.request; }', kvs: { k: 'v'.repeat(2000) } })).rejects.toBeInstanceOf(KvsError);
    await expect(createTestEdge({ code: 'function handler(e) {' })).rejects.toBeInstanceOf(FunctionLoadError);
  });
});
