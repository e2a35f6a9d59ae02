/** Markdown for the local edge's load figures, with the ratios the project holds itself to. */
import { NAMES, type EdgeLoadFigures } from './edge-load.js';
import { median } from './rounds.js';

const fixed = (n: number, digits = 0) => (Number.isFinite(n) ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : 'n/a');

export function edgeLoadReport(f: EdgeLoadFigures): string {
  const find = (prefix: string, connections = 16) => f.rows.find((r) => r.name.startsWith(prefix) && r.connections === connections)?.result;
  const api = find(NAMES.api);
  const proxy = find(NAMES.proxy);
  const proxy64 = find('local edge, proxy', 64);
  const redirect = find(NAMES.redirect);
  const redirect64 = find('local edge, redirect', 64);
  const proxyFresh = find('local edge, proxy, a fresh');
  const redirectFresh = find('local edge, redirect, a fresh');
  const nginx = find('nginx');
  const ratio = (a: { rps: number } | undefined, b: { rps: number } | undefined) => (a && b ? a.rps / b.rps : Number.NaN);
  const checks: Array<{ name: string; value: string; ok: boolean; detail: string }> = [];
  const check = (name: string, value: number, ok: boolean, detail: string, show = (n: number) => fixed(n, 2)) => checks.push({ name, value: show(value), ok, detail });
  // The ratios of the rounds: each compares two loads taken seconds apart; the median is held.
  const rounds = (key: string) => f.rounds.ratios[key] ?? [];
  const held = (key: string) => median(rounds(key));
  // Ratios under 1 with three decimals, cut rather than rounded: one just under its goal never prints as the goal.
  const ratioText = (r: number) => (r < 1 ? fixed(Math.trunc(r * 1000) / 1000, 3) : fixed(r, 2));
  const roundsText = (key: string) => rounds(key).map(ratioText).join(', ') || 'n/a';
  check('proxy vs Miniflare (proxy by fetch), c16', held('proxyVsMiniflare'), held('proxyVsMiniflare') >= 1.5, `at least 1.5x; rounds ${roundsText('proxyVsMiniflare')}`, ratioText);
  check('redirect vs Miniflare (307), c16', held('redirectVsMiniflare'), held('redirectVsMiniflare') >= 1.5, `at least 1.5x; rounds ${roundsText('redirectVsMiniflare')}`, ratioText);
  check('redirect vs the demo API directly, c16', held('redirectVsApi'), held('redirectVsApi') >= 0.25, `at least 0.25x; rounds ${roundsText('redirectVsApi')}`, ratioText);
  check('proxy vs the demo API directly, c16', held('proxyVsApi'), held('proxyVsApi') >= 0.15, `at least 0.15x; rounds ${roundsText('proxyVsApi')}`, ratioText);
  check('p99 at c64, proxy (ms)', proxy64?.p99ms ?? Number.NaN, (proxy64?.p99ms ?? Infinity) < 100, 'under 100 ms');
  check('p99 at c64, redirect (ms)', redirect64?.p99ms ?? Number.NaN, (redirect64?.p99ms ?? Infinity) < 100, 'under 100 ms');
  check('createTestEdge routed requests/s', f.testEdge.requestsPerSecond, f.testEdge.requestsPerSecond >= 5_000, 'at least 5,000');
  check(`RSS of cellfront dev after ${f.rss.seconds} s at c64 (MB)`, f.rss.loadedMb, f.rss.loadedMb < 200, 'under 200 MB');
  return [
    `## The local edge under load (${f.tool}, loopback, ${f.cores} cores shared by everything)`,
    '',
    `Rows with rounds: ${f.rounds.count} rounds of ${f.rounds.seconds} s per target, the targets in turn; req/s and CPU are the rounds' medians, unexpected their sum, latencies the median round's. Other rows: ${f.seconds} s each.`,
    '',
    '| target | connections | req/s | rounds, req/s | p50 ms | p99 ms | unexpected | CPU µs per request (cellfront dev) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...f.rows.map(
      (r) =>
        `| ${r.name} | ${r.connections} | ${fixed(r.result.rps)} | ${r.samples?.map((rps) => fixed(rps)).join(', ') ?? ''} | ${fixed(r.result.p50ms, 2)} | ${fixed(r.result.p99ms, 2)} | ${r.result.unexpected} | ${r.cpuUsPerRequest === undefined ? '' : fixed(r.cpuUsPerRequest)} |`,
    ),
    '',
    'CPU per request: user and system time of the whole `cellfront dev` process (every thread; the demo APIs run in it too) over the row, divided by its requests; the peers run in other processes and are not counted.',
    `Warm contexts against a fresh context per invocation: proxy ${fixed(ratio(proxy, proxyFresh), 1)}x, redirect ${fixed(ratio(redirect, redirectFresh), 1)}x.`,
    nginx ? `nginx split_clients against the demo API directly: ${fixed(ratio(nginx, api), 2)}x.` : 'nginx: not installed (bench/peers/install checks for it); left out.',
    f.peers.miniflare ? '' : 'Miniflare: not installed (run bench/peers/install); left out, and the checks against it fail.',
    `createTestEdge in-process (${f.testEdge.code === 'sources' ? 'the sources through tsx' : 'the compiled package, as installed'}; cellfront's edge function, seed layout, 16 in flight): ${fixed(f.testEdge.requestsPerSecond)} routed requests/s after a 3 s warm-up (${f.testEdge.requests} requests); ${fixed(f.testEdge.firstSecond)} in the first second after the edge started.`,
    `RSS of the cellfront dev process tree: ${fixed(f.rss.idleMb, 1)} MB before, ${fixed(f.rss.loadedMb, 1)} MB after ${f.rss.seconds} s at 64 connections (proxy).`,
    '',
    ...checks.map((c) => `- ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.value} (${c.detail})`),
    '',
  ].join('\n');
}
