/**
 * The edge function's behaviour, as one suite any engine can run: each engine
 * supplies a runner that executes the BUILT function file (fresh from
 * `buildEdgeFunction()`, never a stale dist file) against a store and an event.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildEdgeFunction, type CfField } from '../../src/function/index.js';
import type { CallResult, FunctionInvocation, FunctionOutcome } from '../support/njs.js';

export type FunctionRunner = (invocation: FunctionInvocation) => Promise<FunctionOutcome>;

interface ViewerResponse {
  readonly statusCode: number;
  readonly statusDescription: string;
  readonly headers: Readonly<Record<string, { readonly value: string }>>;
  readonly body?: { readonly data: string; readonly encoding: string };
}

/** A viewer-request event as CloudFront builds it. */
export function viewerRequest(uri: string, querystring: Record<string, CfField> = {}) {
  return {
    version: '1.0',
    context: { distributionDomainName: 'd111111abcdef8.cloudfront.net', eventType: 'viewer-request', requestId: 'r1' },
    viewer: { ip: '198.51.100.7' },
    request: { method: 'GET', uri, querystring, headers: { host: { value: 'd111111abcdef8.cloudfront.net' } }, cookies: {} },
  };
}

const PUT_HINT = `update-keys --kvs-arn <KVSTOREARN> --if-match <ETAG> --puts '[{"Key":"APIGW1URL","Value":"https://..."}]'`;

export function runEdgeCases(engine: string, run: FunctionRunner): void {
  describe(`the built edge function under ${engine}`, () => {
    let code = '';
    beforeAll(async () => {
      code = (await buildEdgeFunction()).code;
    });

    async function invoke(invocation: Omit<FunctionInvocation, 'code'>) {
      const outcome = await run({ ...invocation, code });
      expect(outcome.violations).toEqual([]);
      return { responses: outcome.results.map(unwrap), logs: outcome.logs };
    }

    it('splits traffic between two targets, keeping path and query and trimming whitespace', async () => {
      const { responses, logs } = await invoke({
        event: viewerRequest('/users/7', { a: { value: '1' }, b: { value: '2' } }),
        rawQueryString: { returns: 'a=1&b=2' },
        kvs: { APIGW1URL: 'https://one.example.com/prod/ ', APIGW2URL: ' https://two.example.com:8443/v1' },
        times: 200,
      });
      const counts = countLocations(responses);
      expect(Object.keys(counts).sort()).toEqual([
        'https://one.example.com/prod/users/7?a=1&b=2',
        'https://two.example.com:8443/v1/users/7?a=1&b=2',
      ]);
      // 200 fair coin flips land outside 60..140 with probability ~1e-8.
      Object.values(counts).forEach((n) => expect(n).toBeGreaterThan(60));
      expect(logs).toEqual([]);
    });

    it('sends everything to a single target with a 307 that browsers must not cache', async () => {
      const { responses } = await invoke({ event: viewerRequest('/'), kvs: { APIGW1URL: 'https://one.example.com/prod' }, times: 20 });
      expect(countLocations(responses)).toEqual({ 'https://one.example.com/prod/': 20 });
      expect(responses[0]).toEqual({
        statusCode: 307,
        statusDescription: 'Temporary Redirect',
        headers: { location: { value: 'https://one.example.com/prod/' }, 'cache-control': { value: 'no-store' } },
      });
    });

    it('skips and logs a stored value that is not a URL', async () => {
      const { responses, logs } = await invoke({
        event: viewerRequest('/x'),
        kvs: { APIGW1URL: 'one.example.com/prod', APIGW2URL: 'https://two.example.com' },
        times: 20,
      });
      expect(countLocations(responses)).toEqual({ 'https://two.example.com/x': 20 });
      expect(logs).toEqual(Array(20).fill('cellfront: skipped APIGW1URL "one.example.com/prod": is not an absolute http:// or https:// URL'));
    });

    it('reads keys in order and stops at the first missing one', async () => {
      const { responses } = await invoke({
        event: viewerRequest('/x'),
        kvs: { APIGW1URL: 'https://one.example.com', APIGW3URL: 'https://three.example.com' },
        times: 30,
      });
      expect(countLocations(responses)).toEqual({ 'https://one.example.com/x': 30 });
    });

    it('reads at most APIGW10URL', async () => {
      const kvs: Record<string, string> = {};
      for (let n = 1; n <= 12; n++) kvs[`APIGW${n}URL`] = `https://t${n}.example.com`;
      const { responses } = await invoke({ event: viewerRequest('/'), kvs, times: 100 });
      const hosts = Object.keys(countLocations(responses));
      expect(hosts.length).toBeGreaterThan(1);
      expect(hosts.filter((h) => /t1[12]\./.test(h))).toEqual([]);
    });

    it('answers 503 with the command that adds APIGW1URL when the store is empty', async () => {
      const { responses, logs } = await invoke({ event: viewerRequest('/'), kvs: {} });
      const response = responses[0] as ViewerResponse;
      expect(response.statusCode).toBe(503);
      expect(response.headers['content-type']).toEqual({ value: 'text/plain; charset=utf-8' });
      expect(response.body?.encoding).toBe('text');
      expect(response.body?.data).toContain('has no key APIGW1URL');
      expect(response.body?.data).toContain(`cellfront kvs ${PUT_HINT}`);
      expect(response.body?.data).toContain(`aws cloudfront-keyvaluestore ${PUT_HINT}`);
      expect(logs).toEqual(['cellfront: 503 no-targets: no APIGW1URL']);
    });

    it('answers 503 explaining the missing association when no store is associated', async () => {
      const { responses, logs } = await invoke({ event: viewerRequest('/'), kvs: null });
      expect(responses[0]?.statusCode).toBe(503);
      expect(responses[0]?.body?.data).toContain('No KeyValueStore is associated with this CloudFront Function');
      expect(responses[0]?.body?.data).toContain(`cellfront kvs ${PUT_HINT}`);
      expect(logs[0]).toMatch(/^cellfront: 503 no-store: /);
    });

    it('answers 503 listing every invalid value when none is a URL', async () => {
      const { responses } = await invoke({ event: viewerRequest('/'), kvs: { APIGW1URL: 'ftp://files', APIGW2URL: '  ' } });
      const body = responses[0]?.body?.data ?? '';
      expect(responses[0]?.statusCode).toBe(503);
      expect(body).toContain('  APIGW1URL = "ftp://files": is not an absolute http:// or https:// URL');
      expect(body).toContain('  APIGW2URL = "  ": is empty');
    });

    it('answers 503 naming the key when the store fails before any target is found', async () => {
      const { responses, logs } = await invoke({ event: viewerRequest('/'), kvs: { APIGW1URL: 'https://one.example.com' }, failingKeys: ['APIGW1URL'] });
      expect(responses[0]?.statusCode).toBe(503);
      expect(responses[0]?.body?.data).toContain('Reading APIGW1URL from the KeyValueStore failed: InternalError');
      expect(logs).toEqual(['cellfront: 503 read-failed: APIGW1URL: InternalError: the store did not answer for APIGW1URL']);
    });

    it('still routes to the targets read before a failing key', async () => {
      const { responses, logs } = await invoke({ event: viewerRequest('/'), kvs: { APIGW1URL: 'https://one.example.com' }, failingKeys: ['APIGW2URL'], times: 5 });
      expect(countLocations(responses)).toEqual({ 'https://one.example.com/': 5 });
      expect(logs[0]).toBe('cellfront: skipped APIGW2URL: could not be read: InternalError: the store did not answer for APIGW2URL');
    });

    it('keeps the bytes the viewer sent: encoded path and query pass through untouched', async () => {
      const { responses } = await invoke({
        event: viewerRequest('/caf%C3%A9/a%2Fb', { q: { value: 'a%20b' }, x: { value: '%26' }, y: { value: '1+2' } }),
        rawQueryString: { returns: 'q=a%20b&x=%26&y=1+2' },
        kvs: { APIGW1URL: 'https://one.example.com/api?stage=blue' },
      });
      expect(responses[0]?.headers.location?.value).toBe('https://one.example.com/api/caf%C3%A9/a%2Fb?stage=blue&q=a%20b&x=%26&y=1+2');
    });

    it('rebuilds the query from querystring, multiValue included, when rawQueryString() is absent', async () => {
      const { responses } = await invoke({
        event: viewerRequest('/s', {
          a: { value: '1' },
          tag: { value: 'x', multiValue: [{ value: 'x' }, { value: 'y%20z' }] },
          flag: { value: '' },
        }),
        kvs: { APIGW1URL: 'https://one.example.com' },
      });
      expect(responses[0]?.headers.location?.value).toBe('https://one.example.com/s?a=1&tag=x&tag=y%20z&flag');
    });

    it('rebuilds the query when rawQueryString() says "" but parameters exist (as TestFunction does)', async () => {
      const { responses } = await invoke({
        event: viewerRequest('/s', { a: { value: '1' } }),
        rawQueryString: { returns: '' },
        kvs: { APIGW1URL: 'https://one.example.com' },
      });
      expect(responses[0]?.headers.location?.value).toBe('https://one.example.com/s?a=1');
    });

    it('adds no "?" for a bare "?" or no query at all', async () => {
      const bare = await invoke({ event: viewerRequest('/s'), rawQueryString: { returns: '' }, kvs: { APIGW1URL: 'https://one.example.com' } });
      const none = await invoke({ event: viewerRequest('/s'), rawQueryString: { returns: undefined }, kvs: { APIGW1URL: 'https://one.example.com' } });
      expect(bare.responses[0]?.headers.location?.value).toBe('https://one.example.com/s');
      expect(none.responses[0]?.headers.location?.value).toBe('https://one.example.com/s');
    });
  });
}

function unwrap(result: CallResult): ViewerResponse {
  if (!result.ok) throw new Error(`the handler threw: ${result.error}`);
  return result.value as ViewerResponse;
}

function countLocations(responses: readonly ViewerResponse[]): Record<string, number> {
  const counts: Record<string, number> = {};
  responses.forEach((r) => {
    expect(r.statusCode).toBe(307);
    const location = r.headers.location?.value ?? '(none)';
    counts[location] = (counts[location] ?? 0) + 1;
  });
  return counts;
}
