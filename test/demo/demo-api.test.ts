/**
 * The demo API's routes, one suite run against both ways of starting it: in this
 * thread (`startDemoApi`) and in a worker thread of its own (`startDemoApiThread`,
 * what `cellfront dev` runs). Each answers as the seed's API Gateway REST API does.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PAYLOAD_MAX_BYTES, startDemoApi, type DemoApi } from '../../src/demo/demo-api.js';
import { startDemoApiThread } from '../../src/demo/demo-api-thread.js';
import { send } from '../e2e/http.js';

interface Target {
  readonly name: string;
  /** Starts API number 2 (the number is in its answers). */
  start(): Promise<{ api: DemoApi; close(): Promise<void> }>;
}

const TARGETS: readonly Target[] = [
  {
    name: 'startDemoApi (in-process)',
    start: async () => {
      const api = await startDemoApi({ index: 2 });
      return { api, close: () => api.close() };
    },
  },
  {
    name: 'startDemoApiThread (a worker thread)',
    start: async () => {
      const demo = await startDemoApiThread({ apis: [{ index: 2 }] });
      return { api: demo.apis[0] as DemoApi, close: () => demo.close() };
    },
  },
];

/** Streams `bytes` of body in 1 MB chunks, with no Content-Length (chunked). */
function postChunked(api: DemoApi, path: string, bytes: number): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    const req = request({ host: api.host, port: api.port, path, method: 'POST' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => done({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', fail);
    const chunk = Buffer.alloc(1024 * 1024, 97);
    let sent = 0;
    const more = () => {
      while (sent < bytes) {
        const part = chunk.subarray(0, Math.min(chunk.length, bytes - sent));
        sent += part.length;
        if (!req.write(part)) return void req.once('drain', more);
      }
      req.end();
    };
    more();
  });
}

describe.each(TARGETS)('the demo API, $name', (target) => {
  let api: DemoApi;
  let close: () => Promise<void>;
  let domain = '';
  beforeAll(async () => {
    ({ api, close } = await target.start());
    domain = `${api.host}:${api.port}`;
  });
  afterAll(() => close());

  it('has the stage URL of an API Gateway output', () => {
    expect(api.url).toBe(`http://127.0.0.1:${api.port}`);
    expect(api.stageUrl).toBe(`http://127.0.0.1:${api.port}/prod/`);
  });

  it('GET /prod/: its hello, as the mock integration writes it', async () => {
    const answer = await send(domain, '/prod/');
    expect([answer.status, answer.body]).toEqual([200, '{"message": "Hello from API 2"}']);
    expect(answer.headers['content-type']).toBe('application/json');
    expect(answer.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('HEAD /prod/: the same headers, no body', async () => {
    const answer = await send(domain, '/prod/', { method: 'HEAD' });
    expect([answer.status, answer.body, answer.headers['content-length']]).toEqual([200, '', String('{"message": "Hello from API 2"}'.length)]);
  });

  it('any other path or method: 403 Missing Authentication Token', async () => {
    for (const [method, path] of [['GET', '/'], ['GET', '/prod/other'], ['POST', '/prod/'], ['DELETE', '/prod/']] as const) {
      const answer = await send(domain, path, { method, body: method === 'POST' ? 'ignored' : undefined });
      expect([method, path, answer.status, answer.body, answer.headers['x-amzn-errortype']]).toEqual([
        method,
        path,
        403,
        '{"message": "Missing Authentication Token"}',
        'MissingAuthenticationTokenException',
      ]);
    }
  });

  it('/prod/echo and below: what it received', async () => {
    const answer = await send(domain, '/prod/echo/deep?a=1&b=2', { method: 'POST', headers: { 'x-tenant-id': 'acme' }, body: 'hello' });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ api: 2, method: 'POST', path: '/prod/echo/deep', query: 'a=1&b=2', headers: { 'x-tenant-id': 'acme' }, body: 'hello' });
  });

  it('a body over 10 MB: 413, declared or streamed', async () => {
    const declared = await send(domain, '/prod/echo', { method: 'POST', headers: { 'content-length': String(DEMO_PAYLOAD_MAX_BYTES + 1) }, body: 'x'.repeat(DEMO_PAYLOAD_MAX_BYTES + 1) });
    expect([declared.status, declared.body]).toEqual([413, '{"message": "Request Entity Too Large"}']);
    const streamed = await postChunked(api, '/prod/echo', DEMO_PAYLOAD_MAX_BYTES + 1);
    expect([streamed.status, streamed.body]).toEqual([413, '{"message": "Request Entity Too Large"}']);
    // Exactly the limit is still echoed.
    const atLimit = await postChunked(api, '/prod/echo', DEMO_PAYLOAD_MAX_BYTES);
    expect(atLimit.status).toBe(200);
    expect((JSON.parse(atLimit.body) as { body: string }).body).toHaveLength(DEMO_PAYLOAD_MAX_BYTES);
  });
});
