/** §1 What a function returns: the request or a response, the header rules, the merge rule, bodies. */
import { URL_MAX_CHARS } from '../../../src/limits.js';
import { handlerRunning, requestEvent, responseEvent, type ConformanceCase } from '../case.js';

/** A viewer-request function that changes the request with `body`, then returns it. */
function changing(id: string, spec: string, body: string, value: object, event?: () => object): ConformanceCase {
  return { id, spec, source: handlerRunning(`var r = event.request;\n${body}`), event, expect: { kind: 'request', value } };
}

/** A viewer-request function whose change with `body` must be refused (502). */
function refusing(id: string, spec: string, body: string, message: RegExp, event?: () => object): ConformanceCase {
  return { id, spec, source: handlerRunning(`var r = event.request;\n${body}`), event, expect: { kind: 'error', status: 502, message } };
}

/** A function returning the object literal `response`. */
function answering(id: string, spec: string, response: string, expectation: ConformanceCase['expect'], event?: () => object): ConformanceCase {
  return { id, spec, source: `function handler(event) {\n  return ${response};\n}`, event, expect: expectation };
}

const twoTags = () => requestEvent('/', ['Host', 'a.example', 'X-Tag', 'a', 'X-Tag', 'b']);

export const outputCases: readonly ConformanceCase[] = [
  changing('out-unchanged', '§1 returning the request continues to the origin', '', { method: 'GET', uri: '/index.html', querystring: { lang: { value: 'en' } } }),
  changing('out-uri', '§1 a new uri is forwarded', 'r.uri = "/v2/index.html";', { uri: '/v2/index.html' }),
  refusing('out-uri-slash', '§1 a new uri must start with "/"', 'r.uri = "v2/index.html";', /request\.uri must be a string that starts with "\/"/),
  refusing('out-uri-space', '§1 a uri with a space is invalid', 'r.uri = "/a b";', /request\.uri may not hold spaces/),
  refusing('out-method', '§1 request.method is read-only', 'r.method = "POST";', /request\.method is read-only/),
  changing('out-header-add', '§1 a function may add a header', 'r.headers["x-cell"] = { value: "b" };', { headers: { host: { value: 'www.example.com' }, 'x-cell': { value: 'b' } } }),
  {
    id: 'out-header-remove',
    spec: '§1 a function may remove a header',
    source: handlerRunning('delete event.request.headers["user-agent"];\nconsole.log(JSON.stringify(Object.keys(event.request.headers)));'),
    expect: { kind: 'request', logs: ['["host"]'], value: { headers: { host: { value: 'www.example.com' } } } },
  },
  refusing('out-header-hidden-amz', '§1 adding a forbidden header (X-Amz-Cf-*) is a validation error', 'r.headers["x-amz-cf-id"] = { value: "x" };', /does not let a function add the x-amz-cf-id header/),
  refusing('out-header-hidden-conn', '§1 adding a forbidden header (Connection) is a validation error', 'r.headers.connection = { value: "close" };', /does not let a function add the connection header/),
  refusing('out-header-hidden-xfp', '§1 adding a forbidden header (X-Forwarded-Proto) is a validation error', 'r.headers["x-forwarded-proto"] = { value: "http" };', /x-forwarded-proto/),
  refusing('out-host-readonly', '§1 Host is read-only in viewer-request', 'r.headers.host = { value: "other.example" };', /request\.headers\["host"\] is read-only in viewer-request functions/),
  refusing('out-host-remove', '§1 Host cannot be removed in viewer-request', 'delete r.headers.host;', /request\.headers\["host"\] is read-only .* cannot be removed/),
  refusing('out-via-readonly', '§1 Via is read-only in viewer-request', 'r.headers.via = { value: "1.1 x" };', /request\.headers\["via"\] is read-only/),
  refusing('out-header-upper', '§1 header names a function adds are lower-case [inferred]', 'r.headers["X-Cell"] = { value: "b" };', /header names must be lower-case/),
  refusing('out-header-newline', '§1 a header value may not hold a line break', 'r.headers["x-cell"] = { value: "a\\r\\nb: c" };', /may not hold line breaks/),
  refusing('out-header-shape', '§1 a header must be { value }', 'r.headers["x-cell"] = "b";', /must be an object like \{ value: "..." \}/),
  changing('out-query-object', '§1 a changed querystring object is forwarded', 'r.querystring = { lang: { value: "fr" }, page: { value: "2" } };', {
    querystring: { lang: { value: 'fr' }, page: { value: '2' } },
  }),
  changing('out-query-string', '§1 runtime 2.0 accepts querystring as a string', 'r.querystring = "a=1&b=2";', { querystring: { a: { value: '1' }, b: { value: '2' } } }),
  refusing('out-query-space', '§1 a query string may not hold spaces', 'r.querystring.q = { value: "a b" };', /may not hold spaces, control characters or "#"/),
  refusing('out-query-hash', '§1 a query string may not hold "#"', 'r.querystring = "a=1#top";', /may not hold spaces, control characters or "#"/),
  refusing('out-url-length', `§1 uri plus query must stay under ${URL_MAX_CHARS} characters`, `r.uri = "/" + "a".repeat(${URL_MAX_CHARS});`, /CloudFront allows at most 8192/),
  changing('out-merge-value', '§1 merge: a changed value replaces the first value and keeps the rest', 'r.headers["x-tag"].value = "z";', {
    headers: { 'x-tag': { value: 'z', multiValue: [{ value: 'z' }, { value: 'b' }] } },
  }, twoTags),
  changing('out-merge-multivalue', '§1 merge: a changed multiValue wins over value', 'r.headers["x-tag"].value = "ignored";\nr.headers["x-tag"].multiValue = [{ value: "c" }];', {
    headers: { 'x-tag': { value: 'c' } },
  }, twoTags),
  changing('out-cookies', '§1 request cookies a function sets are forwarded', 'r.cookies.session = { value: "s1" };', { cookies: { session: { value: 's1' } } }),
  answering('out-response-text', '§1 a viewer-request function may answer with a text body', "{ statusCode: 200, statusDescription: 'OK', body: 'hello' }", {
    kind: 'response',
    status: 200,
    value: { statusDescription: 'OK', body: { data: 'hello', encoding: 'text' } },
  }),
  answering('out-response-data-text', '§1 a body may be { data, encoding: "text" }', "{ statusCode: 200, body: { data: 'hi', encoding: 'text' } }", {
    kind: 'response',
    value: { body: { data: 'hi', encoding: 'text' } },
  }),
  answering('out-response-base64', '§1 a base64 body is decoded', "{ statusCode: 200, body: { data: 'aGVsbG8=', encoding: 'base64' } }", {
    kind: 'response',
    value: { body: { data: 'hello', encoding: 'text' } },
  }),
  answering('out-response-bad-base64', '§1 invalid base64 is an error', "{ statusCode: 200, body: { data: 'a$b', encoding: 'base64' } }", {
    kind: 'error',
    status: 502,
    message: /not valid base64/,
  }),
  answering('out-response-redirect', '§1 a redirect carries its location header', "{ statusCode: 302, headers: { location: { value: 'https://example.com/' } } }", {
    kind: 'response',
    status: 302,
    value: { headers: { location: { value: 'https://example.com/' } } },
  }),
  answering(
    'out-response-cookies',
    '§1 response cookies carry attributes and multiValue',
    "{ statusCode: 200, cookies: { id: { value: '1', attributes: 'Secure; Path=/', multiValue: [{ value: '1', attributes: 'Secure; Path=/' }, { value: '2' }] } } }",
    { kind: 'response', value: { cookies: { id: { value: '1', attributes: 'Secure; Path=/', multiValue: [{ value: '1', attributes: 'Secure; Path=/' }, { value: '2' }] } } } },
  ),
  answering('out-response-setcookie-header', '§1 Set-Cookie goes through cookies, not headers', "{ statusCode: 200, headers: { 'set-cookie': { value: 'a=1' } } }", {
    kind: 'error',
    status: 502,
    message: /set cookies through response\.cookies/,
  }),
  answering('out-response-status', '§1 a response status must be a valid code [inferred: 200-599]', '{ statusCode: 99 }', { kind: 'error', status: 502, message: /statusCode must be an integer from 200 to 599/ }),
  {
    id: 'out-vr-change',
    spec: '§1 a viewer-response function may change the status and add headers',
    source: "function handler(event) {\n  var r = event.response;\n  r.statusCode = 201;\n  r.headers['x-served-by'] = { value: 'edge' };\n  return r;\n}",
    event: () => responseEvent(),
    expect: { kind: 'response', status: 201, value: { headers: { 'x-served-by': { value: 'edge' }, 'content-type': { value: 'text/plain' } } } },
  },
  {
    id: 'out-vr-readonly',
    spec: '§1 Content-Length is read-only in viewer-response',
    source: "function handler(event) {\n  event.response.headers['content-length'] = { value: '99' };\n  return event.response;\n}",
    event: () => responseEvent(),
    expect: { kind: 'error', status: 502, message: /response\.headers\["content-length"\] is read-only in viewer-response functions/ },
  },
  {
    id: 'out-vr-request',
    spec: '§1 a viewer-response function must return the response',
    source: 'function handler(event) {\n  return event.request;\n}',
    event: () => responseEvent(),
    expect: { kind: 'error', status: 502, message: /must return the response/ },
  },
  {
    id: 'out-vr-cookie-merge',
    spec: '§1 merge: response cookies follow the multiValue rule',
    source: "function handler(event) {\n  event.response.cookies.id.multiValue = [{ value: '9', attributes: 'Path=/' }];\n  return event.response;\n}",
    event: () => responseEvent(200, {}, { id: { value: '1', multiValue: [{ value: '1' }, { value: '2' }] } }),
    expect: { kind: 'response', value: { cookies: { id: { value: '9', attributes: 'Path=/' } } } },
  },
];
