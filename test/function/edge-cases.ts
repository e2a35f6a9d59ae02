/**
 * The edge function's behaviour with the seed's data layout, as one suite any
 * engine can run: each engine supplies a runner that executes the BUILT
 * function file (fresh from `buildEdgeFunction()`, never a stale dist file)
 * against a store and events.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildEdgeFunction, type CfField } from '../../src/function/index.js';
import { viewerRequest, viewerResponse } from './events.js';
import type { EdgeBatch, EdgeBatchOutcome, EdgeCall, EdgeCallResult } from './njs-runner.js';

/** Runs a batch of calls against a built function in one engine. */
export type BatchRunner = (batch: EdgeBatch) => Promise<EdgeBatchOutcome>;

/** A generated response, as the function returns it. */
export interface GeneratedResponse {
  readonly statusCode: number;
  readonly statusDescription?: string;
  readonly headers: Readonly<Record<string, { readonly value: string }>>;
  readonly cookies?: Readonly<Record<string, { readonly value: string; readonly attributes?: string }>>;
  readonly body?: { readonly data: string; readonly encoding: string };
}

/** A call's result, failing the test when the handler threw. */
export function succeeded(result: EdgeCallResult | undefined): Extract<EdgeCallResult, { ok: true }> {
  if (!result) throw new Error('no result');
  if (!result.ok) throw new Error(`the handler threw: ${result.error}`);
  return result;
}

const ADD_HINT = 'Add a target: cellfront kvs put-key --kvs-arn <KVSTOREARN> --if-match <ETAG> --key APIGW1URL --value https://...';

export function runEdgeCases(engine: string, run: BatchRunner): void {
  describe(`the built edge function, seed layout, under ${engine}`, () => {
    let code = '';
    beforeAll(async () => {
      code = (await buildEdgeFunction()).code;
    });

    async function invoke(call: EdgeCall, times = 1) {
      const outcome = await run({ code, calls: Array.from({ length: times }, () => call) });
      expect(outcome.violations).toEqual([]);
      return { results: outcome.results.map(succeeded), responses: outcome.results.map((r) => succeeded(r).value as GeneratedResponse), logs: outcome.logs };
    }

    function request(uri: string, querystring: Record<string, CfField> = {}) {
      return viewerRequest(uri, { querystring });
    }

    it('splits traffic between two targets, keeping path and query and trimming whitespace', async () => {
      const { responses, logs } = await invoke(
        {
          event: request('/users/7', { a: { value: '1' }, b: { value: '2' } }),
          rawQueryString: { returns: 'a=1&b=2' },
          kvs: { APIGW1URL: 'https://one.example.com/prod/ ', APIGW2URL: ' https://two.example.com:8443/v1' },
        },
        200,
      );
      const counts = countLocations(responses);
      expect(Object.keys(counts).sort()).toEqual(['https://one.example.com/prod/users/7?a=1&b=2', 'https://two.example.com:8443/v1/users/7?a=1&b=2']);
      // 200 fair coin flips land outside 60..140 with probability ~1e-8.
      Object.values(counts).forEach((n) => expect(n).toBeGreaterThan(60));
      expect(logs).toEqual([]);
    });

    it('sends everything to a single target with a 307 that browsers must not cache', async () => {
      const { responses } = await invoke({ event: request('/'), kvs: { APIGW1URL: 'https://one.example.com/prod' } }, 20);
      expect(countLocations(responses)).toEqual({ 'https://one.example.com/prod/': 20 });
      expect(responses[0]).toEqual({
        statusCode: 307,
        headers: { location: { value: 'https://one.example.com/prod/' }, 'cache-control': { value: 'no-store' } },
        cookies: {},
      });
    });

    it('reads the table key, then the seed keys in order, stopping at the first missing one', async () => {
      const { results } = await invoke({ event: request('/x'), kvs: { APIGW1URL: 'https://one.example.com', APIGW3URL: 'https://three.example.com' } }, 30);
      expect(countLocations(results.map((r) => r.value as GeneratedResponse))).toEqual({ 'https://one.example.com/x': 30 });
      expect(results[0]?.reads).toEqual(['get cellfront:table', 'get APIGW1URL', 'get APIGW2URL', 'exists APIGW2URL']);
    });

    it('skips and logs a stored value that is not a URL', async () => {
      const { responses, logs } = await invoke({ event: request('/x'), kvs: { APIGW1URL: 'one.example.com/prod', APIGW2URL: 'https://two.example.com' } }, 20);
      expect(countLocations(responses)).toEqual({ 'https://two.example.com/x': 20 });
      expect(logs).toEqual(Array(20).fill('cellfront: skipped APIGW1URL "one.example.com/prod"'));
    });

    it('reads at most APIGW10URL', async () => {
      const kvs: Record<string, string> = {};
      for (let n = 1; n <= 12; n++) kvs[`APIGW${n}URL`] = `https://t${n}.example.com`;
      const { responses } = await invoke({ event: request('/'), kvs }, 100);
      const hosts = Object.keys(countLocations(responses));
      expect(hosts.length).toBeGreaterThan(1);
      expect(hosts.filter((h) => /t1[12]\./.test(h))).toEqual([]);
    });

    it('answers 503 with the command that adds APIGW1URL when the store has nothing', async () => {
      const { responses, logs } = await invoke({ event: request('/'), kvs: {} });
      const response = responses[0] as GeneratedResponse;
      expect(response.statusCode).toBe(503);
      expect(response.headers['content-type']).toEqual({ value: 'text/plain; charset=utf-8' });
      expect(response.body).toEqual({
        data: `cellfront: no routing table and no APIGW1URL in the KeyValueStore.\n${ADD_HINT}\n`,
        encoding: 'text',
      });
      expect(logs).toEqual(['cellfront: 503 no-targets']);
    });

    it('answers 503 explaining the missing association when no store is associated', async () => {
      const { responses, logs } = await invoke({ event: request('/'), kvs: null });
      expect(responses[0]?.statusCode).toBe(503);
      expect(responses[0]?.body?.data).toMatch(/^cellfront: no KeyValueStore is associated with the function \(.*KVSNamespaceNotFound.*\)\.\n/);
      expect(responses[0]?.body?.data).toContain(ADD_HINT);
      expect(logs).toEqual(['cellfront: 503 no-store']);
    });

    it('answers 503 listing every invalid value when none is a URL', async () => {
      const { responses } = await invoke({ event: request('/'), kvs: { APIGW1URL: 'ftp://files', APIGW2URL: '  ' } });
      expect(responses[0]?.statusCode).toBe(503);
      expect(responses[0]?.body?.data).toContain('cellfront: no stored value is an http(s) URL: APIGW1URL "ftp://files", APIGW2URL "  ".\n');
    });

    it('leaves the request to the default origin, untouched, when the store fails before any target is read', async () => {
      const event = request('/a', { q: { value: '1' } });
      const { results, logs } = await invoke({ event, kvs: { APIGW1URL: 'https://one.example.com' }, failingKeys: ['cellfront:table', 'APIGW1URL'] });
      expect(results[0]?.value).toEqual(event.request);
      expect(results[0]?.origin).toBeUndefined();
      expect(logs).toEqual([
        'cellfront: APIGW1URL Error: InternalError: the store did not answer for APIGW1URL -> default origin',
      ]);
    });

    it('still routes to the targets read before a failing key', async () => {
      const { responses, logs } = await invoke({ event: request('/'), kvs: { APIGW1URL: 'https://one.example.com' }, failingKeys: ['APIGW2URL'] }, 5);
      expect(countLocations(responses)).toEqual({ 'https://one.example.com/': 5 });
      expect(logs[0]).toBe('cellfront: APIGW2URL Error: InternalError: the store did not answer for APIGW2URL');
    });

    it('keeps the bytes the viewer sent: encoded path and query pass through untouched', async () => {
      const { responses } = await invoke({
        event: request('/caf%C3%A9/a%2Fb', { q: { value: 'a%20b' }, x: { value: '%26' }, y: { value: '1+2' } }),
        rawQueryString: { returns: 'q=a%20b&x=%26&y=1+2' },
        kvs: { APIGW1URL: 'https://one.example.com/api?stage=blue' },
      });
      expect(responses[0]?.headers.location?.value).toBe('https://one.example.com/api/caf%C3%A9/a%2Fb?stage=blue&q=a%20b&x=%26&y=1+2');
    });

    it('rebuilds the query from querystring, multiValue included, when rawQueryString() is absent', async () => {
      const { responses } = await invoke({
        event: request('/s', { a: { value: '1' }, tag: { value: 'x', multiValue: [{ value: 'x' }, { value: 'y%20z' }] }, flag: { value: '' } }),
        kvs: { APIGW1URL: 'https://one.example.com' },
      });
      expect(responses[0]?.headers.location?.value).toBe('https://one.example.com/s?a=1&tag=x&tag=y%20z&flag');
    });

    it('rebuilds the query when rawQueryString() says "" but parameters exist (as TestFunction does)', async () => {
      const { responses } = await invoke({ event: request('/s', { a: { value: '1' } }), rawQueryString: { returns: '' }, kvs: { APIGW1URL: 'https://one.example.com' } });
      expect(responses[0]?.headers.location?.value).toBe('https://one.example.com/s?a=1');
    });

    it('adds no "?" for a bare "?" or no query at all', async () => {
      const bare = await invoke({ event: request('/s'), rawQueryString: { returns: '' }, kvs: { APIGW1URL: 'https://one.example.com' } });
      const none = await invoke({ event: request('/s'), rawQueryString: { returns: undefined }, kvs: { APIGW1URL: 'https://one.example.com' } });
      expect(bare.responses[0]?.headers.location?.value).toBe('https://one.example.com/s');
      expect(none.responses[0]?.headers.location?.value).toBe('https://one.example.com/s');
    });

    it('returns the origin response untouched on the viewer-response event', async () => {
      const event = viewerResponse('/');
      const { results } = await invoke({ event, kvs: { APIGW1URL: 'https://one.example.com' } });
      expect(results[0]?.value).toEqual(event.response);
      expect(results[0]?.reads).toEqual(['get cellfront:table']);
    });
  });
}

function countLocations(responses: readonly GeneratedResponse[]): Record<string, number> {
  const counts: Record<string, number> = {};
  responses.forEach((r) => {
    expect(r.statusCode).toBe(307);
    const location = r.headers.location?.value ?? '(none)';
    counts[location] = (counts[location] ?? 0) + 1;
  });
  return counts;
}
