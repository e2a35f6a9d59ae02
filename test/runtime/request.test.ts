import { describe, expect, it } from 'vitest';
import { URL_MAX_CHARS } from '../../src/limits.js';
import { viewerRequestEvent } from '../../src/runtime/index.js';
import { CONTEXT, captureRequest, expectKind, requestEvent, run } from './helpers.js';

/** Runs `body` in a handler that then returns `event.request`; `request` is bound to it. */
function returning(body: string, event = requestEvent()) {
  return run(`function handler(event) {\nvar request = event.request;\n${body}\nreturn request;\n}`, event);
}

async function forwarded(body: string, event = requestEvent()) {
  return expectKind(await returning(body, event), 'request');
}

async function invalid(body: string, event = requestEvent()): Promise<string> {
  const outcome = expectKind(await returning(body, event), 'error');
  expect(outcome).toMatchObject({ status: 502, code: 'ValidationError' });
  return outcome.message;
}

const multi = () => requestEvent('/p?tag=a&tag=b&x=1', ['Host', 'example.com', 'Accept', 'one', 'Accept', 'two', 'Accept', 'three']);

describe('a returned request', () => {
  it('§1 passes through unchanged, with the viewer\'s exact query and hidden headers', async () => {
    const facts = await captureRequest(
      'GET /p?b=%20&a HTTP/1.1\r\nHost: example.com\r\nCookie: s=1; t=2\r\nX-Amz-Cf-Id: hidden-1\r\nX-Forwarded-Proto: https\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\nUpgrade: h2c\r\nProxy-Authorization: Basic x',
    );
    const { request } = await forwarded('', viewerRequestEvent(facts, CONTEXT));
    expect(request).toEqual({
      method: 'GET',
      uri: '/p',
      query: 'b=%20&a',
      headers: [
        ['host', 'example.com'],
        ['cookie', 's=1; t=2'],
        ['x-amz-cf-id', 'hidden-1'],
        ['x-forwarded-proto', 'https'],
      ],
    });
  });

  it('§1 keeps a bare "?" as an empty query', async () => {
    expect((await forwarded('', requestEvent('/p?'))).request.query).toBe('');
    expect((await forwarded('', requestEvent('/p'))).request.query).toBeUndefined();
  });

  it('§1 multiValue merge: a changed multiValue wins over value', async () => {
    const { request } = await forwarded("request.headers.accept.multiValue = [{ value: 'x' }, { value: 'y' }]; request.headers.accept.value = 'ignored';", multi());
    expect(request.headers.filter(([name]) => name === 'accept')).toEqual([
      ['accept', 'x'],
      ['accept', 'y'],
    ]);
  });

  it('§1 multiValue merge: a changed value replaces the first and keeps the rest', async () => {
    const { request, eventRequest } = await forwarded("request.headers.accept.value = 'first';", multi());
    expect(request.headers.filter(([name]) => name === 'accept').map(([, v]) => v)).toEqual(['first', 'two', 'three']);
    expect(eventRequest.headers.accept).toEqual({ value: 'first', multiValue: [{ value: 'first' }, { value: 'two' }, { value: 'three' }] });
  });

  it('§1 multiValue merge applies to query parameters too', async () => {
    const { request } = await forwarded("request.querystring.tag.value = 'z'; request.querystring.y = { value: '2' };", multi());
    expect(request.query).toBe('tag=z&tag=b&x=1&y=2');
  });

  it('§1 querystring may be set to a string', async () => {
    const { request, eventRequest } = await forwarded("request.querystring = 'b=2&a=1';", multi());
    expect(request.query).toBe('b=2&a=1');
    expect(eventRequest.querystring).toEqual({ b: { value: '2' }, a: { value: '1' } });
  });

  it('§1 the Cookie header is rebuilt from cookies', async () => {
    const event = requestEvent('/', ['Host', 'a', 'Cookie', 'keep=1; drop=2; mv=a; mv=b']);
    const { request } = await forwarded("delete request.cookies.drop; request.cookies.mv.value = 'c'; request.cookies.added = { value: 'new' };", event);
    expect(request.headers).toEqual([
      ['host', 'a'],
      ['cookie', 'keep=1; mv=c; mv=b; added=new'],
    ]);
  });

  it('§1 added and removed headers are applied; uri changes', async () => {
    const event = requestEvent('/old', ['Host', 'a', 'X-Remove', '1']);
    const { request } = await forwarded("delete request.headers['x-remove']; request.headers['x-added'] = { value: 'yes' }; request.uri = '/new/path';", event);
    expect(request).toMatchObject({ uri: '/new/path', headers: [['host', 'a'], ['x-added', 'yes']] });
  });

  it('§1 a uri that does not start with "/" is a validation error (502)', async () => {
    expect(await invalid("request.uri = 'no-slash';")).toBe('request.uri must be a string that starts with "/" (got "no-slash")');
  });

  it('§1 a header value that is not { value } is a validation error (502)', async () => {
    expect(await invalid("request.headers['x-a'] = 'plain';")).toBe('request.headers["x-a"] must be an object like { value: "..." }');
    expect(await invalid("request.headers['x-a'] = { value: 5 };")).toBe('request.headers["x-a"].value must be a string (got number 5)');
  });

  it('§1 messages name the entry exactly, for every kind of field and entry', async () => {
    expect(await invalid("request.headers['x-a'] = { value: 'a', multiValue: [{ value: 'a' }, 7] };")).toBe(
      'request.headers["x-a"].multiValue[1] must be an object like { value: "..." }',
    );
    expect(await invalid("request.headers['x-a'] = { value: 'a\\nb' };")).toBe('request.headers["x-a"].value may not hold line breaks or other control characters');
    expect(await invalid("request.headers['x-\"q'] = { value: 'a' };")).toBe('request.headers["x-\\"q"]: a header name may hold only letters, digits and !#$%&\'*+-.^_`|~');
    expect(await invalid("request.headers.host = { value: 'other' };")).toBe('request.headers["host"] is read-only in viewer-request functions and cannot be added or changed');
    expect(await invalid("request.cookies['a b'] = { value: '1' };")).toBe(
      'request.cookies["a b"]: "a b" is not a valid cookie name (no spaces, "=", ";", "," or control characters)',
    );
    expect(await invalid("request.cookies.c = { value: '1', multiValue: [{ value: 2 }] };")).toBe('request.cookies["c"].multiValue[0].value must be a string (got number 2)');
  });

  it('§1 adding a header the function cannot see is a validation error (502)', async () => {
    expect(await invalid("request.headers['x-amz-cf-id'] = { value: 'forged' };")).toBe(
      'request.headers["x-amz-cf-id"]: CloudFront does not let a function add the x-amz-cf-id header',
    );
    expect(await invalid("request.headers['connection'] = { value: 'close' };")).toMatch(/does not let a function add the connection header/);
  });

  it('§1 changing or removing a read-only header is a validation error (502)', async () => {
    expect(await invalid("request.headers.host = { value: 'other.example.com' };")).toBe(
      'request.headers["host"] is read-only in viewer-request functions and cannot be added or changed',
    );
    expect(await invalid('delete request.headers.host;')).toMatch(/read-only in viewer-request functions and cannot be removed/);
    expect(await invalid("request.headers.via = { value: '1.1 proxy' };")).toMatch(/"via"\] is read-only/);
  });

  it('§1 header names must be lower-case', async () => {
    expect(await invalid("request.headers['X-Upper'] = { value: '1' };")).toBe('request.headers["X-Upper"]: header names must be lower-case');
  });

  it('§1 a header value with a line break is a validation error (502)', async () => {
    expect(await invalid("request.headers['x-a'] = { value: 'a\\r\\nx-b: c' };")).toMatch(/may not hold line breaks/);
  });

  it('§1 the method is read-only', async () => {
    expect(await invalid("request.method = 'POST';")).toBe('request.method is read-only (the viewer sent GET; got "POST")');
  });

  it('§1 a query string with spaces, control characters or "#" is a validation error (502)', async () => {
    expect(await invalid("request.querystring = 'a=b c';")).toMatch(/^request\.querystring contains " "/);
    expect(await invalid("request.querystring.q = { value: 'x#y' };")).toMatch(/^request\.querystring\["q"\]\.value contains "#"/);
    expect(await invalid("request.querystring['a\\u0001'] = { value: '1' };")).toMatch(/its name\) contains "\\u0001"/);
  });

  it('§3 a URI plus query string over 8,192 characters is a validation error (502)', async () => {
    const fits = URL_MAX_CHARS - '/?q='.length;
    expect((await forwarded(`request.querystring = 'q=' + 'x'.repeat(${fits});`)).request.query).toHaveLength(fits + 2);
    expect(await invalid(`request.querystring = 'q=' + 'x'.repeat(${fits + 1});`)).toBe(
      `request.uri plus the query string is ${URL_MAX_CHARS + 1} characters; CloudFront allows at most ${URL_MAX_CHARS}`,
    );
  });

  it('§1 cookies must not carry ";" in a value', async () => {
    expect(await invalid("request.cookies.a = { value: 'x; y=1' };")).toBe('request.cookies["a"].value may not hold ";" or control characters');
  });

  it('§1 a missing headers, cookies or querystring property keeps the original', async () => {
    const outcome = await run(
      "function handler(event) { return { method: 'GET', uri: '/other' }; }",
      requestEvent('/p?x=1', ['Host', 'a', 'Cookie', 'c=1']),
    );
    expect(expectKind(outcome, 'request').request).toEqual({ method: 'GET', uri: '/other', query: 'x=1', headers: [['host', 'a'], ['cookie', 'c=1']] });
  });
});
