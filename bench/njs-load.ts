/**
 * `cellfront dev --engine njs` under load, in one run: the edge function on warm
 * njs processes at 16 and 64 connections, against the same edge starting an njs
 * process for every invocation (`--contexts fresh`, the engine before warm
 * processes) at 16. Proxy mode (the demo config): every answer should be a 200;
 * anything else is counted, and the edge's own count of 5xx answers is read back
 * from `/_cellfront/stats`. Bounded in time, loopback only.
 */
import { fileURLToPath } from 'node:url';
import { startDevProcess, type DevProcess } from '../test/support/dev-process.js';
import { buildDist, DIST_ENV } from './dist.js';
import { loadFor, WRK, type WrkResult } from './wrk.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const DEMO_CONFIG = fileURLToPath(new URL('../cellfront.config.json', import.meta.url));

interface Row {
  readonly name: string;
  readonly connections: number;
  readonly result: WrkResult;
  /** 5xx answers the edge counted during the row. */
  readonly edge5xx: number;
}

export interface NjsLoadFigures {
  readonly seconds: number;
  readonly tool: string;
  readonly rows: readonly Row[];
}

async function edge5xx(edge: string): Promise<number> {
  const stats = (await (await fetch(new URL('/_cellfront/stats', edge))).json()) as { byStatus?: Record<string, number> };
  return Object.entries(stats.byStatus ?? {})
    .filter(([status]) => Number(status) >= 500)
    .reduce((sum, [, count]) => sum + count, 0);
}

async function withDev(args: readonly string[], use: (edge: string) => Promise<void>): Promise<void> {
  await buildDist();
  const dev: DevProcess = await startDevProcess(args, undefined, DIST_ENV);
  try {
    await use(`http://127.0.0.1:${new URL(`http://${dev.outputs.CLOUDFRONTDOMAINNAME}`).port}/`);
  } finally {
    await dev.stop();
  }
}

/** Runs the loads; prints nothing. */
export async function runNjsLoad(): Promise<NjsLoadFigures> {
  const rows: Row[] = [];
  const row = async (edge: string, name: string, connections: number) => {
    const before = await edge5xx(edge);
    const result = await loadFor(edge, { seconds: SECONDS, connections, expectStatus: 200 });
    rows.push({ name, connections, result, edge5xx: (await edge5xx(edge)) - before });
  };
  await withDev(['--config', DEMO_CONFIG, '--engine', 'njs'], async (edge) => {
    await loadFor(edge, { seconds: 1, connections: 16, expectStatus: 200 });
    await row(edge, 'njs engine, warm processes', 16);
    await row(edge, 'njs engine, warm processes', 64);
  });
  await withDev(['--config', DEMO_CONFIG, '--engine', 'njs', '--contexts', 'fresh'], async (edge) => {
    await loadFor(edge, { seconds: 1, connections: 16, expectStatus: 200 });
    await row(edge, 'njs engine, a process per invocation (before)', 16);
  });
  return { seconds: SECONDS, tool: WRK ? 'wrk' : 'node (wrk not installed)', rows };
}

const fixed = (n: number, digits = 0) => (Number.isFinite(n) ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : 'n/a');

/** Answers that came and were not a 200 (wrk's count, less the requests that got no answer in time). */
function wrongAnswers(row: Row | undefined): number {
  return row ? row.result.unexpected - (row.result.timeouts ?? 0) : Number.NaN;
}

/** Markdown for the figures, with the checks the engine is held to. */
export function njsLoadReport(f: NjsLoadFigures): string {
  const find = (prefix: string, connections: number) => f.rows.find((r) => r.name.startsWith(prefix) && r.connections === connections);
  const warm16 = find('njs engine, warm', 16);
  const warm64 = find('njs engine, warm', 64);
  const before = find('njs engine, a process per invocation', 16);
  const ratio = warm16 && before ? warm16.result.rps / before.result.rps : Number.NaN;
  const checks = [
    { name: 'warm processes vs a process per invocation, proxy, c16', value: ratio, ok: ratio >= 10, detail: 'at least 10x' },
    { name: 'answers other than 200 at c64, warm processes', value: wrongAnswers(warm64), ok: wrongAnswers(warm64) === 0, detail: 'none' },
    { name: '5xx counted by the edge at c64, warm processes', value: warm64?.edge5xx ?? Number.NaN, ok: warm64?.edge5xx === 0, detail: 'none' },
  ];
  return [
    `## cellfront dev --engine njs under load (${f.tool}, ${f.seconds} s per row, proxy mode, loopback)`,
    '',
    '| target | connections | req/s | p50 ms | p99 ms | not 200 | no answer within 2 s | 5xx at the edge |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...f.rows.map(
      (r) =>
        `| ${r.name} | ${r.connections} | ${fixed(r.result.rps)} | ${fixed(r.result.p50ms, 2)} | ${fixed(r.result.p99ms, 2)} | ${wrongAnswers(r)} | ${r.result.timeouts ?? 'n/a'} | ${r.edge5xx} |`,
    ),
    '',
    ...checks.map((c) => `- ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${fixed(c.value, 1)} (${c.detail})`),
    '',
  ].join('\n');
}
