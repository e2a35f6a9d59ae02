import { percent, type PooledSimulationReport, type ViewerFacts } from '../../router/table/index.js';
import type { ParsedArgs } from '../args.js';
import { UsageError } from '../errors.js';
import { grouped } from '../numbers.js';
import { cellTable } from './simulate-table.js';

/** The flags that set the simulated viewer's facts, for rules. */
export const factFlags = [
  { name: 'country', type: 'string', valueName: 'CC', description: "The viewer's country (CloudFront-Viewer-Country), e.g. DE." },
  { name: 'country-region', type: 'string', valueName: 'CC-RR', description: "The viewer's country and region, e.g. US-WA (sets the country too)." },
  { name: 'header', type: 'string', valueName: 'NAME=VALUE', repeatable: true, description: 'A request header every simulated request carries (repeatable).' },
  { name: 'cookie', type: 'string', valueName: 'NAME=VALUE', repeatable: true, description: 'A cookie every simulated request carries (repeatable).' },
  { name: 'query', type: 'string', valueName: 'NAME=VALUE', repeatable: true, description: 'A query parameter every simulated request carries (repeatable).' },
  { name: 'path', type: 'string', valueName: 'PATH', description: 'The request path, e.g. /v2/orders (default: /).' },
  { name: 'method', type: 'string', valueName: 'METHOD', description: 'The request method (default: GET).' },
] as const;

function pairs(args: ParsedArgs, flag: string): Record<string, string> | undefined {
  const list = args.lists[flag];
  if (!list || list.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const item of list) {
    const at = item.indexOf('=');
    if (at < 1) throw new UsageError(`--${flag} ${JSON.stringify(item)}: expected NAME=VALUE, e.g. --${flag} x-plan=premium`);
    out[item.slice(0, at)] = item.slice(at + 1);
  }
  return out;
}

/** The viewer's facts from the flags; `undefined` when none is given. */
export function viewerFactsFromFlags(args: ParsedArgs): ViewerFacts | undefined {
  const flag = (name: string) => (typeof args.flags[name] === 'string' ? (args.flags[name] as string) : undefined);
  let country = flag('country')?.toUpperCase();
  let region: string | undefined;
  if (country !== undefined && !/^[A-Z]{2}$/.test(country)) throw new UsageError(`--country ${JSON.stringify(flag('country'))}: expected two letters, e.g. DE`);
  const both = flag('country-region')?.toUpperCase();
  if (both !== undefined) {
    const match = /^([A-Z]{2})-([A-Z0-9]{1,3})$/.exec(both);
    if (!match) throw new UsageError(`--country-region ${JSON.stringify(flag('country-region'))}: expected a country and a region, e.g. US-WA`);
    if (country !== undefined && country !== match[1]) throw new UsageError(`--country ${country} and --country-region ${both} name different countries`);
    country = match[1];
    region = match[2];
  }
  const path = flag('path');
  if (path !== undefined && !path.startsWith('/')) throw new UsageError(`--path ${JSON.stringify(path)}: expected a path starting with /, e.g. /v2/orders`);
  const method = flag('method')?.toUpperCase();
  const facts: ViewerFacts = {
    ...(country ? { country } : {}),
    ...(region ? { region } : {}),
    ...(pairs(args, 'header') ? { headers: pairs(args, 'header') } : {}),
    ...(pairs(args, 'cookie') ? { cookies: pairs(args, 'cookie') } : {}),
    ...(pairs(args, 'query') ? { query: pairs(args, 'query') } : {}),
    ...(path ? { path } : {}),
    ...(method ? { method } : {}),
  };
  return Object.keys(facts).length > 0 ? facts : undefined;
}

/** The viewer's facts as one line: `country DE, header x-plan=premium, path /v2/`. */
export function describeFacts(f: ViewerFacts): string {
  const parts: string[] = [];
  if (f.country) parts.push(`country ${f.country}${f.region ? `, region ${f.region}` : ''}`);
  for (const [kind, map] of [['header', f.headers], ['cookie', f.cookies], ['query', f.query]] as const) {
    for (const [name, value] of Object.entries(map ?? {})) parts.push(`${kind} ${name}=${value}`);
  }
  if (f.path) parts.push(`path ${f.path}`);
  if (f.method) parts.push(`method ${f.method}`);
  return parts.length > 0 ? parts.join(', ') : 'no facts (no country, no rule headers, path /, GET)';
}

/** The human-readable report of a pooled simulation. */
export function renderPooledSimulation(report: PooledSimulationReport, file: string): string {
  const width = Math.max(4, ...report.rules.map((r) => r.rule.length));
  const poolWidth = Math.max(4, ...report.rules.map((r) => r.pool.length));
  const lines = [
    `${grouped(report.keys)} synthetic keys (seed ${report.seed}) through ${file}, each request with ${describeFacts(report.facts)}:`,
    '',
    `${'rule'.padEnd(width)}  ${'pool'.padEnd(poolWidth)}  share`,
    ...report.rules.map((r) => `${r.rule.padEnd(width)}  ${r.pool.padEnd(poolWidth)}  ${percent(r.share).padStart(7)}`),
    '',
    `cells reached: ${report.routed.map((c) => `${c.cell} ${percent(c.share)}`).join(', ')}`,
    '',
  ];
  for (const pool of report.pools) {
    lines.push(`pool ${pool.pool}${pool.rules.length > 0 ? ` (rules: ${pool.rules.join(', ')})` : pool.pool === 'default' ? ' (no rule matches)' : ' (no rule)'}, every key by its slot:`, '', ...cellTable(pool.cells), '');
  }
  lines.push(
    `largest error: ${report.maxErrorPoints.toFixed(2)} percentage points (over ${report.pools.length} pools)`,
    `stickiness: ${percent(report.stickiness.repeatedRequests)} of repeated requests reach the same cell;`,
    `            ${percent(report.stickiness.newVisitors)} of new visitors are back on their first cell with the visitor cookie`,
  );
  if (report.against) {
    lines.push('', `against ${report.against.file} (compiled with ${file}'s table as the previous one), per pool:`, '');
    for (const m of report.against.pools) lines.push(`  ${m.pool}: ${percent(m.movedShare)} of keys move; the minimum possible is ${percent(m.minimumShare)}`);
  }
  return `${lines.join('\n')}\n`;
}
