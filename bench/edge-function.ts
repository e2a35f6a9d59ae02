/**
 * Edge function benchmark: the built function's size, its per-request cost
 * under njs against a function that only returns what it was given, the store
 * reads it makes in each mode, and what 1,000 corrupt tables do to it. Sizes,
 * reads and faults are the same on every run; the cost ratio is measured in
 * one njs process per function and round, the two functions taking turns, so
 * both sides see the same machine load.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileDevConfig } from '../src/dev/dev-config.js';
import { buildEdgeFunction, FUNCTION_BUDGET_BYTES } from '../src/function/index.js';
import { FUNCTION_CODE_MAX_BYTES } from '../src/limits.js';
import { TABLE_KEY, type RoutingTable } from '../src/router/table/index.js';
import { faultFigures, type FaultFigures } from './edge-faults.js';
import { viewerRequest, viewerResponse, type RequestShape } from '../test/function/events.js';
import { runBatchInNjs, type EdgeCall } from '../test/function/njs-runner.js';

/** Limits the figures must stay within; `checks` reports each. */
export const EDGE_FUNCTION_LIMITS = { bytes: FUNCTION_BUDGET_BYTES, njsCostRatio: 3, readsPerInvocation: 2 } as const;

const DEMO_CONFIG = fileURLToPath(new URL('../cellfront.config.json', import.meta.url));
/** Outputs shaped like a deployment's (API Gateway stage URLs) and like `cellfront dev`'s. */
const DEPLOYED_OUTPUTS = {
  APIGATEWAY1URL: 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod/',
  APIGATEWAY2URL: 'https://f6g7h8i9j0.execute-api.eu-west-1.amazonaws.com/prod/',
};
const LOCAL_OUTPUTS = { APIGATEWAY1URL: 'http://localhost:8082/prod/', APIGATEWAY2URL: 'http://localhost:8083/prod/' };
/** A third API Gateway stage, for the demo config grown to three cells. */
const THIRD_OUTPUT = { APIGATEWAY3URL: 'https://k1l2m3n4o5.execute-api.eu-west-1.amazonaws.com/prod/' };
const FAULT_CASES = 1_000;
const COST_ROUNDS = 3;
/**
 * The cheapest function CloudFront accepts on both events: it returns what it
 * was given (the request; on viewer-response, the response), and does nothing else.
 */
const BASELINE = "import cf from 'cloudfront';\nfunction handler(event) { return event.response || event.request; }\n";

export interface EdgeFunctionFigures {
  readonly sizes: {
    /** The demo config's table embedded, with API Gateway origins (what a deployment embeds). */
    readonly deployedDemo: number;
    /** The demo config's table embedded, with `cellfront dev`'s origins. */
    readonly localDemo: number;
    /** The demo config with a third cell (API Gateway origins) embedded. */
    readonly threeCells: number;
    /** No table embedded: the seed layout is kept (what `cellfront build` writes without --config). */
    readonly withoutTable: number;
    readonly budget: number;
    readonly cloudFrontLimit: number;
  };
  readonly njs: {
    /** Invocations per round; each function keeps its fastest of three rounds. */
    readonly invocations: number;
    /** Each invocation as the harness makes it: the event parsed from JSON, the handler called. The limit is judged on this ratio. */
    readonly plain: NjsCost;
    /**
     * The same, plus what a runtime does to hand each result back (serializing
     * the returned request or response, and each origin change): work both
     * functions' invocations include in production. Reported, not judged.
     */
    readonly withConversion: NjsCost;
  };
  /** The most store reads one invocation made, per mode. */
  readonly reads: ReadonlyArray<{ readonly mode: string; readonly max: number }>;
  /** 1,000 corrupt tables through both builds, in the local runtime and in njs (see edge-faults.ts). */
  readonly faults: FaultFigures;
  readonly checks: ReadonlyArray<{ readonly name: string; readonly ok: boolean; readonly detail: string }>;
}

/** Milliseconds the timed invocations took in njs, router and baseline. */
export interface NjsCost {
  readonly routerMs: number;
  readonly baselineMs: number;
  /** routerMs / baselineMs. */
  readonly ratio: number;
}

/** Options of `runEdgeFunctionBench`. */
export interface EdgeFunctionBenchOptions {
  /** Timed passes over the 200 requests, per round. @default 50 */
  readonly repeats?: number;
  /** Measure the cost under njs (tests leave timing out). @default true */
  readonly timing?: boolean;
}

async function demo(outputs: Record<string, string>, config = DEMO_CONFIG) {
  return compileDevConfig(config, process.cwd(), 'Demo', outputs);
}

/** The demo config with a third cell, written to a temporary file (the compiler reads files). */
async function threeCellDemo() {
  const dir = await mkdtemp(join(tmpdir(), 'cellfront-bench-'));
  try {
    const config = JSON.parse(await readFile(DEMO_CONFIG, 'utf8')) as { cells: unknown[] };
    config.cells.push({ id: 'api3', origin: '${APIGATEWAY3URL}', weight: 50 });
    const file = join(dir, 'cellfront.config.json');
    await writeFile(file, JSON.stringify(config), 'utf8');
    return await demo({ ...DEPLOYED_OUTPUTS, ...THIRD_OUTPUT }, file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
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
    threeCells: (await buildEdgeFunction({ table: (await threeCellDemo()).table })).bytes,
    withoutTable: plain.bytes,
    budget: FUNCTION_BUDGET_BYTES,
    cloudFrontLimit: FUNCTION_CODE_MAX_BYTES,
  };
  const store = Object.fromEntries(deployed.entries.map((e) => [e.key, e.value]));

  const unmeasured = { routerMs: 0, baselineMs: 0, ratio: 0 };
  const njs = options.timing === false ? { invocations: 0, plain: unmeasured, withConversion: unmeasured } : await njsCost(embedded.code, store, options.repeats ?? 50);
  const embeddedSizes = [sizes.deployedDemo, sizes.localDemo, sizes.threeCells];
  const reads = await readCounts(embedded.code, plain.code, deployed.table as RoutingTable, store);
  const faults = await faultFigures(deployed.table as RoutingTable, store, embedded.code, plain.code, FAULT_CASES);
  const maxReads = Math.max(...reads.map((r) => r.max));
  return {
    sizes,
    njs,
    reads,
    faults,
    checks: [
      {
        name: 'function size',
        ok: embeddedSizes.every((bytes) => bytes <= FUNCTION_BUDGET_BYTES) && sizes.withoutTable <= FUNCTION_CODE_MAX_BYTES,
        detail: `${sizes.deployedDemo} bytes with the demo table, ${sizes.threeCells} with three cells (budget ${FUNCTION_BUDGET_BYTES}); ${sizes.withoutTable} without a table (CloudFront's limit ${FUNCTION_CODE_MAX_BYTES})`,
      },
      {
        name: 'njs cost',
        ok: options.timing === false || njs.plain.ratio <= EDGE_FUNCTION_LIMITS.njsCostRatio,
        detail:
          options.timing === false
            ? 'not measured'
            : `${njs.plain.ratio.toFixed(2)} x a function returning what it was given (limit ${EDGE_FUNCTION_LIMITS.njsCostRatio}, judged without the result conversion)`,
      },
      { name: 'store reads', ok: maxReads <= EDGE_FUNCTION_LIMITS.readsPerInvocation, detail: `at most ${maxReads} per invocation (limit ${EDGE_FUNCTION_LIMITS.readsPerInvocation})` },
      {
        name: 'corrupt tables',
        ok: faults.fiveXx === 0 && Object.values(faults.mispredicted).every((n) => n === 0),
        detail: `${faults.fiveXx} answers of 5xx and ${Object.values(faults.mispredicted).reduce((a, b) => a + b, 0)} unexpected routes over ${faults.cases} cases, every engine and build`,
      },
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
  const cost = async (convertResult: boolean): Promise<NjsCost> => {
    // The machine is shared: the two functions take turns, and each keeps its best round.
    let routerMs = Infinity;
    let baselineMs = Infinity;
    for (let round = 0; round < COST_ROUNDS; round++) {
      routerMs = Math.min(routerMs, (await runBatchInNjs({ code, calls, timedRepeats: repeats, convertResult })).timedMs);
      baselineMs = Math.min(baselineMs, (await runBatchInNjs({ code: BASELINE, calls, timedRepeats: repeats, convertResult })).timedMs);
    }
    return { routerMs, baselineMs, ratio: routerMs / Math.max(1, baselineMs) };
  };
  return { invocations: calls.length * repeats, plain: await cost(false), withConversion: await cost(true) };
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
