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
import { buildDist, DIST_ENV } from './dist.js';
import { measureTestEdge, type TestEdgeFigures } from './test-edge-load.js';
import { miniflareInstalled, startMiniflare } from './peers/miniflare.js';
import { NGINX, startNginx } from './peers/nginx.js';
import { measureInRounds, measureLoad, median, medianSample, roundRatios, type RoundTarget } from './rounds.js';
import { loadFor, WRK, type WrkResult } from './wrk.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const RSS_SECONDS = Number(process.env.BENCH_RSS_SECONDS ?? 60);
const DEMO_CONFIG = fileURLToPath(new URL('../cellfront.config.json', import.meta.url));
/**
 * Every target serves this long at 16 connections before it is measured: a new
 * process's throughput climbs for about 2 s (threads start, code gets optimised).
 */
const WARM_SECONDS = Number(process.env.BENCH_WARM_SECONDS ?? 3);
/**
 * The 16-connection rows that the ratios compare (the demo API, the edge in both
 * modes, Miniflare in both) are measured in this many rounds, in turn
 * (`./rounds.ts`), each load `ROUND_SECONDS` long. Five, not three: on two cores one
 * round in five or so lands in a dip of the machine's (a round's proxy ratio 0.11
 * where its neighbours gave 0.15–0.17), and a median of three held such a dip
 * whenever a second round was only a little low.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const ROUND_SECONDS = Math.max(3, Math.round(SECONDS / ROUNDS));

/** The rows the ratios are taken from (the report finds them by these names). */
export const NAMES = {
  api: 'demo API directly: GET /prod/ (baseline)',
  proxy: 'local edge, proxy (viewer-request + viewer-response, then the API)',
  redirect: 'local edge, redirect (the function reads the KVS, answers 307)',
  mfProxy: 'Miniflare, equivalent routing worker, proxy by fetch',
  mfRedirect: 'Miniflare, equivalent routing worker, 307 redirect',
} as const;

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
    /** For a row measured in rounds: each round's rate (the row shows their median rate and CPU, and the median round's latencies). */
    readonly samples?: readonly number[];
  }>;
  /** The rounds, and per round the ratios the checks hold (`proxyVsApi`, `redirectVsApi`, `proxyVsMiniflare`, `redirectVsMiniflare`). */
  readonly rounds: { readonly count: number; readonly seconds: number; readonly ratios: Readonly<Record<string, readonly number[]>> };
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

async function warm(url: string, expectStatus: number): Promise<void> {
  await loadFor(url, { seconds: WARM_SECONDS, connections: 16, expectStatus });
}

/** Runs every load; prints nothing. */
export async function runEdgeLoad(): Promise<EdgeLoadFigures> {
  const rows: Array<EdgeLoadFigures['rows'][number]> = [];
  /** One measured row; with `pid`, the CPU that process spent per request too. */
  const row = async (name: string, url: string, connections: number, expectStatus: number, pid?: number) => {
    await probe(name, url, expectStatus);
    rows.push({ name, connections, ...(await measureLoad({ name, url, expectStatus, pid }, { seconds: SECONDS, connections })) });
  };
  const withDev = async (args: readonly string[], use: (dev: DevProcess, edge: string) => Promise<void>) => {
    const dev = await startDevProcess(args, undefined, DIST_ENV);
    try {
      await use(dev, edgeUrl(dev));
    } finally {
      await dev.stop();
    }
  };

  // `cellfront dev` as installed: the compiled CLI, not the sources through tsx.
  await buildDist();
  let rss: EdgeLoadFigures['rss'];
  let rounds: EdgeLoadFigures['rounds'];
  // Proxy mode (the demo config) and the seed layout (no config in the dev's own folder:
  // the function answers 307) run side by side, so the rounds can go from one to the other.
  const proxyDev = await startDevProcess(['--config', DEMO_CONFIG], undefined, DIST_ENV);
  const stops: Array<() => Promise<unknown>> = [() => proxyDev.stop()];
  try {
    const redirectDev = await startDevProcess([], undefined, DIST_ENV);
    stops.push(() => redirectDev.stop());
    const apis = [proxyDev.outputs.APIGATEWAY1URL, proxyDev.outputs.APIGATEWAY2URL].map((url) => String(url).replace('//localhost:', '//127.0.0.1:'));
    const edge = edgeUrl(proxyDev);
    const redirectEdge = edgeUrl(redirectDev);
    const targets: RoundTarget[] = [
      { name: NAMES.api, url: apis[0] ?? '', expectStatus: 200, pid: proxyDev.child.pid },
      { name: NAMES.proxy, url: edge, expectStatus: 200, pid: proxyDev.child.pid },
      { name: NAMES.redirect, url: redirectEdge, expectStatus: 307, pid: redirectDev.child.pid },
    ];
    if (miniflareInstalled()) {
      for (const mode of ['proxy', 'redirect'] as const) {
        const mf = await startMiniflare(apis, mode);
        stops.push(() => mf.close());
        targets.push({ name: mode === 'proxy' ? NAMES.mfProxy : NAMES.mfRedirect, url: mf.url, expectStatus: mode === 'proxy' ? 200 : 307 });
      }
    }
    for (const target of targets) {
      await probe(target.name, target.url, target.expectStatus);
      await warm(target.url, target.expectStatus);
    }
    const samples = await measureInRounds(targets, { rounds: ROUNDS, seconds: ROUND_SECONDS, connections: 16 });
    const byName = new Map(targets.map((target, i) => [target.name, samples[i] ?? []]));
    for (const [name, taken] of byName) {
      const middle = medianSample(taken);
      if (!middle) continue;
      const cpu = median(taken.map((sample) => sample.cpuUsPerRequest ?? Number.NaN));
      rows.push({ name, connections: 16, result: { ...middle.result, rps: median(taken.map((sample) => sample.result.rps)), unexpected: taken.reduce((sum, sample) => sum + sample.result.unexpected, 0) }, samples: taken.map((sample) => sample.result.rps), ...(Number.isNaN(cpu) ? {} : { cpuUsPerRequest: cpu }) });
    }
    const api = byName.get(NAMES.api);
    rounds = {
      count: ROUNDS,
      seconds: ROUND_SECONDS,
      ratios: {
        proxyVsApi: roundRatios(byName.get(NAMES.proxy), api),
        redirectVsApi: roundRatios(byName.get(NAMES.redirect), api),
        proxyVsMiniflare: roundRatios(byName.get(NAMES.proxy), byName.get(NAMES.mfProxy)),
        redirectVsMiniflare: roundRatios(byName.get(NAMES.redirect), byName.get(NAMES.mfRedirect)),
      },
    };
    await row('local edge, proxy', edge, 64, 200, proxyDev.child.pid);
    await row('local edge, redirect', redirectEdge, 64, 307, redirectDev.child.pid);
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
    const idleMb = rssMb(proxyDev.child.pid ?? 0);
    await loadFor(edge, { seconds: RSS_SECONDS, connections: 64, expectStatus: 200 });
    rss = { idleMb, loadedMb: rssMb(proxyDev.child.pid ?? 0), seconds: RSS_SECONDS };
  } finally {
    for (const stop of stops.reverse()) await stop();
  }
  await withDev(['--config', DEMO_CONFIG, '--contexts', 'fresh'], async (dev, edge) => {
    await warm(edge, 200);
    await row('local edge, proxy, a fresh context per invocation (before)', edge, 16, 200, dev.child.pid);
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
    rounds,
    testEdge,
    rss,
    peers: { miniflare: miniflareInstalled(), nginx: NGINX !== undefined },
  };
}

function edgeUrl(dev: DevProcess): string {
  return `http://127.0.0.1:${new URL(`http://${dev.outputs.CLOUDFRONTDOMAINNAME}`).port}/`;
}

/** wrk only tells 2xx/3xx from the rest: checks once that the target answers what it should. */
async function probe(name: string, url: string, expectStatus: number): Promise<void> {
  const answer = await fetch(url, { redirect: 'manual' });
  await answer.arrayBuffer();
  if (answer.status !== expectStatus) throw new Error(`${name}: ${url} answered ${answer.status}, not ${expectStatus}`);
}
