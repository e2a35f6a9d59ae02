import { describe, expect, it } from 'vitest';
import { hiddenRequestHeaders, hiddenResponseHeaders, rawQueryOf, viewerResponseEventAround } from '../../src/runtime/event.js';
import { viewerRequestEvent, viewerResponseEvent, type EventResponse } from '../../src/runtime/index.js';
import { copyJsonData } from '../../src/runtime/values.js';
import { CONTEXT, captureRequest, expectKind, requestEvent, run } from './helpers.js';

describe('viewer-request event from a real request', () => {
  it('§1 has version, context, viewer and a lower-cased request', async () => {
    const facts = await captureRequest('GET /media/index.mpd HTTP/1.1\r\nHost: video.example.com\r\nUser-Agent: curl/8');
    const event = viewerRequestEvent(facts, CONTEXT);
    expect(event).toEqual({
      version: '1.0',
      context: {
        distributionDomainName: 'd111111abcdef8.cloudfront.net',
        distributionId: 'EDFDVBD6EXAMPLE',
        eventType: 'viewer-request',
        requestId: 'req-1',
      },
      viewer: { ip: '127.0.0.1' },
      request: {
        method: 'GET',
        uri: '/media/index.mpd',
        querystring: {},
        headers: { host: { value: 'video.example.com' }, 'user-agent': { value: 'curl/8' } },
        cookies: {},
      },
    });
    expect(Object.keys(event.context)).toEqual(['distributionDomainName', 'distributionId', 'eventType', 'requestId']);
  });

  it('§1 repeated headers become multiValue; a header with commas stays one value', async () => {
    const facts = await captureRequest(
      'GET / HTTP/1.1\r\nHost: a\r\nAccept: application/json\r\naccept: application/xml\r\nACCEPT: text/html\r\nAccept-Language: en-GB, en;q=0.5',
    );
    const { headers } = viewerRequestEvent(facts, CONTEXT).request;
    expect(headers.accept).toEqual({
      value: 'application/json',
      multiValue: [{ value: 'application/json' }, { value: 'application/xml' }, { value: 'text/html' }],
    });
    expect(headers['accept-language']).toEqual({ value: 'en-GB, en;q=0.5' });
  });

  it('§1 cookies are parsed out of headers, repeated names and Cookie lines merged', async () => {
    const facts = await captureRequest('GET / HTTP/1.1\r\nHost: a\r\nCookie: Cookie1=value1; cookiemv=value3\r\nCookie: cookiemv=value4; flag');
    const { headers, cookies } = viewerRequestEvent(facts, CONTEXT).request;
    expect(headers.cookie).toBeUndefined();
    expect(cookies).toEqual({
      Cookie1: { value: 'value1' },
      cookiemv: { value: 'value3', multiValue: [{ value: 'value3' }, { value: 'value4' }] },
      flag: { value: '' },
    });
  });

  it('§1 query parameters keep their spelling; repeated names become multiValue', async () => {
    const facts = await captureRequest('GET /search?q=%E5%AE%B6&tag=a+b&tag=c%2Cd&NoValue&empty= HTTP/1.1\r\nHost: a');
    const { querystring } = viewerRequestEvent(facts, CONTEXT).request;
    expect(querystring).toEqual({
      q: { value: '%E5%AE%B6' },
      tag: { value: 'a+b', multiValue: [{ value: 'a+b' }, { value: 'c%2Cd' }] },
      NoValue: { value: '' },
      empty: { value: '' },
    });
  });

  it('§1 rawQueryString() is the query as sent, "" for a bare ?, undefined without one', async () => {
    const source = 'function handler(event) { var r = event.request.rawQueryString(); console.log(r === undefined ? "undefined" : "[" + r + "]"); return event.request; }';
    const logs = async (target: string) => {
      const event = viewerRequestEvent(await captureRequest(`GET ${target} HTTP/1.1\r\nHost: a`), CONTEXT);
      return expectKind(await run(source, event), 'request').logs;
    };
    expect(await logs('/p?b=2&a=1&a=%20')).toEqual(['[b=2&a=1&a=%20]']);
    expect(await logs('/p?')).toEqual(['[]']);
    expect(await logs('/p')).toEqual(['undefined']);
  });

  it('§1 querystring is present and empty for a bare ? and for no query', async () => {
    for (const target of ['/p?', '/p']) {
      const event = viewerRequestEvent(await captureRequest(`GET ${target} HTTP/1.1\r\nHost: a`), CONTEXT);
      expect(event.request.querystring).toEqual({});
    }
  });

  it('§1 rawQueryString is a non-enumerable method inside the function', async () => {
    const source = `function handler(event) {
      console.log(typeof event.request.rawQueryString + ' ' + Object.keys(event.request).join(','));
      return event.request;
    }`;
    expect(expectKind(await run(source, requestEvent('/?a=1')), 'request').logs).toEqual(['function method,uri,querystring,headers,cookies']);
  });

  it('§1 headers a function cannot see are absent from the event', async () => {
    const facts = await captureRequest(
      'GET / HTTP/1.1\r\nHost: a\r\nX-Amz-Cf-Id: abc\r\nX-Forwarded-Proto: https\r\nX-Real-IP: 10.0.0.1\r\nX-Edge-Location: LHR\r\nX-Accel-Buffering: no\r\nX-Cache: Hit\r\nProxy-Authorization: Basic x\r\nX-Custom: kept',
    );
    const { headers } = viewerRequestEvent(facts, CONTEXT).request;
    expect(Object.keys(headers).sort()).toEqual(['host', 'x-custom']);
  });

  it('§1 the uri keeps percent-encoding and an absolute-form target names its path', () => {
    expect(requestEvent('/a%20b/c?x=1').request.uri).toBe('/a%20b/c');
    expect(requestEvent('http://example.com/abs?x=1').request).toMatchObject({ uri: '/abs', querystring: { x: { value: '1' } } });
  });
});

describe('viewer-response event', () => {
  const origin = {
    statusCode: 200,
    statusMessage: 'OK',
    rawHeaders: [
      'Content-Type', 'application/json',
      'Set-Cookie', 'ID=id1234; Expires=Wed, 05 Apr 2021 07:28:00 GMT',
      'Set-Cookie', 'Cookie1=val1; Secure; Path=/',
      'Set-Cookie', 'Cookie1=val2; Path=/cat',
      'Set-Cookie', 'plain=1',
      'X-Cache', 'Miss',
    ],
  };

  it('§1 carries the response with Set-Cookie parsed into cookies with attributes', () => {
    const event = viewerResponseEvent(requestEvent('/x?y=1').request, origin, CONTEXT, '203.0.113.9');
    expect(event.context.eventType).toBe('viewer-response');
    expect(event.response).toEqual({
      statusCode: 200,
      statusDescription: 'OK',
      headers: { 'content-type': { value: 'application/json' } },
      cookies: {
        ID: { value: 'id1234', attributes: 'Expires=Wed, 05 Apr 2021 07:28:00 GMT' },
        Cookie1: {
          value: 'val1',
          attributes: 'Secure; Path=/',
          multiValue: [
            { value: 'val1', attributes: 'Secure; Path=/' },
            { value: 'val2', attributes: 'Path=/cat' },
          ],
        },
        plain: { value: '1' },
      },
    });
    expect(event.request.querystring).toEqual({ y: { value: '1' } });
  });

  it('§1 keeps the request\'s rawQueryString() for the response function', async () => {
    const event = viewerResponseEvent(requestEvent('/x?b&a=1').request, origin, CONTEXT, '203.0.113.9');
    const source = 'function handler(event) { console.log(event.request.rawQueryString()); return event.response; }';
    expect(expectKind(await run(source, event), 'response').logs).toEqual(['b&a=1']);
  });
});

describe('names Object.prototype has', () => {
  it('§1 a header, query parameter or cookie named like a property of every object is an own entry', () => {
    const event = viewerRequestEvent(
      { method: 'GET', url: '/?__proto__=1&constructor=2&toString=3&a=4', rawHeaders: ['__proto__', 'p', 'constructor', 'c', 'Cookie', 'hasOwnProperty=h; valueOf=v'], clientIp: '203.0.113.9' },
      CONTEXT,
    );
    const { querystring, headers, cookies } = event.request;
    expect(Object.keys(querystring)).toEqual(['__proto__', 'constructor', 'toString', 'a']);
    expect(Object.getPrototypeOf(querystring)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(querystring, '__proto__')?.value).toEqual({ value: '1' });
    expect(querystring.toString).toEqual({ value: '3' });
    expect(Object.keys(headers)).toEqual(['__proto__', 'constructor']);
    expect(Object.getOwnPropertyDescriptor(headers, '__proto__')?.value).toEqual({ value: 'p' });
    expect(cookies).toEqual({ hasOwnProperty: { value: 'h' }, valueOf: { value: 'v' } });
    expect(JSON.parse(JSON.stringify(event.request.headers))).toEqual({ ['__proto__']: { value: 'p' }, constructor: { value: 'c' } });
  });
});

describe('copying event data (viewer-response gets a copy of the request)', () => {
  /** What the JSON round trip the copy stands for gives, or the error it throws. */
  const viaJson = (value: unknown): unknown => {
    try {
      return JSON.parse(JSON.stringify(value)) as unknown;
    } catch (error) {
      return error instanceof Error ? `${error.name}` : 'thrown';
    }
  };
  const viaCopy = (value: unknown): unknown => {
    try {
      return copyJsonData(value);
    } catch (error) {
      return error instanceof Error ? `${error.name}` : 'thrown';
    }
  };

  it('gives exactly what the JSON round trip gives, for plain data and for everything else', () => {
    const withProtoKey = JSON.parse('{"headers":{"__proto__":{"value":"x"},"a":{"value":"1","multiValue":[{"value":"1"},{"value":"2"}]}}}') as unknown;
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    let deep: unknown = 'leaf';
    for (let i = 0; i < 60; i++) deep = { next: deep };
    const values: unknown[] = [
      requestEvent('/x?y=1&y=2', ['Host', 'h', 'Cookie', 'a=1; b=2']).request,
      withProtoKey,
      { a: undefined, b: () => 1, c: Symbol('s'), d: [1, 'two', true, null], e: -0, f: 1.5 },
      { n: Number.NaN, i: Number.POSITIVE_INFINITY },
      { d: new Date(0), t: { toJSON: () => 'custom' } },
      [1, undefined, () => 2],
      // eslint-disable-next-line no-sparse-arrays -- a hole, which JSON writes as null
      [1, , 3],
      Object.assign(Object.create(null) as object, { k: 'v' }),
      Object.assign(Object.create({ inherited: 1 }) as object, { own: 2 }),
      Object.defineProperty({ shown: 1 }, 'hidden', { value: 2, enumerable: false }),
      deep,
      cyclic,
      'text',
      7,
      null,
    ];
    for (const value of values) expect(viaCopy(value)).toEqual(viaJson(value));
    // The copy shares nothing with the original.
    const original = requestEvent('/x').request;
    const copy = copyJsonData(original) as typeof original;
    copy.headers.host = { value: 'changed' };
    expect(original.headers.host).toEqual({ value: 'example.com' });
    // A "__proto__" key stays an own key, as JSON.parse makes it.
    expect(Object.keys((copyJsonData(withProtoKey) as { headers: object }).headers)).toEqual(['__proto__', 'a']);
  });
});

describe("what the runtime keeps beside an event's request and response", () => {
  const rawQueryMethodOf = (request: object) => (request as { rawQueryString: () => string | undefined }).rawQueryString;

  it('§1 the raw query and hidden headers stay invisible: no key, no JSON, not in a spread copy', () => {
    const { request } = requestEvent('/p?b&a=1', ['Host', 'h', 'X-Amz-Cf-Id', 'abc']);
    expect(Object.keys(request)).toEqual(['method', 'uri', 'querystring', 'headers', 'cookies']);
    expect(JSON.stringify(request)).toBe('{"method":"GET","uri":"/p","querystring":{"b":{"value":""},"a":{"value":"1"}},"headers":{"host":{"value":"h"}},"cookies":{}}');
    expect(rawQueryOf(request)).toBe('b&a=1');
    expect(hiddenRequestHeaders(request)).toEqual([['x-amz-cf-id', 'abc']]);
    // A copy made by spreading is an event built elsewhere: its raw query is rebuilt from querystring.
    const spread = { ...request };
    expect(rawQueryOf(spread)).toBe('b=&a=1');
    expect(hiddenRequestHeaders(spread)).toEqual([]);
  });

  it('§1 an object that inherits from an event request does not inherit what was kept beside it', () => {
    const { request } = requestEvent('/p?b&a=1', ['Host', 'h', 'X-Amz-Cf-Id', 'abc']);
    const child = Object.create(request) as typeof request;
    expect(rawQueryOf(child)).toBe('b=&a=1');
    expect(hiddenRequestHeaders(child)).toEqual([]);
    const response = viewerResponseEvent(request, { statusCode: 200, statusMessage: 'OK', rawHeaders: ['X-Cache', 'Miss'] }, CONTEXT, '203.0.113.9').response as EventResponse;
    expect(hiddenResponseHeaders(response)).toEqual([['x-cache', 'Miss']]);
    expect(hiddenResponseHeaders(Object.create(response) as EventResponse)).toEqual([]);
    expect(hiddenResponseHeaders({ statusCode: 200, statusDescription: 'OK', headers: {}, cookies: {} })).toEqual([]);
  });

  it("§1 the viewer-response event's request is a copy with the same raw query and hidden headers", () => {
    const { request } = requestEvent('/p?b&a=1', ['Host', 'h', 'X-Amz-Cf-Id', 'abc']);
    const event = viewerResponseEvent(request, { statusCode: 200, statusMessage: 'OK', rawHeaders: [] }, CONTEXT, '203.0.113.9');
    expect(event.request).not.toBe(request);
    expect(event.request).toEqual(request);
    expect(rawQueryOf(event.request)).toBe('b&a=1');
    expect(rawQueryMethodOf(event.request)()).toBe('b&a=1');
    expect(hiddenRequestHeaders(event.request)).toEqual([['x-amz-cf-id', 'abc']]);
    // Changing one leaves the other as it was.
    event.request.headers.host = { value: 'changed' };
    expect(request.headers.host).toEqual({ value: 'h' });
    // A request built elsewhere (no raw query kept) gets one from its querystring.
    const plain = { method: 'GET', uri: '/q', querystring: { x: { value: '1' } }, headers: {}, cookies: {} };
    const fromPlain = viewerResponseEvent(plain, { statusCode: 200, statusMessage: 'OK', rawHeaders: [] }, CONTEXT, '203.0.113.9');
    expect(rawQueryMethodOf(fromPlain.request)()).toBe('x=1');
    expect(hiddenRequestHeaders(fromPlain.request)).toEqual([]);
  });

  it("§1 the edge's viewer-response event holds its request itself, and serializes as the copying one does", () => {
    const { request } = requestEvent('/p?b&a=1', ['Host', 'h', 'X-Amz-Cf-Id', 'abc']);
    const origin = { statusCode: 200, statusMessage: 'OK', rawHeaders: ['Content-Type', 'text/plain', 'Set-Cookie', 'a=1'] };
    const around = viewerResponseEventAround(request, origin, CONTEXT, '203.0.113.9');
    expect(around.request).toBe(request);
    expect(JSON.stringify(around)).toBe(JSON.stringify(viewerResponseEvent(request, origin, CONTEXT, '203.0.113.9')));
    expect(rawQueryOf(around.request)).toBe('b&a=1');
  });
});
