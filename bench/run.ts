// `npm run bench`: the routing figures, the edge function's size, cost and
// behaviour under faults, and the local edge's load against the demo API
// directly, Miniflare and nginx (when bench/peers/install has installed
// them). Ratios are measured against a baseline in the same run. Every load
// is bounded in time and sent to loopback only.
import { runEdgeFunctionBench } from './edge-function.js';
import { runEdgeLoad } from './edge-load.js';
import { edgeLoadReport } from './edge-load-report.js';
import { edgeFunctionReport, routingReport } from './report.js';
import { runRoutingBench } from './routing.js';
import { poolsReport, runPoolsBench } from './pools.js';

// BENCH_ONLY=edge-load (or routing, edge-function, pools) runs that part alone (the others take a few minutes).
const only = process.env.BENCH_ONLY;
if (only === undefined || only === 'routing') console.log(routingReport(runRoutingBench()));
if (only === undefined || only === 'edge-function') console.log(edgeFunctionReport(await runEdgeFunctionBench()));
if (only === undefined || only === 'pools') console.log(poolsReport(await runPoolsBench()));
if (only === undefined || only === 'edge-load') console.log(edgeLoadReport(await runEdgeLoad()));
