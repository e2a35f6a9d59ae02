/**
 * The two engines give the same Invocation, whole: the forwarded request with
 * its headers in order, the origin change, the generated response, the logs and
 * the 502 checks (which are shared, so the engines can only differ in how code
 * runs). Texts of errors thrown by the language itself are njs's own on njs and
 * are not compared here; njs's stack traces give a line and no column.
 */
import { describe, expect, it } from 'vitest';
import { loadFunction, viewerResponseEvent, type FunctionEvent, type KvsReader } from '../../src/runtime/index.js';
import { CONTEXT, fixture, memoryKvs, requestEvent } from './support.js';

interface ParityCase {
  readonly name: string;
  readonly source: string;
  readonly event?: () => FunctionEvent;
  readonly kvs?: KvsReader;
}

const STORE = memoryKvs({ APIGW1URL: 'https://one.example.com/prod', APIGW2URL: 'https://one.example.com/prod', origin: 'api.example.net', port: '8443' });

function responseEvent(): FunctionEvent {
  const request = requestEvent('/a?b=1').request;
  return viewerResponseEvent(
    request,
    { statusCode: 200, statusMessage: 'OK', rawHeaders: ['Content-Type', 'text/html', 'Set-Cookie', 'id=1; Path=/', 'X-Old', 'yes'] },
    CONTEXT,
    '203.0.113.9',
  );
}

const CASES: readonly ParityCase[] = [
  { name: "the seed pattern's function (a 302 to a stored target)", source: fixture('seed-function.js'), kvs: STORE },
  { name: 'an origin change read from the store', source: fixture('origin-from-kvs.js'), kvs: STORE },
  {
    name: 'a rewritten request: uri, query, headers and cookies',
    source:
      "function handler(event) {\n  var r = event.request;\n  r.uri = '/v2' + r.uri;\n  r.querystring.added = { value: 'x y' };\n" +
      "  r.headers['x-forwarded-by'] = { value: 'edge', multiValue: [{ value: 'edge' }, { value: 'twice' }] };\n" +
      "  r.cookies.session = { value: 'abc' };\n  console.log(r.rawQueryString());\n  return r;\n}",
    event: () => requestEvent('/index.html?lang=en&lang=fr', ['Host', 'www.example.com', 'Cookie', 'a=1; b=2', 'Accept', 'text/html']),
  },
  {
    name: 'a generated response with a base64 body and cookies',
    source:
      'function handler(event) {\n  return { statusCode: 403, statusDescription: "Forbidden", headers: { "content-type": { value: "text/plain" } },\n' +
      '    cookies: { denied: { value: "1", attributes: "Path=/; Secure" } }, body: { encoding: "base64", data: Buffer.from("no entry").toString("base64") } };\n}',
  },
  {
    name: 'a viewer-response function changing headers and cookies',
    source:
      "function handler(event) {\n  var res = event.response;\n  delete res.headers['x-old'];\n  res.headers['cache-control'] = { value: 'no-store' };\n" +
      "  res.cookies.seen = { value: 'yes', attributes: 'Max-Age=60' };\n  return res;\n}",
    event: responseEvent,
  },
  {
    name: 'crypto, querystring and the store in one async handler',
    source:
      "import crypto from 'crypto';\nimport qs from 'querystring';\nimport cf from 'cloudfront';\nconst kvs = cf.kvs();\n" +
      "async function handler(event) {\n  var origin = await kvs.get('origin');\n  var mac = crypto.createHmac('sha256', 'k').update(origin).digest('hex');\n" +
      "  var meta = await kvs.meta();\n  console.log(qs.stringify({ mac: mac, keys: meta.keyCount }));\n  return event.request;\n}",
    kvs: STORE,
  },
  { name: 'a result that breaks a header rule (502)', source: "function handler(event) {\n  event.request.headers['X-Upper'] = { value: '1' };\n  return event.request;\n}" },
  { name: 'an invalid origin change (502)', source: "import cf from 'cloudfront';\nfunction handler(event) {\n  cf.updateRequestOrigin({ domainName: 'a.example.com:80' });\n  return event.request;\n}" },
  { name: 'a thrown Error (503)', source: "function handler(event) {\n  throw new Error('no');\n}" },
];

describe('the vm and njs engines agree', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const options = { filename: 'parity.js', kvs: c.kvs, kvsId: c.kvs ? 'store-1' : undefined };
      const event = c.event ?? (() => requestEvent());
      const vm = await loadFunction(c.source, { ...options, engine: 'vm' }).invoke(event());
      const njs = await loadFunction(c.source, { ...options, engine: 'njs' }).invoke(event());
      expect(njs).toEqual(vm.kind === 'error' ? { ...vm, message: withoutColumn(vm.message) } : vm);
    });
  }
});

/** `Error: no (parity.js:2:9)` as njs says it: `Error: no (parity.js:2)`. */
function withoutColumn(message: string): string {
  return message.replace(/(\.js:\d+):\d+\)$/, '$1)');
}
