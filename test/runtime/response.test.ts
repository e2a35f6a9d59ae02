import { describe, expect, it } from 'vitest';
import { viewerResponseEvent, type FunctionEvent } from '../../src/runtime/index.js';
import { CONTEXT, expectKind, requestEvent, run } from './helpers.js';

async function generated(response: string) {
  return expectKind(await run(`function handler(event) { return ${response}; }`), 'response').response;
}

async function invalid(source: string, event?: FunctionEvent): Promise<string> {
  const outcome = expectKind(await run(source, event), 'error');
  expect(outcome).toMatchObject({ status: 502, code: 'ValidationError' });
  return outcome.message;
}

function responseEvent(): FunctionEvent {
  return viewerResponseEvent(
    requestEvent('/page').request,
    {
      statusCode: 200,
      statusMessage: 'OK',
      rawHeaders: [
        'Content-Type', 'text/html',
        'Content-Length', '120',
        'Set-Cookie', 'session=abc; Path=/; HttpOnly',
        'Set-Cookie', 'pref=1; Path=/a',
        'Set-Cookie', 'pref=2; Path=/b',
        'X-Amz-Cf-Pop', 'LHR50',
        'Transfer-Encoding', 'chunked',
      ],
    },
    CONTEXT,
    '203.0.113.9',
  );
}

describe('a generated response (viewer-request)', () => {
  it('§1 a text body becomes the response body', async () => {
    const response = await generated("{ statusCode: 200, statusDescription: 'OK', headers: { 'content-type': { value: 'text/plain' } }, body: 'h\u00e9llo' }");
    expect(response).toEqual({
      statusCode: 200,
      statusDescription: 'OK',
      headers: [['content-type', 'text/plain']],
      body: Buffer.from('h\u00e9llo'),
    });
  });

  it('§1 a body with encoding text or base64 is decoded', async () => {
    expect((await generated("{ statusCode: 200, body: { data: 'plain', encoding: 'text' } }")).body).toEqual(Buffer.from('plain'));
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]);
    expect((await generated(`{ statusCode: 200, body: { data: '${png.toString('base64')}', encoding: 'base64' } }`)).body).toEqual(png);
  });

  it('§1 no body means an empty response, and no statusDescription is fine', async () => {
    expect(await generated("{ statusCode: 204 }")).toEqual({ statusCode: 204, headers: [] });
  });

  it('§1 invalid base64 is a validation error (502)', async () => {
    expect(await invalid("function handler() { return { statusCode: 200, body: { data: 'not base64!', encoding: 'base64' } }; }")).toBe(
      'response.body.data is not valid base64 (encoding is "base64")',
    );
  });

  it('§1 a body of another shape or encoding is a validation error (502)', async () => {
    expect(await invalid("function handler() { return { statusCode: 200, body: { data: 'x', encoding: 'hex' } }; }")).toBe(
      'response.body.encoding must be "text" or "base64" (got "hex")',
    );
    expect(await invalid('function handler() { return { statusCode: 200, body: 42 }; }')).toMatch(/^response\.body must be a string or \{ data, encoding/);
  });

  it('§1 a bad statusCode is a validation error (502)', async () => {
    for (const status of ["'200'", '99', '600', '200.5', 'null']) {
      expect(await invalid(`function handler() { return { statusCode: ${status} }; }`)).toMatch(/^response\.statusCode must be an integer from 200 to 599/);
    }
  });

  it('§1 cookies become Set-Cookie lines with their attributes and every multiValue', async () => {
    const response = await generated(`{ statusCode: 302, headers: { location: { value: '/login' } }, cookies: {
      id: { value: 'a1', attributes: 'Secure; Path=/' },
      lang: { value: 'en', multiValue: [{ value: 'en', attributes: 'Path=/en' }, { value: 'fr' }] } } }`);
    expect(response.headers).toEqual([
      ['location', '/login'],
      ['set-cookie', 'id=a1; Secure; Path=/'],
      ['set-cookie', 'lang=en; Path=/en'],
      ['set-cookie', 'lang=fr'],
    ]);
  });

  it('§1 a bad cookie entry is named exactly in the message', async () => {
    expect(await invalid("function handler(event) { return { statusCode: 200, cookies: { id: { value: '1', attributes: 5 } } }; }")).toBe(
      'response.cookies["id"].attributes must be a string (got number 5)',
    );
    expect(await invalid("function handler(event) { return { statusCode: 200, cookies: { id: { value: '1', attributes: 'Path=/\\n' } } }; }")).toBe(
      'response.cookies["id"].attributes may not hold control characters',
    );
  });

  it('§1 a Set-Cookie header must go through cookies', async () => {
    expect(await invalid("function handler() { return { statusCode: 200, headers: { 'set-cookie': { value: 'a=1' } } }; }")).toBe(
      'response.headers["set-cookie"]: set cookies through response.cookies, not a set-cookie header',
    );
  });
});

describe('a viewer-response function', () => {
  it('§1 returning the response unchanged keeps headers, cookies and hidden headers, minus framing', async () => {
    const { response } = expectKind(await run('function handler(event) { return event.response; }', responseEvent()), 'response');
    expect(response).toEqual({
      statusCode: 200,
      statusDescription: 'OK',
      headers: [
        ['content-type', 'text/html'],
        ['set-cookie', 'session=abc; Path=/; HttpOnly'],
        ['set-cookie', 'pref=1; Path=/a'],
        ['set-cookie', 'pref=2; Path=/b'],
        ['x-amz-cf-pop', 'LHR50'],
      ],
      // What TestFunction's output shows: the headers as returned, framing headers included.
      outputHeaders: [
        ['content-type', 'text/html'],
        ['content-length', '120'],
        ['transfer-encoding', 'chunked'],
        ['set-cookie', 'session=abc; Path=/; HttpOnly'],
        ['set-cookie', 'pref=1; Path=/a'],
        ['set-cookie', 'pref=2; Path=/b'],
      ],
    });
  });

  it('§1 cookie merge: a changed value replaces the first line and keeps the rest', async () => {
    const source = "function handler(event) { var r = event.response; r.cookies.pref.value = '9'; r.cookies.pref.attributes = 'Path=/z'; delete r.cookies.session; return r; }";
    const { response } = expectKind(await run(source, responseEvent()), 'response');
    expect(response.headers.filter(([name]) => name === 'set-cookie')).toEqual([
      ['set-cookie', 'pref=9; Path=/z'],
      ['set-cookie', 'pref=2; Path=/b'],
    ]);
  });

  it('§1 cookie merge: a changed multiValue wins', async () => {
    const source = "function handler(event) { var r = event.response; r.cookies.pref.multiValue = [{ value: 'only' }]; r.cookies.pref.value = 'ignored'; return r; }";
    const { response } = expectKind(await run(source, responseEvent()), 'response');
    expect(response.headers.filter(([name]) => name === 'set-cookie').map(([, line]) => line)).toEqual(['session=abc; Path=/; HttpOnly', 'pref=only']);
  });

  it('§1 may change the status, add headers and replace the body', async () => {
    const source = `function handler(event) {
      var r = event.response;
      r.statusCode = 404; r.statusDescription = 'Not Found';
      r.headers['x-added'] = { value: 'yes' };
      r.body = { data: 'gone', encoding: 'text' };
      return r;
    }`;
    const { response } = expectKind(await run(source, responseEvent()), 'response');
    expect(response).toMatchObject({ statusCode: 404, statusDescription: 'Not Found', body: Buffer.from('gone') });
    expect(response.headers).toContainEqual(['x-added', 'yes']);
  });

  it('§1 changing a read-only response header is a validation error (502)', async () => {
    expect(await invalid("function handler(event) { event.response.headers['content-length'] = { value: '1' }; return event.response; }", responseEvent())).toBe(
      'response.headers["content-length"] is read-only in viewer-response functions and cannot be added or changed',
    );
    expect(await invalid("function handler(event) { event.response.headers.via = { value: 'x' }; return event.response; }", responseEvent())).toMatch(
      /"via"\] is read-only in viewer-response/,
    );
  });

  it('§1 returning the request from a viewer-response function is a validation error (502)', async () => {
    expect(await invalid('function handler(event) { return event.request; }', responseEvent())).toBe(
      'A viewer-response function must return the response (an object with statusCode)',
    );
  });
});
