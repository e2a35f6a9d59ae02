/**
 * Public evidence: behaviour AWS has published, reproduced by functions and events
 * written for this project (never AWS's code). Each case's title names the source
 * it reproduces: an `aws cloudfront test-function` output in the aws-samples
 * `amazon-cloudfront-functions` repository, a page of the CloudFront Developer
 * Guide, or NGINX njs's own behaviour where AWS is silent (docs/divergences.md,
 * "Public evidence"). Events go through the parser `cellfront test-function` reads
 * its `--event-object` with, as AWS's TestFunction takes them.
 */
import { parseEventObject } from '../../../src/cli/commands/test-function-event.js';
import type { ConformanceCase } from '../case.js';

const SAMPLES = 'aws-samples/amazon-cloudfront-functions';
const IMPORT = "import cf from 'cloudfront';";

/** A TestFunction event object as the samples write them: no distribution fields, a misspelt `multivalue` kept as they have it. */
function testEvent(json: object): () => object {
  return () => parseEventObject(JSON.stringify(json), 'event.json');
}

const sampleRequest = {
  method: 'GET',
  uri: '/index.html',
  headers: { host: { value: 'www.example.com' }, accept: { value: 'text/html', multivalue: [{ value: 'text/html' }] } },
};

function requestTest(request: object = sampleRequest, viewer: object | null = { ip: '0.0.0.0' }): () => object {
  return testEvent({ version: '1.0', context: { eventType: 'viewer-request' }, ...(viewer ? { viewer } : {}), request });
}

/** The samples' viewer-response event: an origin answer with a 9593-byte body and two cookies. */
const responseTest = testEvent({
  version: '1.0',
  context: { eventType: 'viewer-response' },
  viewer: { ip: '0.0.0.0' },
  request: { method: 'GET', uri: '/index.html', headers: { host: { value: 'www.example.com' } } },
  response: {
    statusCode: 200,
    statusDescription: 'OK',
    headers: {
      server: { value: 'CustomOriginServer' },
      'content-length': { value: '9593' },
      'content-type': { value: 'text/html; charset=UTF-8' },
    },
    cookies: { visited: { value: 'yes', attributes: 'Secure; Path=/' } },
  },
});

export const publishedCases: readonly ConformanceCase[] = [
  {
    id: 'pub-vr-keeps-content-length',
    spec: `${SAMPLES} add-security-headers, add-cache-control-header: a viewer-response output keeps content-length`,
    source: "async function handler(event) {\n  var headers = event.response.headers;\n  headers['x-frame-options'] = { value: 'SAMEORIGIN' };\n  return event.response;\n}",
    event: responseTest,
    expect: {
      kind: 'response',
      status: 200,
      value: {
        statusDescription: 'OK',
        headers: { server: { value: 'CustomOriginServer' }, 'content-length': { value: '9593' }, 'x-frame-options': { value: 'SAMEORIGIN' } },
        cookies: { visited: { value: 'yes', attributes: 'Secure; Path=/' } },
      },
    },
  },
  {
    id: 'pub-vr-fresh-redirect',
    spec: 'Developer Guide, restrictions on edge functions: a viewer-response function may answer with a response of its own (a redirect)',
    source: "function handler(event) {\n  return { statusCode: 302, statusDescription: 'Found', headers: { location: { value: 'https://www.example.com/moved' } } };\n}",
    event: responseTest,
    expect: { kind: 'response', status: 302, value: { statusDescription: 'Found', headers: { location: { value: 'https://www.example.com/moved' } } } },
  },
  {
    id: 'pub-vr-fresh-body',
    spec: 'Developer Guide, status code and body: a viewer-response function may replace the body, content-length aligned with it',
    source: "function handler(event) {\n  var body = 'maintenance';\n  return { statusCode: 503, headers: { 'content-type': { value: 'text/plain' }, 'content-length': { value: String(body.length) } }, body: body };\n}",
    event: responseTest,
    expect: { kind: 'response', status: 503, value: { headers: { 'content-length': { value: '11' } }, body: { data: 'maintenance', encoding: 'text' } } },
  },
  {
    id: 'pub-vr-length-misaligned',
    spec: 'Developer Guide, read-only headers: content-length that does not match the response stays refused',
    source: "function handler(event) {\n  return { statusCode: 200, headers: { 'content-length': { value: '5' } }, body: 'a longer body' };\n}",
    event: responseTest,
    expect: { kind: 'error', status: 502, message: /response\.headers\["content-length"\] is read-only in viewer-response functions/ },
  },
  {
    id: 'pub-origin-oac-region',
    spec: `${SAMPLES} select-origin-based-on-country: originAccessControlConfig.region`,
    source: `${IMPORT}\nfunction handler(event) {\n  cf.updateRequestOrigin({ domainName: 'assets-eu-central-1.s3.eu-central-1.amazonaws.com', originAccessControlConfig: { enabled: true, region: 'eu-central-1', signingBehavior: 'always', signingProtocol: 'sigv4', originType: 's3' } });\n  return event.request;\n}`,
    event: requestTest(),
    expect: { kind: 'request', origin: { origin: { originAccessControlConfig: { enabled: true, region: 'eu-central-1' } } } },
  },
  {
    id: 'pub-origin-mtls',
    spec: 'Developer Guide, using CloudFront Functions with origin mutual TLS: mTLSConfig "off" and "inherit"',
    source: `${IMPORT}\nfunction handler(event) {\n  cf.updateRequestOrigin({ domainName: 'public.example.com', mTLSConfig: 'inherit' });\n  cf.updateRequestOrigin({ mTLSConfig: 'off' });\n  return event.request;\n}`,
    event: requestTest(),
    expect: { kind: 'request', origin: { origin: { domainName: 'public.example.com', mTLSConfig: 'off' } } },
  },
  {
    id: 'pub-origin-mtls-invalid',
    spec: 'Developer Guide, origin mutual TLS: mTLSConfig is "inherit" or "off"',
    source: `${IMPORT}\nfunction handler(event) {\n  cf.updateRequestOrigin({ mTLSConfig: 'on' });\n  return event.request;\n}`,
    event: requestTest(),
    expect: { kind: 'error', status: 502, message: /mTLSConfig must be one of "inherit", "off"/ },
  },
  {
    id: 'pub-async-arrow-binding',
    spec: 'aws-samples origin routing with a KeyValueStore: a top-level const bound to an async arrow runs',
    source: `${IMPORT}\nconst store = cf.kvs();\nconst originFor = async (key) => {\n  try {\n    return await store.get(key);\n  } catch (e) {\n    return 'default.example.com';\n  }\n};\nasync function handler(event) {\n  const domain = await originFor('tenant-a');\n  cf.updateRequestOrigin({ domainName: domain });\n  return event.request;\n}`,
    event: requestTest(),
    kvs: { 'tenant-a': 'cell-a.example.com' },
    expect: { kind: 'request', origin: { origin: { domainName: 'cell-a.example.com' } } },
  },
  {
    id: 'pub-log-error',
    spec: 'njs 0.7 (the engine runtime 2.0 derives from): console.log of an Error logs its name and message',
    source: "function handler(event) {\n  try {\n    null.x;\n  } catch (e) {\n    console.log(new RangeError('out of cells'));\n    console.log(new Error(''));\n  }\n  return event.request;\n}",
    event: requestTest(),
    expect: { kind: 'request', logs: ['RangeError: out of cells', 'Error'] },
  },
  {
    id: 'pub-log-caught-error',
    spec: `${SAMPLES} kvs-key-value-pairs: a caught store error is logged as text`,
    source: `${IMPORT}\nconst kvs = cf.kvs();\nasync function handler(event) {\n  try {\n    await kvs.get('missing');\n  } catch (err) {\n    console.log(err);\n  }\n  return event.request;\n}`,
    event: requestTest(),
    kvs: { present: '1' },
    expect: { kind: 'request', logs: ['Error: Key not found'] },
  },
  {
    id: 'pub-no-viewer',
    spec: 'aws-samples testing tool events: an event without viewer runs; the function sees no viewer',
    source: "function handler(event) {\n  console.log(String(event.viewer));\n  return event.request;\n}",
    event: requestTest(sampleRequest, null),
    expect: { kind: 'request', logs: ['undefined'] },
  },
  {
    id: 'pub-enforce-domain-redirect',
    spec: `${SAMPLES} enforce-domain-redirect (runtime 2.0): a generated 301 shows its location, statusDescription and empty cookies`,
    source: "function handler(event) {\n  var wanted = 'www.example.com';\n  if (event.request.headers.host.value !== wanted) {\n    return { statusCode: 301, statusDescription: 'Moved Permanently', headers: { location: { value: 'https://' + wanted } } };\n  }\n  return event.request;\n}",
    event: requestTest({ ...sampleRequest, headers: { ...sampleRequest.headers, host: { value: 'example.com' } } }),
    expect: { kind: 'response', status: 301, value: { statusCode: 301, statusDescription: 'Moved Permanently', headers: { location: { value: 'https://www.example.com' } }, cookies: {} } },
  },
  {
    id: 'pub-enforce-domain-pass',
    spec: `${SAMPLES} enforce-domain-redirect (runtime 2.0): the request output shows empty querystring and cookies, and drops an unknown "multivalue" key`,
    source: "function handler(event) {\n  if (event.request.headers.host.value !== 'www.example.com') return { statusCode: 301 };\n  return event.request;\n}",
    event: requestTest(),
    expect: {
      kind: 'request',
      value: { method: 'GET', uri: '/index.html', querystring: {}, cookies: {}, headers: { host: { value: 'www.example.com' }, accept: { value: 'text/html' } } },
    },
  },
  {
    id: 'pub-preserve-query-redirect',
    spec: `${SAMPLES} preserve-query-strings-on-redirect (runtime 2.0): the location keeps every value of a repeated parameter`,
    source:
      "function handler(event) {\n  var q = event.request.querystring;\n  var parts = [];\n  for (var name in q) {\n    var values = q[name].multiValue ? q[name].multiValue : [q[name]];\n    for (var i = 0; i < values.length; i++) parts.push(name + '=' + values[i].value);\n  }\n  var search = parts.length ? '?' + parts.join('&') : '';\n  return { statusCode: 301, statusDescription: 'Moved Permanently', headers: { location: { value: 'https://www.example.com' + event.request.uri + search } } };\n}",
    event: requestTest({
      method: 'GET',
      uri: '/example-page',
      querystring: { name: { value: 'example-name' }, querymv: { value: 'val1', multiValue: [{ value: 'val1' }, { value: 'val2,val3' }] } },
      headers: { host: { value: 'www.example.com' } },
    }),
    expect: {
      kind: 'response',
      status: 301,
      value: { headers: { location: { value: 'https://www.example.com/example-page?name=example-name&querymv=val1&querymv=val2,val3' } }, cookies: {} },
    },
  },
  {
    id: 'pub-true-client-ip',
    spec: `${SAMPLES} add-true-client-ip-header: the viewer's address becomes a request header`,
    source: "function handler(event) {\n  event.request.headers['true-client-ip'] = { value: event.viewer.ip };\n  return event.request;\n}",
    event: requestTest(),
    expect: { kind: 'request', value: { headers: { 'true-client-ip': { value: '0.0.0.0' }, host: { value: 'www.example.com' } } } },
  },
  {
    id: 'pub-spa-rewrite',
    spec: `${SAMPLES} url-rewrite-single-page-apps: a path without a file name gets index.html`,
    source: "function handler(event) {\n  var r = event.request;\n  if (r.uri.endsWith('/')) r.uri += 'index.html';\n  else if (r.uri.lastIndexOf('.') < r.uri.lastIndexOf('/')) r.uri += '/index.html';\n  return r;\n}",
    event: requestTest({ ...sampleRequest, uri: '/blog' }),
    expect: { kind: 'request', value: { uri: '/blog/index.html' } },
  },
  {
    id: 'pub-cors-log',
    spec: `${SAMPLES} add-cors-header: the function's log line and the added response header`,
    source:
      "function handler(event) {\n  var h = event.response.headers;\n  if (!h['access-control-allow-origin']) {\n    h['access-control-allow-origin'] = { value: 'https://www.example.com' };\n    console.log('added access-control-allow-origin');\n  }\n  return event.response;\n}",
    event: responseTest,
    expect: {
      kind: 'response',
      logs: ['added access-control-allow-origin'],
      value: { headers: { 'access-control-allow-origin': { value: 'https://www.example.com' }, 'content-length': { value: '9593' } } },
    },
  },
];
