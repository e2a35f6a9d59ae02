/**
 * Bad functions get the error CloudFront would give, through a real edge over
 * HTTP, and never take the edge down: after each one, the edge still serves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { originFromUrl, startEdge, type Edge } from '../../src/edge/index.js';
import { FunctionLoadError, loadFunction, unloadableFunction, type CloudFrontFunction } from '../../src/runtime/index.js';
import { recordingOrigin, type RecordingOrigin } from './servers.js';

/** One function with a bad path per kind of failure; `/ok` goes to the origin. */
const DISPATCHER = `
function handler(event) {
  var path = event.request.uri;
  if (path === '/loop') { for (;;) {} }
  if (path === '/array') { var a = new Array(1e9); }
  if (path === '/string') { var s = 'x'.repeat(1e9); }
  if (path === '/buffer') { var b = Buffer.alloc(2e9); }
  if (path === '/sparse') { var c = []; c.length = 1e9; c.fill(0); }
  if (path === '/throw') { throw new TypeError('bad input'); }
  if (path === '/reject') { return Promise.reject(new Error('later')); }
  if (path === '/invalid') { event.request.headers['x-amz-cf-id'] = { value: 'forged' }; }
  if (path === '/recursion') { var f = function () { return f() + 1; }; f(); }
  if (path === '/euro') { return { statusCode: 200, statusDescription: 'OK \\u20ac', body: 'x' }; }
  return event.request;
}`;

let origin: RecordingOrigin;
let edge: Edge;
const edges: Edge[] = [];

async function edgeFor(fn: CloudFrontFunction): Promise<Edge> {
  const started = await startEdge({ viewerRequest: fn, defaultOrigin: originFromUrl('api', origin.url) });
  edges.push(started);
  return started;
}

beforeAll(async () => {
  origin = await recordingOrigin('api');
  edge = await edgeFor(loadFunction(DISPATCHER, { filename: 'dispatcher.js' }));
});

afterAll(async () => {
  for (const one of edges) await one.close();
  await origin.close();
});

async function get(target: Edge, path: string): Promise<{ status: number; cache: string | null; text: string }> {
  const response = await fetch(`${target.url}${path}`);
  return { status: response.status, cache: response.headers.get('x-cache'), text: (await response.text()).replace(/&#34;/g, '"') };
}

describe('bad functions through a real edge', () => {
  it.each([
    ['/loop', 503, 'FunctionExecutionError', /exceeded the maximum allowed compute time/],
    ['/array', 503, 'FunctionExecutionError', /exceeded the memory limit: new Array\(1000000000\)/],
    ['/string', 503, 'FunctionExecutionError', /exceeded the memory limit: String.prototype.repeat/],
    ['/buffer', 503, 'FunctionExecutionError', /exceeded the memory limit: a Uint8Array of 2000000000 elements/],
    ['/sparse', 503, 'FunctionExecutionError', /exceeded the memory limit: Array.prototype.fill/],
    ['/throw', 503, 'FunctionExecutionError', /TypeError: bad input \(dispatcher\.js:9:/],
    ['/reject', 503, 'FunctionExecutionError', /Error: later/],
    ['/invalid', 502, 'FunctionValidationError', /does not let a function add the x-amz-cf-id header/],
    ['/euro', 502, 'FunctionValidationError', /statusDescription may hold only characters up to U\+00FF/],
    ['/recursion', 503, 'FunctionExecutionError', /RangeError: Maximum call stack size exceeded/],
  ])('%s answers %i (%s), and the edge still serves', async (path, status, resultType, message) => {
    const bad = await get(edge, path);
    expect(bad).toMatchObject({ status, cache: `${resultType} from cloudfront` });
    expect(bad.text).toMatch(message);
    const after = await get(edge, '/ok');
    expect([after.status, after.text]).toEqual([200, 'api 200']);
  });

  it('a throw in top-level code fails each request with 503, and other edges in the process serve', async () => {
    const broken = await edgeFor(loadFunction("var settings = JSON.parse('not json');\nfunction handler(event) { return event.request; }"));
    for (let i = 0; i < 2; i++) expect((await get(broken, '/')).status).toBe(503);
    expect((await get(edge, '/ok')).status).toBe(200);
  });

  it('a syntax error is a load error naming the place; an edge serving it answers 503 with it', async () => {
    let loadError: FunctionLoadError | undefined;
    try {
      loadFunction('function handler(event) {\n  return event.request\n}}', { filename: 'broken.js' });
    } catch (error) {
      if (error instanceof FunctionLoadError) loadError = error;
    }
    expect(loadError?.message).toBe('SyntaxError: Unexpected token (broken.js:3:2)');
    const broken = await edgeFor(unloadableFunction(loadError as FunctionLoadError));
    const answer = await get(broken, '/');
    expect(answer).toMatchObject({ status: 503, cache: 'FunctionExecutionError from cloudfront' });
    expect(answer.text).toContain('SyntaxError: Unexpected token (broken.js:3:2)');
    expect((await get(edge, '/ok')).status).toBe(200);
  });
});
