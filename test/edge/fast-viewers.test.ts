/**
 * The edge's own reading and writing of simple requests (`src/edge/fast-connection.ts`)
 * against Node's HTTP server: two edges with the same functions, origin and
 * distribution id, one with `fastViewers` and one without, are sent the same bytes
 * on raw TCP connections, and must answer with the same bytes (the request id and the
 * dates aside), whatever the framing, method, status or mix of requests.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { originFromUrl, startEdge, type Edge } from '../../src/edge/index.js';
import { FastResponse } from '../../src/edge/fast-response.js';
import { readSimpleHead } from '../../src/edge/fast-request.js';
import { listen, type Listening } from '../../src/net/listen.js';
import { loadFunction } from '../../src/runtime/index.js';

const VIEWER_REQUEST = `function handler(event) {
  var uri = event.request.uri;
  if (uri === '/gen') return { statusCode: 200, statusDescription: 'Fine', headers: { 'x-a': { value: '1', multiValue: [{ value: '1' }, { value: '2' }] }, 'content-type': { value: 'text/plain' } }, cookies: { c1: { value: 'v1' }, c2: { value: 'v2', attributes: 'Path=/' } }, body: 'generated' };
  if (uri === '/gen204') return { statusCode: 204, headers: { 'x-b': { value: 'b' } } };
  if (uri === '/throw') throw new Error('on purpose');
  if (uri === '/disposition') return { statusCode: 200, headers: { 'content-disposition': { value: 'attachment; filename="caf\u00e9.txt"' } }, body: 'x' };
  return event.request;
}`;
const VIEWER_RESPONSE = `function handler(event) {
  event.response.headers['x-vr'] = { value: event.request.method };
  return event.response;
}`;

/** What the origin answers, by path. */
function answer(req: IncomingMessage, res: ServerResponse): void {
  switch (req.url) {
    case '/len':
      return void res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '5' }).end('hello');
    case '/chunked':
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('a');
      return void setTimeout(() => res.end('bb'), 5);
    case '/slow':
      return void setTimeout(() => res.writeHead(200, { 'content-length': '4' }).end('slow'), 800);
    case '/204':
      return void res.writeHead(204, { 'x-none': '1' }).end();
    case '/304':
      return void res.writeHead(304, { etag: '"e1"' }).end();
    case '/multi':
      return void res.writeHead(200, ['Set-Cookie', 'a=1', 'Set-Cookie', 'b=2', 'X-Dup', 'one', 'x-dup', 'two', 'Content-Length', '2']).end('ok');
    case '/big':
      return void res.writeHead(200, { 'content-length': String(200_000) }).end(Buffer.alloc(200_000, 'b'));
    case '/big-chunked':
      res.writeHead(200);
      for (let i = 0; i < 5; i++) res.write(Buffer.alloc(50_000, 'c'));
      return void res.end();
    case '/echo': {
      // What the origin was sent, less what differs per request.
      const headers = req.rawHeaders.filter((_, i) => !/^(x-amz-cf-id|date)$/i.test(req.rawHeaders[i - (i % 2)] as string));
      const body = JSON.stringify({ method: req.method, url: req.url, headers });
      return void res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
    }
    default:
      req.resume();
      return void res.writeHead(404, { 'content-type': 'text/plain', 'content-length': '9' }).end('not found');
  }
}

let origin: Listening;
let fast: Edge;
let node: Edge;

beforeAll(async () => {
  origin = await listen(createServer(answer), '127.0.0.1', 0);
  const options = {
    viewerRequest: loadFunction(VIEWER_REQUEST),
    viewerResponse: loadFunction(VIEWER_RESPONSE),
    defaultOrigin: originFromUrl('api', origin.url),
    distributionId: 'EFASTVIEWERS01',
    domainName: 'd.example',
  };
  fast = await startEdge({ ...options, fastViewers: true });
  node = await startEdge({ ...options, fastViewers: false });
});
afterAll(async () => {
  await fast.close();
  await node.close();
  await origin.close();
});

/** One request: its bytes, and whether its answer has no body whatever it says (HEAD). */
interface Sent {
  readonly bytes: string;
  /** Written 30 ms after `bytes` (a head that comes in two parts). */
  readonly later?: string;
  readonly head?: boolean;
}

const get = (path: string, extra = ''): Sent => ({ bytes: `GET ${path} HTTP/1.1\r\nHost: d.example\r\n${extra}\r\n` });
const head = (path: string): Sent => ({ bytes: `HEAD ${path} HTTP/1.1\r\nHost: d.example\r\n\r\n`, head: true });

/**
 * Sends `groups` on one connection, each group in one write once the answers to the
 * one before are in; resolves with every answer's bytes (request ids and dates
 * masked) and whether the edge closed the connection.
 */
function converse(port: number, groups: readonly (readonly Sent[])[]): Promise<{ answers: string[]; closed: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const answers: string[] = [];
    const expected = groups.flat();
    let buffer = Buffer.alloc(0);
    let group = 0;
    let awaited = 0;
    const timer = setTimeout(() => reject(new Error(`no whole answer after ${answers.length} of ${expected.length}: ${buffer.toString('latin1')}`)), 10_000);
    const sendGroup = () => {
      const sent = groups[group++] ?? [];
      awaited += sent.length;
      socket.write(sent.map((request) => request.bytes).join(''), 'latin1');
      const later = sent.map((request) => request.later ?? '').join('');
      if (later) setTimeout(() => socket.write(later, 'latin1'), 30);
    };
    const done = (closed: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ answers, closed });
    };
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (let whole = takeAnswer(buffer, expected[answers.length]?.head === true); whole; whole = takeAnswer(buffer, expected[answers.length]?.head === true)) {
        answers.push(mask(unchunked(buffer.subarray(0, whole).toString('latin1'))));
        buffer = buffer.subarray(whole);
        if (answers.length === expected.length) return done(false);
        if (answers.length === awaited) sendGroup();
      }
    });
    socket.on('end', () => done(true));
    socket.on('error', reject);
    sendGroup();
  });
}

/** The length of the whole answer at the start of `bytes`, or 0 while it is not all in. */
function takeAnswer(bytes: Buffer, toHead: boolean): number {
  const end = bytes.indexOf('\r\n\r\n');
  if (end < 0) return 0;
  const headText = bytes.toString('latin1', 0, end);
  const status = Number(headText.slice(9, 12));
  const bodyAt = end + 4;
  if (toHead || status === 204 || status === 304) return bodyAt;
  const length = /\r\ncontent-length: *(\d+)/i.exec(headText);
  if (length) return bytes.length >= bodyAt + Number(length[1]) ? bodyAt + Number(length[1]) : 0;
  if (!/\r\ntransfer-encoding: *chunked/i.test(headText)) throw new Error(`an answer framed by neither length nor chunks: ${headText}`);
  for (let at = bodyAt; ; ) {
    const lineEnd = bytes.indexOf('\r\n', at);
    if (lineEnd < 0) return 0;
    const size = parseInt(bytes.toString('latin1', at, lineEnd), 16);
    if (size === 0) return bytes.length >= lineEnd + 4 ? lineEnd + 4 : 0;
    at = lineEnd + 2 + size + 2;
    if (at > bytes.length) return 0;
  }
}

/** A chunked body as its bytes, marked: where the chunks begin and end follows the origin's timing, not the edge's writer. */
function unchunked(text: string): string {
  const end = text.indexOf('\r\n\r\n');
  if (!/\r\ntransfer-encoding: *chunked/i.test(text.slice(0, end))) return text;
  let body = '';
  for (let at = end + 4; ; ) {
    const lineEnd = text.indexOf('\r\n', at);
    const size = parseInt(text.slice(at, lineEnd), 16);
    if (size === 0) break;
    body += text.slice(lineEnd + 2, lineEnd + 2 + size);
    at = lineEnd + 2 + size + 2;
  }
  return `${text.slice(0, end + 4)}<chunks>${body}`;
}

function mask(text: string): string {
  return text
    .replace(/(x-amz-cf-id: |Request ID: )[\w-]{56}/gi, '$1<id>')
    .replace(/^(date): [^\r]*/gim, '$1: <date>');
}

/** The same conversation with both edges: the answers must be the same bytes. */
async function same(groups: readonly (readonly Sent[])[]): Promise<{ answers: string[]; closed: boolean }> {
  const byNode = await converse(node.port, groups);
  const byFast = await converse(fast.port, groups);
  expect(byFast).toEqual(byNode);
  return byFast;
}

describe('simple requests answered by the edge itself, in the bytes Node\'s server writes', () => {
  it.each<[string, Sent[][]]>([
    ['a body framed by its length', [[get('/len')]]],
    ['a chunked body, streamed', [[get('/chunked')]]],
    ['HEAD of each', [[head('/len')], [head('/chunked')]]],
    ['204 and 304', [[get('/204')], [get('/304')]]],
    ['repeated headers and cookies from the origin', [[get('/multi')]]],
    ['a body over the one-write size, by length and chunked', [[get('/big')], [get('/big-chunked')]]],
    ['an origin\'s 404 (no viewer-response function run)', [[get('/404')]]],
  ])('%s', async (_name, groups) => {
    const { answers } = await same(groups);
    expect(answers).toHaveLength(groups.flat().length);
  });

  it('answers a function generates: headers with several values, cookies, statusDescription, 204, HEAD', async () => {
    const { answers } = await same([[get('/gen')], [head('/gen')], [get('/gen204')]]);
    expect(answers[0]).toMatch(/^HTTP\/1\.1 200 Fine\r\n/);
    expect(answers[0]).toContain('x-a: 1\r\nx-a: 2\r\n');
    expect(answers[2]).toMatch(/^HTTP\/1\.1 204 No Content\r\n/);
  });

  it('Content-Disposition with a latin1 character, as Node writes it (its bytes read as UTF-8)', async () => {
    const { answers } = await same([[get('/disposition')]]);
    expect(answers[0]).toContain('filename="caf\u00fd.txt"');
  });

  it('a function that throws: the 503 error page', async () => {
    const { answers } = await same([[get('/throw')]]);
    expect(answers[0]).toMatch(/^HTTP\/1\.1 503 /);
    expect(answers[0]).toContain('<H1>503 ERROR</H1>');
  });

  it('the origin is sent the same request: spacing and case of header fields as the viewer wrote them', async () => {
    const { answers } = await same([[get('/echo', 'X-Upper: V\r\nx-spaced:    b c\r\nx-empty:\r\nCookie: a=1\r\ncookie: b=2\r\n')]]);
    expect(answers[0]).toContain('"x-upper","V"');
    expect(answers[0]).toContain('"x-spaced","b c"');
  });

  it('pipelined requests in one write: answered in order', async () => {
    const { answers } = await same([[get('/len'), get('/chunked'), head('/gen'), get('/echo')]]);
    expect(answers.map((text) => text.slice(0, 12))).toEqual(['HTTP/1.1 200', 'HTTP/1.1 200', 'HTTP/1.1 200', 'HTTP/1.1 200']);
  });

  it('a request that is not simple hands the connection to Node\'s server mid-way: bodies, Connection: close, a head in two writes', async () => {
    await same([[get('/len')], [{ bytes: 'POST /echo HTTP/1.1\r\nHost: d.example\r\nContent-Length: 3\r\n\r\nabc' }], [get('/echo')]]);
    await same([[get('/len'), { bytes: 'GET /echo HTTP/1.1\r\nHost: d.example\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n' }, get('/len')]]);
    await same([[get('/len')], [{ bytes: 'GET /len HTTP/1.1\r\nHo', later: 'st: d.example\r\n\r\n' }], [get('/echo')]]);
    const closing = await same([[get('/len')], [get('/len', 'Connection: close\r\n')]]);
    expect(closing.answers[1]).toContain('Connection: close\r\n');
    // Node's parser reads Proxy-Connection as Connection.
    const proxyClosing = await same([[get('/len')], [get('/len', 'Proxy-Connection: close\r\n')]]);
    expect(proxyClosing.answers[1]).toContain('Connection: close\r\n');
  });

  it('requests Node refuses are refused the same way: no Host, HTTP/1.0, a bad header line', async () => {
    for (const bytes of ['GET /len HTTP/1.1\r\n\r\n', 'GET /len HTTP/1.0\r\nHost: d.example\r\n\r\n', 'GET /len HTTP/1.1\r\nHost: d.example\r\nbad line\r\n\r\n']) {
      const byNode = await converse(node.port, [[{ bytes }]]).catch((error: Error) => error.message);
      const byFast = await converse(fast.port, [[{ bytes }]]).catch((error: Error) => error.message);
      expect(byFast).toEqual(byNode);
    }
  });

  it('the fast edge wrote these answers itself, and the other did not', async () => {
    const ends = vi.spyOn(FastResponse.prototype, 'end');
    try {
      await converse(node.port, [[get('/len')]]);
      expect(ends).not.toHaveBeenCalled();
      await converse(fast.port, [[get('/len')]]);
      expect(ends).toHaveBeenCalled();
    } finally {
      ends.mockRestore();
    }
  });
});

describe('a fast connection keeps Node\'s connection rules', () => {
  /**
   * Everything an edge sends on one connection after `bytes` (and `later`, written once
   * `laterAfterMs` have passed), until it closes it (masked). `halfClose`: the viewer
   * ends its side after writing.
   */
  function untilClosed(port: number, bytes: string, options: { halfClose?: boolean; later?: string; laterAfterMs?: number } = {}): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      let text = '';
      socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
      socket.on('end', () => resolve(mask(text)));
      socket.on('error', reject);
      socket.write(bytes, 'latin1');
      if (options.halfClose) socket.end();
      if (options.later !== undefined) setTimeout(() => socket.write(options.later ?? '', 'latin1'), options.laterAfterMs ?? 0);
    });
  }

  /** Runs `use` with two edges on the shared origin, with and without the fast path, and the head deadline `headersTimeoutMs`; closes both. */
  async function withBoth<T>(headersTimeoutMs: number, use: (edges: [fast: Edge, node: Edge]) => Promise<T>): Promise<T> {
    const options = { defaultOrigin: originFromUrl('api', origin.url), distributionId: 'EFASTVIEWERS02', headersTimeoutMs };
    const edges: [Edge, Edge] = [await startEdge({ ...options, fastViewers: true }), await startEdge({ ...options, fastViewers: false })];
    try {
      return await use(edges);
    } finally {
      for (const edge of edges) await edge.close();
    }
  }

  it('a viewer that ends its side after its requests still gets every answer, then the connection closes', async () => {
    for (const bytes of [get('/slow').bytes, get('/len').bytes + get('/slow').bytes]) {
      const [byFast, byNode] = await Promise.all([fast, node].map((edge) => untilClosed(edge.port, bytes, { halfClose: true })));
      expect(byFast).toEqual(byNode);
      expect(byFast).toMatch(/slow$/);
    }
  });

  it('pipelined requests: the head deadline waits until the last of them is answered', async () => {
    await withBoth(300, async (edges) => {
      const [byFast, byNode] = await Promise.all(edges.map((edge) => untilClosed(edge.port, get('/len').bytes + get('/slow').bytes)));
      expect(byFast).toEqual(byNode);
      expect(byFast).toMatch(/helloHTTP\/1\.1 200 OK\r\n[\s\S]*slowHTTP\/1\.1 408 Request Timeout\r\n/);
    });
  });

  it('half a head some time after an answer: closed when idle past keepAliveTimeout and a second, as by Node\'s server', async () => {
    await withBoth(9_000, async (edges) => {
      const started = Date.now();
      const [byFast, byNode] = await Promise.all(edges.map((edge) => untilClosed(edge.port, get('/len').bytes, { later: 'GET /len HTTP/1.1\r\nHo', laterAfterMs: 1_000 })));
      expect(byFast).toEqual(byNode);
      expect(byFast).toMatch(/hello$/);
      expect(Date.now() - started).toBeLessThan(8_500);
    });
  }, 15_000);

  it('the head deadline runs again after each answer: an idle connection gets 408 and is closed, as from Node\'s server', async () => {
    await withBoth(300, async (edges) => {
      const [byFast, byNode] = await Promise.all(edges.map((edge) => untilClosed(edge.port, get('/len').bytes)));
      expect(byFast).toEqual(byNode);
      expect(byFast).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*helloHTTP\/1\.1 408 Request Timeout\r\n/);
    });
  });

  it('a connection that sends nothing, or half a head after an answer, gets 408 at its deadline, as from Node\'s server', async () => {
    await withBoth(400, async (edges) => {
      for (const bytes of ['', `${get('/len').bytes}GET /len HTTP/1.1\r\nHo`]) {
        const started = Date.now();
        const [byFast, byNode] = await Promise.all(edges.map((edge) => untilClosed(edge.port, bytes)));
        expect(byFast).toEqual(byNode);
        expect(byFast).toMatch(/HTTP\/1\.1 408 Request Timeout\r\n/);
        // At the deadline (with a margin for a loaded machine), not at a later one.
        expect(Date.now() - started).toBeLessThan(2 * 400 + 300);
      }
    });
  });

  it('close() ends kept-alive connections, idle or waiting for an answer', async () => {
    const edge = await startEdge({ defaultOrigin: originFromUrl('api', origin.url), fastViewers: true });
    const idle = untilClosed(edge.port, get('/len').bytes);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await edge.close();
    expect(await idle).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

describe('readSimpleHead', () => {
  const socket = connect({ port: 1, host: '127.0.0.1' }).on('error', () => undefined);
  afterAll(() => void socket.destroy());

  it.each([
    ['GET / HTTP/1.1\r\nHost: a', true],
    ['HEAD /x?y=1 HTTP/1.1\r\nHost: a\r\nConnection: Keep-Alive', true],
    ['GET / HTTP/1.1\r\nHost: a\r\nx:', true],
    ['POST / HTTP/1.1\r\nHost: a', false],
    ['GET / HTTP/1.0\r\nHost: a', false],
    ['GET * HTTP/1.1\r\nHost: a', false],
    ['GET http://a/ HTTP/1.1\r\nHost: a', false],
    ['GET / HTTP/1.1', false],
    ['GET / HTTP/1.1\r\nHost: a\r\nHost: b', false],
    ['GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 0', false],
    ['GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked', false],
    ['GET / HTTP/1.1\r\nHost: a\r\nConnection: close', false],
    ['GET / HTTP/1.1\r\nHost: a\r\nProxy-Connection: keep-alive', false],
    ['GET / HTTP/1.1\r\nHost: a\r\nUpgrade: websocket', false],
    ['GET / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue', false],
    ['GET / HTTP/1.1\r\nHost: a\r\nx: trailing ', false],
    ['GET / HTTP/1.1\r\nHost: a\r\n folded', false],
    ['GET / HTTP/1.1\r\nHost: a\r\nx: caf\u00e9', false],
    ['GET /\u00e9 HTTP/1.1\r\nHost: a', false],
  ])('%j: read here %s', (text, simple) => {
    expect(readSimpleHead(text, socket) !== undefined).toBe(simple);
  });

  it('keeps names and values as written, without the spaces before a value', () => {
    const request = readSimpleHead('GET /a//b/../c? HTTP/1.1\r\nHost: a\r\nX-Case:  V v\r\ncookie: a=1\r\nCookie: b=2', socket);
    expect([request?.url, request?.rawHeaders, request?.headers.cookie, request?.headers['x-case']]).toEqual(['/a//b/../c?', ['Host', 'a', 'X-Case', 'V v', 'cookie', 'a=1', 'Cookie', 'b=2'], 'a=1; b=2', 'V v']);
  });
});
