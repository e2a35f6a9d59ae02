import { gunzipSync, gzipSync } from 'node:zlib';
import { createServer } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { listen } from '../../src/net/listen.js';
import { createTestEdge, type TestEdge } from '../../src/testing/index.js';
import { requestTarget } from '../../src/testing/request-target.js';
import { viewerClient } from '../../src/testing/viewer-client.js';

// The test edge's viewer: a plain HTTP client, not `fetch` (src/testing/viewer-client.ts).
const PASS = 'function handler(event) { return event.request; }';
const edges: TestEdge[] = [];
afterEach(async () => {
  for (const edge of edges.splice(0)) await edge.close();
});

async function echoEdge(): Promise<TestEdge> {
  const edge = await createTestEdge({
    code: PASS,
    origins: { echo: async (req) => Response.json({ headers: Object.fromEntries(req.headers), body: await req.text() }) },
  });
  edges.push(edge);
  return edge;
}

describe("createTestEdge's viewer", () => {
  it('sends accept and a user-agent unless the request names them', async () => {
    const edge = await echoEdge();
    const plain = (await edge.fetch('/')).json<{ headers: Record<string, string> }>().headers;
    expect([plain.accept, plain['user-agent'], plain['accept-encoding']]).toEqual(['*/*', 'cellfront-test-edge', undefined]);
    const named = (await edge.fetch('/', { headers: { 'User-Agent': 'curl/8.0', Accept: 'text/html' } })).json<{ headers: Record<string, string> }>().headers;
    expect([named.accept, named['user-agent']]).toEqual(['text/html', 'curl/8.0']);
  });

  it('sends the path and query as written, a path with the Host of the edge, an absolute URL with its own', async () => {
    const edge = await createTestEdge({
      code: "function handler(event) { var r = event.request; return { statusCode: 200, body: JSON.stringify([r.uri, r.rawQueryString(), r.headers.host.value]) }; }",
    });
    edges.push(edge);
    const seen = async (path: string) => (await edge.fetch(path)).json<[string, string | null, string]>();
    const host = new URL(edge.url).host;
    expect(await seen('//images//a.png')).toEqual(['//images//a.png', null, host]);
    expect(await seen('/a/../b/./c')).toEqual(['/a/../b/./c', null, host]);
    // AWS: "If there is no query string, but ? is present, the function returns an empty string".
    expect(await seen('/a?')).toEqual(['/a', '', host]);
    expect(await seen('/a?x=1&x=2#top')).toEqual(['/a', 'x=1&x=2', host]);
    expect(await seen('/a b/é')).toEqual(['/a%20b/%C3%A9', null, host]);
    expect(await seen('http://shop.example/x/../y?q')).toEqual(['/x/../y', 'q', 'shop.example']);
    expect(await seen('http://shop.example?q')).toEqual(['/', 'q', 'shop.example']);
  });

  it.each(['orders', '', '?a=1', 'https://shop.example/', 'ftp://shop.example/'])('refuses %j with a TypeError saying what a path may be', async (path) => {
    const edge = await echoEdge();
    const attempt = edge.fetch(path);
    await expect(attempt).rejects.toBeInstanceOf(TypeError);
    await expect(attempt).rejects.toThrow(/edge\.fetch takes a path starting with "\/" \(such as "\/orders\?id=1"\) or an absolute http:\/\/ URL/);
  });

  it('sends pairs one line each, in order, so the function sees multiValue; cookies from pairs on one line', async () => {
    const edge = await createTestEdge({
      code: 'function handler(event) { return { statusCode: 200, body: JSON.stringify([event.request.headers, event.request.cookies]) }; }',
      origins: { echo: (req) => new Response(req.headers.get('cookie')) },
    });
    edges.push(edge);
    const res = await edge.fetch('/', { headers: [['x-dup', '1'], ['x-other', 'o'], ['X-Dup', '2'], ['cookie', 'a=1'], ['cookie', 'b=2; a=3']] });
    const [headers, cookies] = res.json<[Record<string, unknown>, Record<string, unknown>]>();
    expect(headers['x-dup']).toEqual({ value: '1', multiValue: [{ value: '1' }, { value: '2' }] });
    expect(headers['x-other']).toEqual({ value: 'o' });
    expect(cookies).toEqual({ a: { value: '1', multiValue: [{ value: '1' }, { value: '3' }] }, b: { value: '2' } });
    // The same cookies as from a Headers, which fetch would send.
    const fromHeaders = await edge.fetch('/', { headers: new Headers([['cookie', 'a=1'], ['cookie', 'b=2; a=3']]) });
    expect(fromHeaders.json<unknown[]>()[1]).toEqual(cookies);
  });

  it('puts each pair on a line of its own, in the order given, after Host', async () => {
    // A plain server showing the request's lines as received.
    const server = await listen(createServer((req, res) => res.end(JSON.stringify(req.rawHeaders))), '127.0.0.1', 0);
    const viewer = viewerClient();
    try {
      const answer = await viewer.send(requestTarget('/', server.url), { method: 'POST', body: 'hi', headers: [['x-dup', '1'], ['x-other', 'o'], ['X-Dup', '2']] });
      expect(JSON.parse(answer.body.toString())).toEqual([
        'host', new URL(server.url).host, 'x-dup', '1', 'x-other', 'o', 'x-dup', '2', 'accept', '*/*', 'user-agent', 'cellfront-test-edge', 'content-length', '2', 'Connection', 'keep-alive',
      ]);
    } finally {
      viewer.close();
      await server.close();
    }
  });

  it('takes headers as a record, pairs or a Headers; a record joins names that differ in case as fetch does', async () => {
    const edge = await echoEdge();
    const seen = async (headers: RequestInit['headers']) => (await edge.fetch('/', { headers })).json<{ headers: Record<string, string> }>().headers;
    expect((await seen({ 'X-A': '1', 'x-a': '2' }))['x-a']).toBe('1, 2');
    expect((await seen([['x-b', '1'], ['X-B', ' 2 ']]))['x-b']).toBe('1, 2');
    expect((await seen(new Headers({ 'x-c': '3' })))['x-c']).toBe('3');
    await expect(edge.fetch('/', { headers: [['x-d']] as unknown as RequestInit['headers'] })).rejects.toThrow(/a header must be a \[name, value\] pair/);
  });

  it.each([
    ['text', 'a=1', undefined, 'a=1'],
    ['bytes', new TextEncoder().encode('bytes!'), undefined, 'bytes!'],
    ['an ArrayBuffer', new TextEncoder().encode('buffer').buffer, undefined, 'buffer'],
    ['search params', new URLSearchParams({ q: 'x y', n: '2' }), 'application/x-www-form-urlencoded;charset=UTF-8', 'q=x+y&n=2'],
    ['a blob', new Blob(['{"b":1}'], { type: 'application/json' }), 'application/json', '{"b":1}'],
  ])('sends %s as the body, with its content type', async (_name, body, type, sent) => {
    const edge = await echoEdge();
    const res = await edge.fetch('/submit', { method: 'POST', body });
    const seen = res.json<{ headers: Record<string, string>; body: string }>();
    expect([seen.body, seen.headers['content-type'], res.origin?.body]).toEqual([sent, type, sent]);
  });

  it('returns a compressed body as the edge sent it, and every set-cookie', async () => {
    const packed = gzipSync('compressed text');
    const edge = await createTestEdge({
      code: PASS,
      origins: {
        api: () => {
          const headers = new Headers({ 'content-encoding': 'gzip' });
          headers.append('set-cookie', 'a=1; Path=/');
          headers.append('set-cookie', 'b=2; Path=/');
          return new Response(packed, { headers });
        },
      },
    });
    edges.push(edge);
    const res = await edge.fetch('/', { headers: { 'accept-encoding': 'gzip' } });
    expect(res.body.equals(packed)).toBe(true);
    expect(gunzipSync(res.body).toString()).toBe('compressed text');
    expect(res.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/']);
  });

  it('rejects when the signal aborts, and keeps serving afterwards', async () => {
    const edge = await echoEdge();
    await expect(edge.fetch('/', { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
    expect((await edge.fetch('/')).status).toBe(200);
  });

  it('serves many requests in flight over kept-alive connections', async () => {
    const edge = await echoEdge();
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => edge.fetch(`/n/${i}`, { headers: { 'x-n': String(i) } })));
    expect(answers.map((res) => res.json<{ headers: Record<string, string> }>().headers['x-n'])).toEqual(Array.from({ length: 40 }, (_, i) => String(i)));
  });

  it('reaches the edge in memory, and the same server still serves its url over loopback', async () => {
    const edge = await createTestEdge({ code: 'function handler(event) { return { statusCode: 200, headers: { "x-ip": { value: event.viewer.ip } } }; }' });
    edges.push(edge);
    const inMemory = await edge.fetch('/');
    expect(inMemory.status).toBe(200);
    expect(inMemory.headers.get('x-ip')).toBe('127.0.0.1');
    const overLoopback = await fetch(edge.url);
    expect(overLoopback.status).toBe(200);
    expect(overLoopback.headers.get('x-ip')).toBe('127.0.0.1');
  });

  it("reads every head the edge sends: an origin's up to CloudFront's 20,480 bytes, a function's larger", async () => {
    // With the handler's own headers (date, content-type, ...), the origin's head is just under 20,480 bytes, over Node's default 16 KiB.
    const big = 'y'.repeat(20_200);
    const edge = await createTestEdge({ code: PASS, origins: { api: () => new Response('ok', { headers: { 'x-big': big } }) } });
    edges.push(edge);
    const passed = await edge.fetch('/');
    expect([passed.status, passed.headers.get('x-big')?.length, passed.text()]).toEqual([200, big.length, 'ok']);
    const generated = await createTestEdge({ code: "function handler(event) { return { statusCode: 200, headers: { 'x-big': { value: 'z'.repeat(100000) } } }; }" });
    edges.push(generated);
    expect((await generated.fetch('/')).headers.get('x-big')?.length).toBe(100_000);
  });

  it("carries a megabyte each way, and the edge's own answer to a head over its limit", async () => {
    const edge = await echoEdge();
    const body = 'x'.repeat(1024 * 1024);
    const echoed = await edge.fetch('/', { method: 'POST', body });
    expect(echoed.status).toBe(200);
    expect(echoed.json<{ body: string }>().body).toBe(body);
    // 494: the edge writes this answer itself, on the connection, before any request exists.
    const oversized = await edge.fetch('/', { headers: { 'x-big': 'y'.repeat(21_000) } });
    expect(oversized.status).toBe(494);
    expect((await edge.fetch('/')).status).toBe(200);
  });
});
