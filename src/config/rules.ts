import { pointer } from './errors.js';
import { isHiddenHeader } from './headers.js';
import type { RawConfig, RawMatch, RawValueTest } from './raw.js';
import type { ResolvedCell, ResolvedPool, ResolvedRule, RuleCondition, RuleFact } from './types.js';

/** Reports one problem at a JSON pointer. */
type Issue = (at: string, message: string) => void;

/** Pool ids that would read ambiguously in reports: the default split is named `default`. */
const RESERVED_POOL_IDS = ['default'];

/**
 * Checks the pools (cells that exist, at least one enabled cell with a
 * positive weight) and returns them in file order.
 */
export function resolvePools(raw: RawConfig, cells: readonly ResolvedCell[], issue: Issue): ResolvedPool[] {
  const byId = new Map(cells.map((c) => [c.id, c]));
  const ids = cells.map((c) => c.id).join(', ');
  return Object.entries(raw.pools ?? {}).map(([id, weights]) => {
    if (RESERVED_POOL_IDS.includes(id)) issue(pointer('pools', id), `"${id}" names the default split (the cells' own weights); pick another pool id`);
    const members = Object.entries(weights).map(([cell, weight]) => {
      if (!byId.has(cell)) issue(pointer('pools', id, cell), `no cell "${cell}"; cells: ${ids}`);
      return { cell, weight };
    });
    const takes = members.some((m) => m.weight > 0 && byId.get(m.cell)?.disabled === false);
    if (members.length > 0 && members.every((m) => byId.has(m.cell)) && !takes) {
      issue(pointer('pools', id), 'no enabled cell of this pool has a positive weight; it could take no request');
    }
    return { id, members };
  });
}

/**
 * Checks the rules (a target that exists and can take requests, header names
 * a function sees, at most one prefix test per fact) and flattens each match
 * into a list of conditions that must all hold.
 */
export function resolveRules(raw: RawConfig, cells: readonly ResolvedCell[], pools: readonly ResolvedPool[], issue: Issue): ResolvedRule[] {
  const byId = new Map(cells.map((c) => [c.id, c]));
  const poolIds = new Set(pools.map((p) => p.id));
  const names = new Map<string, number>();
  return (raw.rules ?? []).map((rule, i) => {
    const at = pointer('rules', i);
    const name = rule.name ?? `rule-${i}`;
    const seen = names.get(name);
    if (seen !== undefined) issue(`${at}/name`, `rule "${name}" is also rule ${seen}; names must be unique`);
    else names.set(name, i);
    let target: ResolvedRule['target'] = { pool: rule.pool ?? '' };
    if (rule.pool !== undefined && rule.cell !== undefined) issue(at, `rule "${name}" has both "pool" and "cell"; give one target`);
    else if (rule.cell !== undefined) {
      target = { cell: rule.cell };
      const cell = byId.get(rule.cell);
      if (!cell) issue(`${at}/cell`, `rule "${name}": no cell "${rule.cell}"; cells: ${cells.map((c) => c.id).join(', ')}`);
      else if (cell.disabled) issue(`${at}/cell`, `rule "${name}": cell "${rule.cell}" is disabled, so it could take no request`);
    } else if (rule.pool === undefined) issue(at, `rule "${name}" has no target; give "pool" or "cell"`);
    else if (!poolIds.has(rule.pool)) {
      issue(`${at}/pool`, `rule "${name}": no pool "${rule.pool}"; pools: ${[...poolIds].join(', ') || 'none (define them under "pools")'}`);
    }
    const conditions: RuleCondition[] = [];
    flatten(rule.match, `${at}/match`, name, conditions, issue);
    const prefixes = new Set<string>();
    for (const c of conditions) {
      if (c.test !== 'prefix') continue;
      const fact = factLabel(c.fact);
      if (prefixes.has(fact)) issue(`${at}/match`, `rule "${name}" tests ${fact} for two prefixes; all of them cannot hold, use one prefix`);
      prefixes.add(fact);
    }
    return { name, pointer: at, conditions, target };
  });
}

/** How a fact reads in messages and reports: `country`, `header x-plan`, ... */
export function factLabel(fact: RuleFact): string {
  return 'name' in fact ? `${fact.kind} ${fact.name}` : fact.kind;
}

function flatten(match: RawMatch, at: string, rule: string, out: RuleCondition[], issue: Issue): void {
  if (match.country) out.push({ fact: { kind: 'country' }, test: 'equals', values: match.country });
  else if (match.countryRegion) out.push({ fact: { kind: 'country-region' }, test: 'equals', values: match.countryRegion });
  else if (match.method) out.push({ fact: { kind: 'method' }, test: 'equals', values: match.method });
  else if (match.pathPrefix !== undefined) out.push({ fact: { kind: 'path' }, test: 'prefix', values: [match.pathPrefix] });
  else if (match.header) {
    const name = match.header.name.toLowerCase();
    if (isHiddenHeader(name)) issue(`${at}/header/name`, `rule "${rule}": CloudFront Functions never see the "${name}" header, so this test could never hold`);
    out.push(valueCondition({ kind: 'header', name }, match.header));
  } else if (match.cookie) out.push(valueCondition({ kind: 'cookie', name: match.cookie.name }, match.cookie));
  else if (match.query) out.push(valueCondition({ kind: 'query', name: match.query.name }, match.query));
  else if (match.allOf) match.allOf.forEach((m, i) => flatten(m, `${at}/allOf/${i}`, rule, out, issue));
}

function valueCondition(fact: RuleFact, test: RawValueTest): RuleCondition {
  if (test.prefix !== undefined) return { fact, test: 'prefix', values: [test.prefix] };
  return { fact, test: 'equals', values: test.oneOf ?? [test.equals ?? ''] };
}
