/** The API's edges, reached with raw HTTP: auth, hosts, bad input, unexpected failures. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { KVS_UPDATE_MAX_PAYLOAD_BYTES } from '../../../src/limits.js';
import { StoreRegistry } from '../../../src/store/index.js';
import { rawRequest, SIGV4_AUTH, startApi, storePath, type ApiFixture } from './fixture.js';

let api: ApiFixture;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api.server.close();
});

const signed = (extra: Record<string, string> = {}) => ({ authorization: SIGV4_AUTH, ...extra });

async function expectStillServing(): Promise<void> {
  const r = await rawRequest(api.server.port, { path: storePath(api.store.arn), headers: signed() });
  expect(r.status).toBe(200);
  expect(r.headers.etag).toBe(api.store.etag);
}

function expectError(r: { status: number; headers: Record<string, unknown>; json: Record<string, unknown> }, type: string, status: number) {
  expect(r.status).toBe(status);
  expect(r.headers['x-amzn-errortype']).toBe(type);
  expect(r.json).toMatchObject({ __type: type, code: type });
  expect(typeof r.json.message).toBe('string');
}

describe('KeyValueStore API server', () => {
  it('answers on http://localhost:PORT', () => {
    expect(api.server.url).toBe(`http://localhost:${api.server.port}`);
  });

  it('refuses an unsigned request (plain fetch) with AccessDeniedException 403', async () => {
    const response = await fetch(`http://127.0.0.1:${api.server.port}${storePath(api.store.arn)}`);
    expect(response.status).toBe(403);
    expect(response.headers.get('x-amzn-errortype')).toBe('AccessDeniedException');
    const body = (await response.json()) as { message: string };
    expect(body.message).toMatch(/^Request is not signed: it has no Authorization header; sign it with SigV4A/);
    await expectStillServing();
  });

  it('refuses a malformed Authorization header and a signature for another service', async () => {
    const basic = await rawRequest(api.server.port, { path: storePath(api.store.arn), headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expectError(basic, 'AccessDeniedException', 403);
    expect(basic.json.message).toMatch(/is not an AWS signature/);
    const s3 = SIGV4_AUTH.replace('cloudfront-keyvaluestore', 's3');
    const wrong = await rawRequest(api.server.port, { path: storePath(api.store.arn), headers: { authorization: s3 } });
    expect(wrong.json.message).toBe('Request is signed for service "s3", not cloudfront-keyvaluestore');
    await expectStillServing();
  });

  it('accepts SigV4A with a region set, and refuses SigV4A without one', async () => {
    const sigv4a = 'AWS4-ECDSA-P256-SHA256 Credential=AKIDEXAMPLE/20240101/cloudfront-keyvaluestore/aws4_request, SignedHeaders=host;x-amz-date;x-amz-region-set, Signature=3045022100ab';
    const ok = await rawRequest(api.server.port, { path: storePath(api.store.arn), headers: { authorization: sigv4a, 'x-amz-region-set': '*' } });
    expect(ok.status).toBe(200);
    const missing = await rawRequest(api.server.port, { path: storePath(api.store.arn), headers: { authorization: sigv4a } });
    expectError(missing, 'AccessDeniedException', 403);
    expect(missing.json.message).toMatch(/x-amz-region-set/);
  });

  it('accepts {account}.localhost and bare hosts, and refuses a Host naming another account', async () => {
    const path = storePath(api.store.arn);
    for (const host of [`000000000000.localhost:${api.server.port}`, `localhost:${api.server.port}`, `127.0.0.1:${api.server.port}`, `000000000000.127.0.0.1:${api.server.port}`]) {
      expect((await rawRequest(api.server.port, { path, headers: signed({ host }) })).status).toBe(200);
    }
    const other = await rawRequest(api.server.port, { path, headers: signed({ host: `111111111111.localhost:${api.server.port}` }) });
    expectError(other, 'AccessDeniedException', 403);
    expect(other.json.message).toMatch(/addresses account 111111111111, but the KvsARN belongs to account 000000000000/);
    await expectStillServing();
  });

  it('refuses a malformed ARN with ValidationException', async () => {
    const r = await rawRequest(api.server.port, { path: storePath('arn:aws:s3:::bucket'), headers: signed() });
    expectError(r, 'ValidationException', 400);
    await expectStillServing();
  });

  it('refuses a malformed JSON body and a body of the wrong shape with ValidationException', async () => {
    const path = storePath(api.store.arn, '/keys');
    const headers = signed({ 'if-match': api.store.etag, 'content-type': 'application/json' });
    const bad = await rawRequest(api.server.port, { method: 'POST', path, headers, body: '{"Puts": [' });
    expectError(bad, 'ValidationException', 400);
    expect(bad.json.message).toMatch(/^Request body is not valid JSON/);
    const shape = await rawRequest(api.server.port, { method: 'POST', path, headers, body: '{"Puts": [{"Key": "a"}]}' });
    expect(shape.json.message).toBe('Puts[0] is missing "Value"; expected [{"Key": "...", "Value": "..."}]');
    const noValue = await rawRequest(api.server.port, { method: 'PUT', path: storePath(api.store.arn, '/keys/a'), headers, body: '{}' });
    expect(noValue.json.message).toMatch(/PutKey needs a body \{"Value": "..."\}/);
    const noIfMatch = await rawRequest(api.server.port, { method: 'DELETE', path: storePath(api.store.arn, '/keys/a'), headers: signed() });
    expect(noIfMatch.json.message).toMatch(/If-Match header is required/);
    await expectStillServing();
  });

  it('refuses MaxResults that is not a whole number from 1 to 50', async () => {
    for (const value of ['0', '51', 'ten']) {
      const r = await rawRequest(api.server.port, { path: storePath(api.store.arn, `/keys?MaxResults=${value}`), headers: signed() });
      expectError(r, 'ValidationException', 400);
    }
    await expectStillServing();
  });

  it('refuses a body over 3 MB without reading it into memory', async () => {
    const body = Buffer.alloc(KVS_UPDATE_MAX_PAYLOAD_BYTES + 1, 0x20);
    const r = await rawRequest(api.server.port, { method: 'POST', path: storePath(api.store.arn, '/keys'), headers: signed({ 'if-match': api.store.etag }), body });
    expectError(r, 'ValidationException', 400);
    expect(r.json.message).toBe(`Request body is ${KVS_UPDATE_MAX_PAYLOAD_BYTES + 1} bytes; the limit is ${KVS_UPDATE_MAX_PAYLOAD_BYTES} bytes (3 MB)`);
    await expectStillServing();
  });

  it('answers an unknown route with 404 UnknownOperationException', async () => {
    for (const [method, path] of [['GET', '/'], ['PATCH', storePath(api.store.arn)], ['GET', storePath(api.store.arn, '/keys/a/b')]] as const) {
      const r = await rawRequest(api.server.port, { method, path, headers: signed() });
      expectError(r, 'UnknownOperationException', 404);
    }
    await expectStillServing();
  });

  it('turns an unexpected failure into InternalServerException 500 and keeps serving', async () => {
    const spy = vi.spyOn(api.registry, 'get').mockImplementationOnce(() => {
      throw new TypeError('boom');
    });
    const r = await rawRequest(api.server.port, { path: storePath(api.store.arn), headers: signed() });
    spy.mockRestore();
    expectError(r, 'InternalServerException', 500);
    expect(r.json.message).toBe('The local KeyValueStore failed unexpectedly: boom');
    await expectStillServing();
  });
});

describe('KeyValueStore API server over a data directory', () => {
  it('answers InternalServerException 500 when a write cannot be saved, and keeps serving reads', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'cellfront-kvs-'));
    const disk = await startApi(await StoreRegistry.open(dataDir));
    try {
      await rm(dataDir, { recursive: true });
      await writeFile(dataDir, 'not a directory');
      const put = await rawRequest(disk.server.port, {
        method: 'PUT',
        path: storePath(disk.store.arn, '/keys/a'),
        headers: signed({ 'if-match': disk.store.etag }),
        body: '{"Value": "1"}',
      });
      expectError(put, 'InternalServerException', 500);
      expect(put.json.message).toMatch(/^Could not save /);
      const read = await rawRequest(disk.server.port, { path: storePath(disk.store.arn), headers: signed() });
      expect(read.status).toBe(200);
    } finally {
      await disk.server.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
