/** Markdown for the figures `npm run bench` prints: routing, the edge function, and the local edge's load. */
import type { EdgeFunctionFigures } from './edge-function.js';
import type { LoadResult } from './load.js';
import type { RoutingBenchFigures } from './routing.js';

const pct = (share: number, digits = 1) => `${(share * 100).toFixed(digits)}%`;

function checks(list: ReadonlyArray<{ name: string; ok: boolean; detail: string }>): string[] {
  return ['', ...list.map((c) => `- ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`)];
}

/** The routing table's figures: accuracy, stickiness, movement against the baselines, corrupt tables. */
export function routingReport(f: RoutingBenchFigures): string {
  return [
    `## Routing (${f.keys.toLocaleString('en-US')} synthetic keys, seeded)`,
    '',
    '| cells | weights | worst error (pp) | table bytes |',
    '| ---: | --- | ---: | ---: |',
    ...f.accuracy.map((a) => `| ${a.cells} | ${a.weights.length > 6 ? `${a.weights.slice(0, 6).join('/')}/...` : a.weights.join('/')} | ${a.maxErrorPoints.toFixed(3)} | ${a.tableBytes} |`),
    '',
    `Stickiness: ${pct(f.stickiness.repeatedRequests)} of repeated requests, ${pct(f.stickiness.newVisitors)} of returning new visitors on the same cell.`,
    '',
    '| change | minimum (TVD) | cellfront | coin flip (seed) | weighted rendezvous |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...f.movement.map((m) => `| ${m.change} | ${pct(m.tvd)} | ${pct(m.moved)} | ${pct(m.coinFlip)} | ${pct(m.rendezvous)} |`),
    '',
    `Corrupt tables (decoder): ${f.fuzz.cases} cases, ${f.fuzz.unusable} refused, ${f.fuzz.usable} still usable, ${f.fuzz.unsound} unsound, ${f.fuzz.threw} threw.`,
    `Decisions: ${f.decisionsPerSecond.toLocaleString('en-US')} per second in Node.`,
    ...checks(f.checks),
    '',
  ].join('\n');
}

/** The built function's figures: size, cost under njs, store reads, corrupt tables through the function. */
export function edgeFunctionReport(f: EdgeFunctionFigures): string {
  const us = (ms: number) => ((ms * 1000) / f.njs.invocations).toFixed(1);
  const cost = (c: EdgeFunctionFigures['njs']['plain']) => `router ${us(c.routerMs)} us, baseline ${us(c.baselineMs)} us per invocation: ratio ${c.ratio.toFixed(2)}`;
  return [
    '## The edge function',
    '',
    '| build | bytes |',
    '| --- | ---: |',
    `| demo config embedded, API Gateway origins (a deployment) | ${f.sizes.deployedDemo} |`,
    `| demo config embedded, \`cellfront dev\`'s origins | ${f.sizes.localDemo} |`,
    `| demo config with a third cell embedded, API Gateway origins | ${f.sizes.threeCells} |`,
    `| no table embedded (\`cellfront build\` without --config: keeps the seed layout) | ${f.sizes.withoutTable} |`,
    `| cellfront's budget / CloudFront's limit | ${f.sizes.budget} / ${f.sizes.cloudFrontLimit} |`,
    '',
    `Cost under njs, ${f.njs.invocations.toLocaleString('en-US')} invocations in one process per function (best of three rounds, same events, same store shim),`,
    'against a baseline function that returns what it was given (the request; on viewer-response, the response):',
    `- per invocation as the harness makes it (event parsed from JSON, handler called): ${cost(f.njs.plain)}. The limit is judged on this one: it leaves out work both functions share, so it is the stricter.`,
    `- adding what a runtime does to hand each result back (serializing the returned request or response, and each origin change): ${cost(f.njs.withConversion)}.`,
    '',
    '| mode | most store reads in one invocation |',
    '| --- | ---: |',
    ...f.reads.map((r) => `| ${r.mode} | ${r.max} |`),
    '',
    `Corrupt tables through the function: ${f.faults.cases} cases, one request each, ${f.faults.fiveXx} answers of 5xx. ${f.faults.stillUsable} still decode whole;`,
    `${f.faults.servedLive} still serve their request (the damage lies where that request does not look); the others go to the fallback:`,
    ...Object.entries(f.faults.fallback).map(
      ([where, n]) => `- ${where}: ${n} of ${f.faults.cases - f.faults.servedLive}, ${f.faults.mispredicted[where] ?? 0} answers other than the routing core predicts`,
    ),
    ...checks(f.checks),
    '',
  ].join('\n');
}

/** One row of the load table. */
export function loadRow(name: string, r: LoadResult): string {
  return `| ${name} | ${r.rps.toFixed(0)} | ${r.p50ms.toFixed(2)} | ${r.p99ms.toFixed(2)} | ${r.unexpected} |`;
}
