/**
 * `createTestEdge` in-process, as a user's test suite drives it: cellfront's
 * own edge function (seed layout: it reads the KVS, picks a cell, answers 307)
 * behind a test edge, 16 requests in flight through `edge.fetch`. The compiled
 * package is measured (`cellfront/testing` as installed: `dist/`, built by
 * `./dist.ts`), as `cellfront dev` is; `BENCH_TEST_EDGE_SOURCES=1` measures the
 * sources through tsx instead.
 *
 * Two figures: the first second after the edge starts (cold: the invocation
 * threads start and the code is not yet optimised, as at the start of a test
 * run), and the steady rate, measured for `seconds` after a warm-up of
 * `WARM_UP_MS` (the rate stops climbing within about 2 s on this machine).
 */
import type * as FunctionBuildModule from '../src/function/index.js';
import type * as TestingModule from '../src/testing/index.js';
import { buildDist } from './dist.js';

type Testing = typeof TestingModule;
type FunctionBuild = typeof FunctionBuildModule;

/** `cellfront/testing` and the edge function's build, compiled (as installed) unless the sources are asked for. */
async function packageModules(): Promise<{ testing: Testing; build: FunctionBuild; code: TestEdgeFigures['code'] }> {
  if (process.env.BENCH_TEST_EDGE_SOURCES === '1') {
    return { testing: await import('../src/testing/index.js'), build: await import('../src/function/index.js'), code: 'sources' };
  }
  await buildDist();
  // Paths held in variables: the type checker does not follow them into `dist/`.
  const testingPath = '../dist/src/testing/index.js';
  const buildPath = '../dist/src/function/index.js';
  return { testing: (await import(testingPath)) as Testing, build: (await import(buildPath)) as FunctionBuild, code: 'compiled' };
}

/** How long the edge serves before the steady rate is measured. */
const WARM_UP_MS = 3_000;
/** The cold window, from the first request on. */
const COLD_MS = 1_000;

export interface TestEdgeFigures {
  /** Requests per second after the warm-up. */
  readonly requestsPerSecond: number;
  readonly requests: number;
  /** Requests answered in the first second after the edge started. */
  readonly firstSecond: number;
  /** Which code was measured: the compiled package, or the sources through tsx. */
  readonly code: 'compiled' | 'sources';
}

export async function measureTestEdge(seconds: number): Promise<TestEdgeFigures> {
  const { testing, build, code: measured } = await packageModules();
  const { code } = await build.buildEdgeFunction({});
  const edge = await testing.createTestEdge({
    code,
    kvs: { APIGW1URL: 'https://api1.example.com/prod/', APIGW2URL: 'https://api2.example.com/prod/' },
  });
  try {
    let wrong = 0;
    const run = async (ms: number) => {
      let requests = 0;
      const until = performance.now() + ms;
      const worker = async (n: number) => {
        for (let i = 0; performance.now() < until; i++) {
          const response = await edge.fetch(`/orders/${i}`, { headers: { 'x-tenant-id': `tenant-${n}-${i}` } });
          if (response.status !== 307) wrong++;
          requests++;
        }
      };
      const started = performance.now();
      await Promise.all(Array.from({ length: 16 }, (_, n) => worker(n)));
      return { requests, requestsPerSecond: requests / ((performance.now() - started) / 1000) };
    };
    const cold = await run(COLD_MS);
    await run(WARM_UP_MS - COLD_MS);
    const steady = await run(seconds * 1000);
    if (wrong > 0) throw new Error(`createTestEdge: ${wrong} answers were not the function's 307`);
    return { ...steady, firstSecond: cold.requests, code: measured };
  } finally {
    await edge.close();
  }
}
