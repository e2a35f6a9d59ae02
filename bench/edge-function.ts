/**
 * Edge function benchmark: the built function's size, its per-request cost
 * under njs against a function that only returns the request, the store reads
 * it makes in each mode, and what 1,000 corrupt tables do to it. Sizes, reads
 * and faults are the same on every run; the cost ratio is measured in one njs
 * process per function, so both sides see the same machine load.
 */
import { fileURLToPath } from 'node:url';
import { compileDevConfig } from '../src/dev/dev-config.js';
import { buildEdgeFunction, FUNCTION_BUDGET_BYTES } from '../src/function/index.js';
import { FUNCTION_CODE_MAX_BYTES } from '../src/limits.js';
import { decodeTable, TABLE_KEY, type RoutingTable } from '../src/router/table/index.js';
import { loadFunction, viewerRequestEvent, type Invocation } from '../src/runtime/index.js';
import { viewerRequest, viewerResponse, type RequestShape } from '../test/function/events.js';
import { runBatchInNjs, type EdgeCall } from '../test/function/njs-runner.js';
import { corruptTables } from '../test/router-table/corrupt.js';

/** Limits the figures must stay within; `checks` reports each. */
export const EDGE_FUNCTION_LIMITS = { bytes: FUNCTION_BUDGET_BYTES, njsCostRatio: 3, readsPerInvocation: 2 } as const;

const DEMO_CONFIG = fileURLToPath(new URL('../cellfront.config.json', import.meta.url));
/** Outputs shaped like a deployment's (API Gateway stage URLs) and like `cellfront dev`'s. */
const DEPLOYED_OUTPUTS = {
  APIGATEWAY1URL: 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod/',
  APIGATEWAY2URL: 'https://f6g7h8i9j0.execute-api.eu-west-1.amazonaws.com/prod/',
};
const LOCAL_OUTPUTS = { APIGATEWAY1URL: 'http://localhost:8082/prod/', APIGATEWAY2URL: 'http://localhost:8083/prod/' };
const FAULT_CASES = 1_000;
const COST_ROUNDS = 3;
const BASELINE = "import cf from 'cloudfront';\nfunction handler(event) { return event.request; }\n";

export interface EdgeFunctionFigures {
  readonly sizes: {
    /** The demo config's table embedded, with API Gateway origins (what a deployment embeds). */
    readonly deployedDemo: number;
    /** The demo config's table embedded, with `cellfront dev`'s origins. */
    readonly localDemo: number;
    /** No table embedded: the seed layout is kept (what `cellfront build` writes without --config). */
    readonly withoutTable: number;
    readonly budget: number;
    readonly cloudFrontLimit: number;
  };
  readonly njs: {
    /** Invocations per round; each function keeps its fastest of three rounds. */
    readonly invocations: number;
    readonly routerMs: number;
    readonly baselineMs: number;
    /** routerMs / baselineMs. */
    readonly ratio: number;
  };
  /** The most store reads one invocation made, per mode. */
  readonly reads: ReadonlyArray<{ readonly mode: string; readonly max: number }>;
  readonly faults: {
    readonly cases: number;
    /** Answers of 500 or above, or function errors, over every engine and build. */
    readonly fiveXx: number;
    /** Cases whose damaged table still decoded (routed by it). */
    readonly stillUsable: number;
    /** Cases routed as the fallback says (default origin, or the embedded table), per engine and build. */
    readonly fallback: Readonly<Record<string, number>>;
  };
  readonly checks: ReadonlyArray<{ readonly name: string; readonly ok: boolean; readonly detail: string }>;
}

/** Options of `runEdgeFunctionBench`. */
export interface EdgeFunctionBenchOptions {
  /** Timed passes over the 200 requests, per round. @default 50 */
  readonly repeats?: number;
  /** Measure the cost under njs (tests leave timing out). @default true */
  readonly timing?: boolean;
}

async function demo(outputs: Record<string, string>) {
  return compileDevConfig(DEMO_CONFIG, process.cwd(), 'Demo', outputs);
}

/**
 * Runs the edge function benchmark. Takes some seconds: two njs processes for
 * the cost, one for reads and one for the faults, plus 2,000 invocations in the
 * local runtime.
 *
 * @example const figures = await runEdgeFunctionBench(); console.log(figures.njs.ratio);
 */
export async function runEdgeFunctionBench(options: EdgeFunctionBenchOptions = {}): Promise<EdgeFunctionFigures> {
  const deployed = await demo(DEPLOYED_OUTPUTS);
  const local = await demo(LOCAL_OUTPUTS);
  const embedded = await buildEdgeFunction({ table: deployed.table });
  const plain = await buildEdgeFunction();
  const sizes = {
    deployedDemo: embedded.bytes,
    localDemo: (await buildEdgeFunction({ table: local.table })).bytes,
    withoutTable: plain.bytes,
    budget: FUNCTION_BUDGET_BYTES,
    cloudFrontLimit: FUNCTION_CODE_MAX_BYTES,
  };
  const store = Object.fromEntries(deployed.entries.map((e) => [e.key, e.value]));

  const njs = options.timing === false ? { invocations: 0, routerMs: 0, baselineMs: 0, ratio: 0 } : await njsCost(embedded.code, store, options.repeats ?? 50);
  const reads = await readCounts(embedded.code, plain.code, deployed.table, store);
  const faults = await faultFigures(deployed.table, store, embedded.code, plain.code);
  const maxReads = Math.max(...reads.map((r) => r.max));
  return {
    sizes,
    njs,
    reads,
    faults,
    checks: [
      {
        name: 'function size',
        ok: sizes.deployedDemo <= FUNCTION_BUDGET_BYTES && sizes.localDemo <= FUNCTION_BUDGET_BYTES && sizes.withoutTable <= FUNCTION_CODE_MAX_BYTES,
        detail: `${sizes.deployedDemo} bytes with the demo table (budget ${FUNCTION_BUDGET_BYTES}); ${sizes.withoutTable} without a table (CloudFront's limit ${FUNCTION_CODE_MAX_BYTES})`,
      },
      {
        name: 'njs cost',
        ok: options.timing === false || njs.ratio <= EDGE_FUNCTION_LIMITS.njsCostRatio,
        detail: options.timing === false ? 'not measured' : `${njs.ratio.toFixed(2)} x a function returning the request (limit ${EDGE_FUNCTION_LIMITS.njsCostRatio})`,
      },
      { name: 'store reads', ok: maxReads <= EDGE_FUNCTION_LIMITS.readsPerInvocation, detail: `at most ${maxReads} per invocation (limit ${EDGE_FUNCTION_LIMITS.readsPerInvocation})` },
      { name: 'corrupt tables', ok: faults.fiveXx === 0, detail: `${faults.fiveXx} answers of 5xx over ${faults.cases} cases, every engine and build` },
    ],
  };
}

/** Headers a browser sends with every request, so both functions see realistic events. */
const BROWSER_HEADERS = {
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  accept: 'application/json, text/plain, */*',
  'accept-language': 'en-GB,en;q=0.9,de;q=0.8',
  'accept-encoding': 'gzip, deflate, br, zstd',
  'sec-ch-ua': '"Chromium";v="131", "Not_A Brand";v="24"',
  'sec-ch-ua-mobile': '?0',
  'sec-ch-ua-platform': '"Linux"',
  'sec-fetch-site': 'same-origin',
  'sec-fetch-mode': 'cors',
  referer: 'https://d111111abcdef8.cloudfront.net/app/orders',
};

/**
 * The same mix of requests for both functions, browser-like (ten headers, a
 * few cookies, a query): tenants by header (a pin read), sessions, returning
 * and new visitors, on both events.
 */
function costCalls(store: Record<string, string>): EdgeCall[] {
  const calls: EdgeCall[] = [];
  for (let i = 0; i < 200; i++) {
    const cookies = { _ga: `GA1.1.${1_000_000 + i}.1732460000`, theme: 'dark' };
    const shape: RequestShape =
      i % 4 === 0
        ? { headers: { ...BROWSER_HEADERS, 'x-tenant-id': `tenant-${i}` }, cookies, requestId: `cost-${i}` }
        : i % 4 === 1
          ? { headers: BROWSER_HEADERS, cookies: { ...cookies, session: `s-${i}` }, requestId: `cost-${i}` }
          : i % 4 === 2
            ? { headers: BROWSER_HEADERS, cookies: { ...cookies, 'cellfront-visitor': `visitor-${i}` }, requestId: `cost-${i}` }
            : { headers: BROWSER_HEADERS, cookies, requestId: `cost-${i}` };
    const querystring = { limit: { value: '20' }, page: { value: String(i % 7) } };
    const event = i % 2 ? viewerResponse('/api/orders', { ...shape, querystring }) : viewerRequest('/api/orders', { ...shape, querystring });
    calls.push({ event, kvs: store, rawQueryString: { returns: `limit=20&page=${i % 7}` } });
  }
  return calls;
}

async function njsCost(code: string, store: Record<string, string>, repeats: number): Promise<EdgeFunctionFigures['njs']> {
  const calls = costCalls(store);
  // The machine is shared: the two functions take turns, and each keeps its best round.
  let routerMs = Infinity;
  let baselineMs = Infinity;
  for (let round = 0; round < COST_ROUNDS; round++) {
    routerMs = Math.min(routerMs, (await runBatchInNjs({ code, calls, timedRepeats: repeats })).timedMs);
    baselineMs = Math.min(baselineMs, (await runBatchInNjs({ code: BASELINE, calls, timedRepeats: repeats })).timedMs);
  }
  const invocations = calls.length * repeats;
  return { invocations, routerMs, baselineMs, ratio: routerMs / Math.max(1, baselineMs) };
}

async function readCounts(embeddedCode: string, plainCode: string, table: RoutingTable, store: Record<string, string>): Promise<EdgeFunctionFigures['reads']> {
  const redirect = JSON.stringify({ ...table, m: 'r', rs: 307, c: table.c.map((c) => ({ i: c.i, u: `https://${c.d}${c.o ?? ''}` })) });
  const modes: Array<[string, string, EdgeCall[]]> = [
    ['proxy, tenant (pin read)', plainCode, [{ event: viewerRequest('/', { headers: { 'x-tenant-id': 'tenant-42' } }), kvs: store }]],
    ['proxy, new visitor', plainCode, [{ event: viewerRequest('/'), kvs: store }]],
    ['proxy, viewer response', plainCode, [{ event: viewerResponse('/', { cookies: { 'cellfront-visitor': 'v1' } }), kvs: store }]],
    ['proxy, forced cell', plainCode, [{ event: viewerRequest('/', { headers: { 'x-cellfront-cell': 'api2', 'x-tenant-id': 't' } }), kvs: store }]],
    ['redirect', plainCode, [{ event: viewerRequest('/', { headers: { 'x-tenant-id': 't' } }), kvs: { ...store, [TABLE_KEY]: redirect } }]],
    ['embedded table, store without a table', embeddedCode, [{ event: viewerRequest('/', { headers: { 'x-tenant-id': 't' } }), kvs: {} }]],
    ['embedded table, store failing', embeddedCode, [{ event: viewerRequest('/', { headers: { 'x-tenant-id': 't' } }), kvs: store, failingKeys: Object.keys(store) }]],
    ['corrupt table, no embedded table', plainCode, [{ event: viewerRequest('/'), kvs: { ...store, [TABLE_KEY]: '{"v":1' } }]],
  ];
  const figures: Array<{ mode: string; max: number }> = [];
  for (const [mode, code, calls] of modes) {
    const outcome = await runBatchInNjs({ code, calls });
    const counts = outcome.results.map((r) => (r.ok ? r.reads.length : Infinity));
    figures.push({ mode, max: Math.max(...counts) });
  }
  return figures;
}

/** Whether an invocation answered 500 or above (a function error, or a generated 5xx). */
function isFiveXx(outcome: Invocation): boolean {
  return outcome.kind === 'error' || (outcome.kind === 'response' && outcome.response.statusCode >= 500);
}

async function faultFigures(
  table: RoutingTable,
  store: Record<string, string>,
  embeddedCode: string,
  plainCode: string,
): Promise<EdgeFunctionFigures['faults']> {
  const values = corruptTables(table, FAULT_CASES, 2025).map((v) => (typeof v === 'string' ? v : JSON.stringify(v) ?? String(v)));
  const usable = values.map((v) => decodeTable(v).ok);
  let fiveXx = 0;
  const fallback: Record<string, number> = {};
  const embeddedDomain = table.c[0]?.d;

  // The local runtime (the emulator's vm engine), both builds.
  for (const [build, code] of [
    ['without a table', plainCode],
    ['with the table', embeddedCode],
  ] as const) {
    let routed = 0;
    for (let i = 0; i < values.length; i++) {
      const kvs = { get: (key: string) => (key === TABLE_KEY ? values[i] : store[key]), meta: () => ({ creationDateTime: '', lastUpdatedDateTime: '', keyCount: 1 }) };
      const fn = loadFunction(code, { kvs });
      const event = viewerRequestEvent(
        { method: 'GET', url: '/users/7', rawHeaders: ['Host', 'd111111abcdef8.cloudfront.net', 'X-Cellfront-Cell', 'api1'], clientIp: '198.51.100.7' },
        { distributionDomainName: 'd111111abcdef8.cloudfront.net', distributionId: 'EDFDVBD6EXAMPLE', requestId: `fault-${i}` },
      );
      const outcome = await fn.invoke(event);
      if (isFiveXx(outcome)) fiveXx++;
      else if (!usable[i] && outcome.kind === 'request') {
        // Forced to api1: the embedded table sends it there; without one, nothing changes the origin.
        const domain = outcome.request.origin?.domainName;
        if (build === 'with the table' ? domain === embeddedDomain : domain === undefined) routed++;
      }
    }
    fallback[`local runtime, ${build}`] = routed;
  }

  // njs, the table embedded (what `cellfront dev` runs), all cases in one process.
  const calls = values.map((v, i): EdgeCall => ({ event: viewerRequest('/users/7', { headers: { 'x-cellfront-cell': 'api1' }, requestId: `fault-${i}` }), kvs: { ...store, [TABLE_KEY]: v } }));
  const outcome = await runBatchInNjs({ code: embeddedCode, calls });
  let routed = 0;
  outcome.results.forEach((r, i) => {
    const value = r.ok ? (r.value as { statusCode?: number }) : undefined;
    if (!r.ok || (value?.statusCode ?? 0) >= 500) fiveXx++;
    else if (!usable[i] && r.origin?.domainName === embeddedDomain) routed++;
  });
  fallback['njs, with the table'] = routed;
  return { cases: FAULT_CASES, fiveXx, stillUsable: usable.filter(Boolean).length, fallback };
}
