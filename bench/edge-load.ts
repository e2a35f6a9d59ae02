/**
 * The local edge under load, in one run: the demo API directly (the ceiling),
 * the edge in proxy and redirect mode at 16 connections (and p99 at 64), the
 * same edge with a fresh context per invocation (what warm contexts are
 * measured against), `createTestEdge` in-process, the memory of `cellfront dev`
 * after a sustained load, and, when `bench/peers/install` has installed them,
 * Miniflare on an equivalent routing worker and nginx `split_clients` proxying
 * to the same two APIs. Each target is warmed the same way before it is measured.
 * Every load is bounded in time and sent to loopback.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { startDevProcess, type DevProcess } from '../test/support/dev-process.js';
import { cpuMillis } from '../src/runtime/engines/njs/cpu.js';
import { buildDist, DIST_ENV } from './dist.js';
import { measureTestEdge, type TestEdgeFigures } from './test-edge-load.js';
import { miniflareInstalled, startMiniflare } from './peers/miniflare.js';
import { NGINX, startNginx } from './peers/nginx.js';
import { loadFor, WRK, type WrkResult } from './wrk.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const RSS_SECONDS = Number(process.env.BENCH_RSS_SECONDS ?? 60);
const DEMO_CONFIG = fileURLToPath(new URL('../cellfront.config.json', import.meta.url));
/**
 * Every target serves this long at 16 connections before it is measured: a new
 * process's throughput climbs for about 2 s (threads start, code gets optimised).
 */
const WARM_SECONDS = Number(process.env.BENCH_WARM_SECONDS ?? 3);

export interface EdgeLoadFigures {
  readonly seconds: number;
  readonly tool: string;
  readonly cores: number;
  readonly rows: ReadonlyArray<{
    readonly name: string;
    readonly connections: number;
    readonly result: WrkResult;
    /** CPU time (user and system, all threads) the `cellfront dev` process spent per request, when the row measured it. */
    readonly cpuUsPerRequest?: number;
  }>;
  readonly testEdge: TestEdgeFigures;
  readonly rss: { readonly idleMb: number; readonly loadedMb: number; readonly seconds: number };
  readonly peers: { readonly miniflare: boolean; readonly nginx: boolean };
}

/** RSS of a process and its descendants, in MB (Linux). */
function rssMb(pid: number): number {
  const ownKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    // no children file: count the process alone
  }
  return ownKb / 1024 + children.reduce((sum, child) => sum + rssMb(child), 0);
}

/** CPU time process `pid` has used (user and system, all its threads), in µs; NaN off Linux. */
function cpuUs(pid: number): number {
  return (cpuMillis(pid) ?? Number.NaN) * 1000;
}

async function warm(url: string, expectStatus: number): Promise<void> {
  await loadFor(url, { seconds: WARM_SECONDS, connections: 16, expectStatus });
}

/** Runs every load; prints nothing. */
export async function runEdgeLoad(): Promise<EdgeLoadFigures> {
  const rows: Array<EdgeLoadFigures['rows'][number]> = [];
  /** One measured row; with `pid`, the CPU that process spent per request too. */
  const row = async (name: string, url: string, connections: number, expectStatus: number, pid?: number) => {
    // wrk only tells 2xx/3xx from the rest: check once that the target answers what it should.
    const probe = await fetch(url, { redirect: 'manual' });
    await probe.arrayBuffer();
    if (probe.status !== expectStatus) throw new Error(`${name}: ${url} answered ${probe.status}, not ${expectStatus}`);
    const cpuBefore = pid === undefined ? 0 : cpuUs(pid);
    const result = await loadFor(url, { seconds: SECONDS, connections, expectStatus });
    const cpu = pid === undefined ? {} : { cpuUsPerRequest: (cpuUs(pid) - cpuBefore) / (result.rps * SECONDS) };
    rows.push({ name, connections, result, ...cpu });
  };
  const withDev = async (args: readonly string[], use: (dev: DevProcess, edge: string, apis: string[]) => Promise<void>) => {
    const dev = await startDevProcess(args, undefined, DIST_ENV);
    try {
      const apis = [dev.outputs.APIGATEWAY1URL, dev.outputs.APIGATEWAY2URL].map((url) => String(url).replace('//localhost:', '//127.0.0.1:'));
      await use(dev, `http://127.0.0.1:${new URL(`http://${dev.outputs.CLOUDFRONTDOMAINNAME}`).port}/`, apis);
    } finally {
      await dev.stop();
    }
  };

  // `cellfront dev` as installed: the compiled CLI, not the sources through tsx.
  await buildDist();
  let rss = { idleMb: 0, loadedMb: 0, seconds: RSS_SECONDS };
  await withDev(['--config', DEMO_CONFIG], async (dev, edge, apis) => {
    const api = apis[0] ?? '';
    await warm(api, 200);
    await row('demo API directly: GET /prod/ (baseline)', api, 16, 200, dev.child.pid);
    await warm(edge, 200);
    await row('local edge, proxy (viewer-request + viewer-response, then the API)', edge, 16, 200, dev.child.pid);
    await row('local edge, proxy', edge, 64, 200, dev.child.pid);
    if (miniflareInstalled()) {
      for (const mode of ['proxy', 'redirect'] as const) {
        const mf = await startMiniflare(apis, mode);
        try {
          await warm(mf.url, mode === 'proxy' ? 200 : 307);
          await row(`Miniflare, equivalent routing worker, ${mode === 'proxy' ? 'proxy by fetch' : '307 redirect'}`, mf.url, 16, mode === 'proxy' ? 200 : 307);
        } finally {
          await mf.close();
        }
      }
    }
    if (NGINX) {
      const nginx = await startNginx(apis, availableParallelism());
      try {
        await warm(nginx.url, 200);
        await row('nginx split_clients, proxy', nginx.url, 16, 200);
      } finally {
        await nginx.close();
      }
    }
    // Sustained load, then the memory of the whole `cellfront dev` process tree.
    const idleMb = rssMb(dev.child.pid ?? 0);
    await loadFor(edge, { seconds: RSS_SECONDS, connections: 64, expectStatus: 200 });
    rss = { idleMb, loadedMb: rssMb(dev.child.pid ?? 0), seconds: RSS_SECONDS };
  });
  await withDev(['--config', DEMO_CONFIG, '--contexts', 'fresh'], async (dev, edge) => {
    await warm(edge, 200);
    await row('local edge, proxy, a fresh context per invocation (before)', edge, 16, 200, dev.child.pid);
  });
  // The seed layout (no config in the dev's own folder): the function answers 307.
  await withDev([], async (dev, edge) => {
    await warm(edge, 307);
    await row('local edge, redirect (the function reads the KVS, answers 307)', edge, 16, 307, dev.child.pid);
    await row('local edge, redirect', edge, 64, 307, dev.child.pid);
  });
  await withDev(['--contexts', 'fresh'], async (dev, edge) => {
    await warm(edge, 307);
    await row('local edge, redirect, a fresh context per invocation (before)', edge, 16, 307, dev.child.pid);
  });
  const testEdge = await measureTestEdge(Math.min(SECONDS, 5));
  return {
    seconds: SECONDS,
    tool: WRK ? 'wrk' : 'node (wrk not installed)',
    cores: availableParallelism(),
    rows,
    testEdge,
    rss,
    peers: { miniflare: miniflareInstalled(), nginx: NGINX !== undefined },
  };
}
