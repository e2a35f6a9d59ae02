// `npm run bench`: the routing figures, the edge function's size, cost and
// behaviour under faults, the local edge's load against a demo API
// directly, and the CLI's start-up against `node -e 0`. Ratios are measured against a baseline in the same run. Every
// load is bounded in count and sent to loopback only.
import { fileURLToPath } from 'node:url';
import { startDevProcess } from '../test/support/dev-process.js';
import { runEdgeFunctionBench } from './edge-function.js';
import { runLoad, type LoadResult } from './load.js';
import { edgeFunctionReport, loadRow, routingReport } from './report.js';
import { runRoutingBench } from './routing.js';
import { runStartupBench, startupReport } from './startup.js';

const TOTAL = Number(process.env.BENCH_REQUESTS ?? 20_000);
const CONNECTIONS = 16;
const DEMO_CONFIG = fileURLToPath(new URL('../cellfront.config.json', import.meta.url));

/** Loads one dev process's edge at `path`, after a warm-up, expecting `status`. */
async function edgeLoad(args: readonly string[], expectStatus: number): Promise<{ direct: LoadResult; viaEdge: LoadResult }> {
  const dev = await startDevProcess(args);
  try {
    const api = dev.outputs.APIGATEWAY1URL as string;
    const edge = `http://${dev.outputs.CLOUDFRONTDOMAINNAME}/`;
    const warm = { total: 2_000, connections: CONNECTIONS };
    await runLoad(api, { ...warm, expectStatus: 200 });
    await runLoad(edge, { ...warm, expectStatus });
    const direct = await runLoad(api, { total: TOTAL, connections: CONNECTIONS, expectStatus: 200 });
    const viaEdge = await runLoad(edge, { total: TOTAL, connections: CONNECTIONS, expectStatus });
    return { direct, viaEdge };
  } finally {
    await dev.stop();
  }
}

async function edgeBench(): Promise<void> {
  // Proxy: the demo config routes by its table, and the edge reaches the API itself.
  const proxy = await edgeLoad(['--config', DEMO_CONFIG], 200);
  // Redirect: the seed layout (no config in the dev's own folder) answers 307.
  const redirect = await edgeLoad([], 307);
  console.log(`## Local edge vs. a demo API directly (${TOTAL} requests, ${CONNECTIONS} connections, loopback)\n`);
  console.log('| target | req/s | p50 ms | p99 ms | unexpected status |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  console.log(loadRow('demo API directly: GET /prod/ (baseline)', proxy.direct));
  console.log(loadRow('local edge, proxy: GET / (function picks the cell, edge forwards, 200)', proxy.viaEdge));
  console.log(loadRow('demo API directly, second run (baseline)', redirect.direct));
  console.log(loadRow('local edge, seed redirect: GET / (function reads the KVS, answers 307)', redirect.viaEdge));
  const ratio = (a: LoadResult, b: LoadResult) => `throughput ${(a.rps / b.rps).toFixed(2)}x, p50 ${(a.p50ms / b.p50ms).toFixed(2)}x, p99 ${(a.p99ms / b.p99ms).toFixed(2)}x`;
  console.log(`\nRatio edge/baseline: proxy ${ratio(proxy.viaEdge, proxy.direct)}; redirect ${ratio(redirect.viaEdge, redirect.direct)}\n`);
}

// BENCH_ONLY=startup runs just the CLI start-up section.
if (process.env.BENCH_ONLY === 'startup') {
  console.log(startupReport(await runStartupBench()));
  process.exit(0);
}
console.log(routingReport(runRoutingBench()));
console.log(edgeFunctionReport(await runEdgeFunctionBench()));
await edgeBench();
console.log(startupReport(await runStartupBench()));
