// `npm run bench`: the routing figures, the edge function's size, cost and
// behaviour under faults, the local edge's load against the demo API
// directly, Miniflare and nginx, and the njs engine under load (when
// bench/peers/install has installed them), and the CLI's start-up against
// `node -e 0`. Ratios are measured against a baseline in the same run. Every
// load is bounded in time and sent to loopback only.
import { runEdgeFunctionBench } from './edge-function.js';
import { runEdgeLoad } from './edge-load.js';
import { edgeLoadReport } from './edge-load-report.js';
import { njsLoadReport, runNjsLoad } from './njs-load.js';
import { edgeFunctionReport, routingReport } from './report.js';
import { runRoutingBench } from './routing.js';
import { poolsReport, runPoolsBench } from './pools.js';
import { runBigBodyBench } from './big-body.js';
import { runStartupBench, startupReport } from './startup.js';

// BENCH_ONLY=edge-load (or routing, edge-function, pools, njs-load, big-body, startup) runs one part alone (the others take a few minutes).
const only = process.env.BENCH_ONLY;
if (only === undefined || only === 'routing') console.log(routingReport(runRoutingBench()));
if (only === undefined || only === 'edge-function') console.log(edgeFunctionReport(await runEdgeFunctionBench()));
if (only === undefined || only === 'pools') console.log(poolsReport(await runPoolsBench()));
if (only === undefined || only === 'edge-load') console.log(edgeLoadReport(await runEdgeLoad()));
if (only === undefined || only === 'njs-load') console.log(njsLoadReport(await runNjsLoad()));
if (only === undefined || only === 'big-body') console.log(await runBigBodyBench());
if (only === undefined || only === 'startup') console.log(startupReport(await runStartupBench()));
