/** §1 The event a function receives, built from the viewer's HTTP request. */
import { handlerRunning, logCase, requestEvent, responseEvent, type ConformanceCase } from '../case.js';

const json = (expression: string) => `JSON.stringify(${expression})`;

export const eventCases: readonly ConformanceCase[] = [
  logCase('event-version', '§1 event: version is "1.0"', 'event.version', '1.0'),
  logCase('event-type-request', '§1 event: context.eventType is viewer-request', 'event.context.eventType', 'viewer-request'),
  logCase(
    'event-context',
    '§1 event: context names the distribution and the request',
    json('[event.context.distributionDomainName, event.context.distributionId, event.context.requestId]'),
    '["d111111abcdef8.cloudfront.net","EDFDVBD6EXAMPLE","conformance-request-1"]',
  ),
  logCase('event-viewer-ip', '§1 event: viewer.ip is the client address', 'event.viewer.ip', '203.0.113.9'),
  logCase('event-method', '§1 event: request.method', 'event.request.method', 'POST', { event: () => requestEvent('/', ['Host', 'a.example'], 'POST') }),
  logCase('event-uri', '§1 event: request.uri is the path without the query', 'event.request.uri', '/index.html'),
  logCase('event-query-value', '§1 event: a query parameter is name: { value }', json('event.request.querystring'), '{"lang":{"value":"en"}}'),
  logCase(
    'event-query-multivalue',
    '§1 event: a repeated query parameter gets multiValue',
    json('event.request.querystring'),
    '{"a":{"value":"1","multiValue":[{"value":"1"},{"value":"2"}]},"b":{"value":""}}',
    { event: () => requestEvent('/?a=1&a=2&b') },
  ),
  logCase('event-query-empty', '§1 event: querystring is present even when empty', json('event.request.querystring'), '{}', { event: () => requestEvent('/') }),
  logCase('event-query-encoded', '§1 event: query values stay as the viewer encoded them [inferred]', 'event.request.querystring.q.value', 'a%20b+c', {
    event: () => requestEvent('/?q=a%20b+c'),
  }),
  logCase('event-header-lowercase', '§1 event: header names are lower-case', json('Object.keys(event.request.headers)'), '["host","user-agent"]'),
  logCase(
    'event-header-multivalue',
    '§1 event: a repeated header gets multiValue',
    json('event.request.headers["x-tag"]'),
    '{"value":"a","multiValue":[{"value":"a"},{"value":"b"}]}',
    { event: () => requestEvent('/', ['Host', 'a.example', 'X-Tag', 'a', 'X-Tag', 'b']) },
  ),
  logCase('event-header-commas', '§1 event: a single header with commas gets no multiValue', json('event.request.headers.accept'), '{"value":"text/html, */*"}', {
    event: () => requestEvent('/', ['Host', 'a.example', 'Accept', 'text/html, */*']),
  }),
  logCase(
    'event-cookies',
    '§1 event: the Cookie header becomes cookies and leaves headers',
    json('[event.request.cookies, event.request.headers.cookie === undefined]'),
    '[{"id":{"value":"42"},"theme":{"value":"dark"}},true]',
    { event: () => requestEvent('/', ['Host', 'a.example', 'Cookie', 'id=42; theme=dark']) },
  ),
  logCase('event-cookie-multivalue', '§1 event: a repeated cookie gets multiValue', json('event.request.cookies.id'), '{"value":"1","multiValue":[{"value":"1"},{"value":"2"}]}', {
    event: () => requestEvent('/', ['Host', 'a.example', 'Cookie', 'id=1; id=2']),
  }),
  logCase(
    'event-hidden-headers',
    '§1 event: hidden headers never reach the function',
    json('Object.keys(event.request.headers)'),
    '["host"]',
    {
      event: () =>
        requestEvent('/', ['Host', 'a.example', 'X-Forwarded-Proto', 'https', 'X-Amz-Cf-Id', 'abc', 'X-Edge-Location', 'x', 'Proxy-Authorization', 'p', 'X-Real-IP', '1.2.3.4', 'X-Cache', 'Hit']),
    },
  ),
  logCase('event-raw-query', '§1 rawQueryString() returns the query as sent, without "?"', 'event.request.rawQueryString()', 'a=1&b=%20x+y&a=2', {
    event: () => requestEvent('/?a=1&b=%20x+y&a=2'),
  }),
  logCase('event-raw-query-bare', '§1 rawQueryString() is "" for a bare "?"', json('event.request.rawQueryString()'), '""', { event: () => requestEvent('/path?') }),
  logCase('event-raw-query-none', '§1 rawQueryString() is undefined without a query', 'typeof event.request.rawQueryString()', 'undefined', {
    event: () => requestEvent('/path'),
  }),
  {
    id: 'event-type-response',
    spec: '§1 event: context.eventType is viewer-response',
    source: 'function handler(event) {\n  console.log(event.context.eventType);\n  return event.response;\n}',
    event: () => responseEvent(),
    expect: { kind: 'response', logs: ['viewer-response'] },
  },
  {
    id: 'event-response-shape',
    spec: '§1 event: a viewer-response event holds the request and the response',
    source: `function handler(event) {
  console.log(JSON.stringify([event.request.uri, event.response.statusCode, event.response.statusDescription, event.response.headers['content-type']]));
  return event.response;
}`,
    event: () => responseEvent(),
    expect: { kind: 'response', logs: ['["/index.html",200,"OK",{"value":"text/plain"}]'] },
  },
  {
    id: 'event-is-data',
    spec: '§1 event: the event is plain data the function may change in place',
    source: handlerRunning('event.request.uri = "/changed"; event.request.headers["x-new"] = { value: "1" };'),
    expect: { kind: 'request', value: { uri: '/changed', headers: { 'x-new': { value: '1' } } } },
  },
];
