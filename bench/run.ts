// `npm run bench`: performance figures as ratios against a baseline measured in the
// same run. Every load is bounded in count and sent to loopback only.
import { startDevProcess } from '../test/support/dev-process.js';
import { runLoad, type LoadResult } from './load.js';

const TOTAL = Number(process.env.BENCH_REQUESTS ?? 20_000);
const CONNECTIONS = 16;

function row(name: string, r: LoadResult): string {
  return `| ${name} | ${r.rps.toFixed(0)} | ${r.p50ms.toFixed(2)} | ${r.p99ms.toFixed(2)} | ${r.unexpected} |`;
}

async function edgeBench(): Promise<void> {
  const dev = await startDevProcess();
  try {
    const api = dev.outputs.APIGATEWAY1URL as string;
    const edge = `http://${dev.outputs.CLOUDFRONTDOMAINNAME}/`;
    const warm = { total: 2_000, connections: CONNECTIONS };
    await runLoad(api, { ...warm, expectStatus: 200 });
    await runLoad(edge, { ...warm, expectStatus: 307 });
    const direct = await runLoad(api, { total: TOTAL, connections: CONNECTIONS, expectStatus: 200 });
    const viaEdge = await runLoad(edge, { total: TOTAL, connections: CONNECTIONS, expectStatus: 307 });
    console.log(`## Local edge vs. a demo API directly (${TOTAL} requests, ${CONNECTIONS} connections, loopback)\n`);
    console.log('| target | req/s | p50 ms | p99 ms | unexpected status |');
    console.log('| --- | ---: | ---: | ---: | ---: |');
    console.log(row('demo API directly: GET /prod/ (baseline)', direct));
    console.log(row('local edge: GET / (function reads the KVS, answers 307)', viaEdge));
    console.log(
      `\nRatio edge/baseline: throughput ${(viaEdge.rps / direct.rps).toFixed(2)}x, ` +
        `p50 ${(viaEdge.p50ms / direct.p50ms).toFixed(2)}x, p99 ${(viaEdge.p99ms / direct.p99ms).toFixed(2)}x\n`,
    );
  } finally {
    await dev.stop();
  }
}

await edgeBench();
