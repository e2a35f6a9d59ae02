import { describe, expect, it } from 'vitest';
import type { ResolvedRule, RuleCondition, RuleFact } from '../../src/config/index.js';
import { ruleOf } from '../../src/router/table/pools.js';
import { flatDimensions, MAX_RULES, ruleDimensions } from '../../src/router/table/rule-index.js';
import type { FactValue, PoolHead, RequestFacts } from '../../src/router/table/types.js';
import { prng } from './support.js';

/** The rules' meaning, written plainly: the first rule whose every condition holds. */
function firstMatch(rules: readonly ResolvedRule[], f: RequestFacts): number {
  const plain = (v: FactValue | undefined) => (typeof v === 'string' ? v : (v?.value ?? ''));
  const read = (fact: RuleFact): string => {
    const h = (name: string) => plain(f.headers[name]);
    switch (fact.kind) {
      case 'country':
        return h('cloudfront-viewer-country');
      case 'country-region':
        return `${h('cloudfront-viewer-country')}-${h('cloudfront-viewer-country-region')}`;
      case 'method':
        return f.method ?? '';
      case 'path':
        return f.path;
      case 'header':
        return h(fact.name);
      case 'cookie':
        return plain(f.cookies[fact.name]);
      case 'query':
        return plain(f.query[fact.name]);
    }
  };
  const holds = (c: RuleCondition) => {
    const v = read(c.fact);
    return c.test === 'equals' ? c.values.includes(v) : v.startsWith(c.values[0] as string);
  };
  return rules.findIndex((r) => r.conditions.every(holds));
}

const pick = <T>(next: () => number, list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;

const COUNTRIES = ['DE', 'FR', 'US', 'JP', 'GB'];
const CONDITIONS: ((next: () => number) => RuleCondition)[] = [
  (n) => ({ fact: { kind: 'country' }, test: 'equals', values: [pick(n, COUNTRIES), pick(n, COUNTRIES)] }),
  (n) => ({ fact: { kind: 'country-region' }, test: 'equals', values: [pick(n, ['US-WA', 'US-CA', 'DE-BY'])] }),
  (n) => ({ fact: { kind: 'method' }, test: 'equals', values: [pick(n, ['GET', 'POST'])] }),
  (n) => ({ fact: { kind: 'path' }, test: 'prefix', values: [pick(n, ['/a', '/a/b', '/b/', '/'])] }),
  (n) => ({ fact: { kind: 'header', name: 'x-plan' }, test: 'equals', values: [pick(n, ['free', 'premium', 'gold'])] }),
  (n) => ({ fact: { kind: 'header', name: 'x-plan' }, test: 'prefix', values: [pick(n, ['p', 'pre', 'g'])] }),
  (n) => ({ fact: { kind: 'cookie', name: 'tier' }, test: 'equals', values: [pick(n, ['1', '2']), pick(n, ['2', '3'])] }),
  (n) => ({ fact: { kind: 'query', name: 'beta' }, test: 'equals', values: [pick(n, ['on', 'yes'])] }),
];

function randomRules(next: () => number, count: number): ResolvedRule[] {
  return Array.from({ length: count }, (_, i) => {
    const conditions: RuleCondition[] = [];
    const used = new Set<number>();
    const n = 1 + Math.floor(next() * 3);
    while (conditions.length < n) {
      const k = Math.floor(next() * CONDITIONS.length);
      // At most one prefix test per fact and rule, as validation requires.
      if ((k === 3 || k === 5) && used.has(k)) continue;
      used.add(k);
      conditions.push((CONDITIONS[k] as (n: () => number) => RuleCondition)(next));
    }
    return { name: `r${i}`, pointer: `/rules/${i}`, conditions, target: { pool: 'p' } };
  });
}

/** Half the facts as the tools give them (strings), half as an event does (`{ value }`). */
function randomFacts(next: () => number): RequestFacts {
  const asEvent = next() < 0.5;
  const map = (entries: [string, string][]) => Object.fromEntries(entries.map(([k, v]) => [k, asEvent ? { value: v } : v]));
  const headers: [string, string][] = [];
  if (next() < 0.8) headers.push(['cloudfront-viewer-country', pick(next, [...COUNTRIES, 'BR'])]);
  if (next() < 0.5) headers.push(['cloudfront-viewer-country-region', pick(next, ['WA', 'CA', 'BY'])]);
  if (next() < 0.6) headers.push(['x-plan', pick(next, ['free', 'premium', 'gold', 'pro', 'p', ''])]);
  return {
    headers: map(headers),
    cookies: map(next() < 0.5 ? [['tier', pick(next, ['1', '2', '3'])]] : []),
    query: map(next() < 0.5 ? [['beta', pick(next, ['on', 'yes', 'no'])]] : []),
    path: pick(next, ['/', '/a', '/a/b/c', '/a/b', '/b/x', '/b/', '/b', '/c', '/ab', '']),
    method: pick(next, ['GET', 'POST', 'PUT']),
    clientIp: '',
    newVisitorId: 'n',
  };
}

function head(rules: readonly ResolvedRule[]): PoolHead {
  return { D: flatDimensions(ruleDimensions(rules)), T: rules.map(() => '1').join('') } as unknown as PoolHead;
}

describe('rules at the edge: one lookup per fact, the first rule that holds', () => {
  it('agrees with the plain reading of the rules on 3,000 random rule sets and requests', () => {
    const next = prng(13);
    for (let round = 0; round < 100; round++) {
      const rules = randomRules(next, 1 + Math.floor(next() * MAX_RULES));
      const h = head(rules);
      for (let i = 0; i < 30; i++) {
        const facts = randomFacts(next);
        expect(ruleOf(facts, h), JSON.stringify({ rules, facts })).toBe(firstMatch(rules, facts));
      }
    }
  });

  it('reads a country from one compact string, and any other value as failing every country test', () => {
    const rules: ResolvedRule[] = [
      { name: 'eu', pointer: '/rules/0', conditions: [{ fact: { kind: 'country' }, test: 'equals', values: ['DE', 'FR'] }], target: { pool: 'eu' } },
      { name: 'jp', pointer: '/rules/1', conditions: [{ fact: { kind: 'country' }, test: 'equals', values: ['JP'] }], target: { pool: 'apac' } },
    ];
    const dims = ruleDimensions(rules);
    expect(dims).toEqual([[0, 'c', 3, 'DE0FR0JP1', '000002000001']]);
    const h = head(rules);
    const at = (country: string) => ruleOf({ headers: { 'cloudfront-viewer-country': country }, cookies: {}, query: {}, path: '/', clientIp: '', newVisitorId: 'n' }, h);
    expect([at('DE'), at('FR'), at('JP'), at('US'), at('E0'), at('0F'), at(''), at('DEFR')]).toEqual([0, 0, 1, -1, -1, -1, -1, -1]);
  });

  it('refuses more rules than one mask holds', () => {
    expect(() => ruleDimensions(randomRules(prng(1), MAX_RULES + 1))).toThrow(/at most 30 rules/);
  });

  it('names prototype members as plain values', () => {
    const rules: ResolvedRule[] = [
      { name: 'a', pointer: '/rules/0', conditions: [{ fact: { kind: 'header', name: 'x-a' }, test: 'equals', values: ['toString'] }], target: { pool: 'p' } },
    ];
    const h = head(rules);
    const facts = (v: string) => ({ headers: { 'x-a': v }, cookies: {}, query: {}, path: '/', clientIp: '', newVisitorId: 'n' });
    expect([ruleOf(facts('toString'), h), ruleOf(facts('constructor'), h), ruleOf(facts('__proto__'), h)]).toEqual([0, -1, -1]);
  });

  it("reads each fact where the head says: viewer headers, and the path and method as the request's own facts", () => {
    const rule = (name: string, fact: RuleFact, test: 'equals' | 'prefix', values: string[]): ResolvedRule => ({ name, pointer: '/rules/0', conditions: [{ fact, test, values }], target: { pool: 'p' } });
    const rules = [
      rule('region', { kind: 'country-region' }, 'equals', ['US-WA']),
      rule('path', { kind: 'path' }, 'prefix', ['/v2/']),
      rule('method', { kind: 'method' }, 'equals', ['POST']),
      rule('cookie', { kind: 'cookie', name: 'Plan' }, 'equals', ['gold']),
      rule('header', { kind: 'header', name: 'X-Plan' }, 'prefix', ['pre']),
      rule('admin', { kind: 'path' }, 'prefix', ['/v2/admin/']),
    ];
    expect(ruleDimensions(rules)).toEqual([
      [0, 'r', 1, '\nUS-WA\r0\n', 1],
      [0, 'p', 34, '\n/v2/\r2\n/v2/admin/\rw\n', "'-"],
      [0, 'm', 4, '\nPOST\r0\n', 0],
      [2, 'Plan', 8, '\ngold\r0\n', 0],
      [1, 'x-plan', 16, '\npre\rg\n', '&'],
    ]);
    const h = head(rules);
    const at = (f: Partial<RequestFacts>) => ruleOf({ headers: {}, cookies: {}, query: {}, path: '/', method: 'GET', clientIp: '', newVisitorId: 'n', ...f }, h);
    expect(at({ headers: { 'cloudfront-viewer-country': { value: 'US' }, 'cloudfront-viewer-country-region': { value: 'WA' } } })).toBe(0);
    // A region alone, or a country alone, is no country-region.
    expect(at({ headers: { 'cloudfront-viewer-country-region': { value: 'WA' } } })).toBe(-1);
    expect(at({ headers: { 'cloudfront-viewer-country': 'US' } })).toBe(-1);
    expect([at({ path: '/v2/admin/x' }), at({ path: '/v2/' }), at({ path: '/v2' }), at({ path: '/v' }), at({ path: '/v3/' })]).toEqual([1, 1, -1, -1, -1]);
    // After a shorter prefix holds, the longer ones are probed too.
    const nested = head([{ ...rule('v2-posts', { kind: 'path' }, 'prefix', ['/v2/']), conditions: [...(rules[1] as ResolvedRule).conditions, ...(rules[2] as ResolvedRule).conditions] }, rules[5] as ResolvedRule]);
    const on = (path: string, method: string) => ruleOf({ headers: {}, cookies: {}, query: {}, path, method, clientIp: '', newVisitorId: 'n' }, nested);
    expect([on('/v2/admin/x', 'GET'), on('/v2/admin/x', 'POST'), on('/v2/x', 'GET'), on('/v2/admin', 'GET')]).toEqual([1, 0, -1, -1]);
    expect([at({ method: 'POST' }), at({ method: 'post' }), at({ method: undefined })]).toEqual([2, -1, -1]);
    expect([at({ cookies: { Plan: { value: 'gold' } } }), at({ cookies: { plan: 'gold' } }), at({ cookies: { Plan: { value: '' } } })]).toEqual([3, -1, -1]);
    expect([at({ headers: { 'x-plan': 'premium' } }), at({ headers: { 'x-plan': 'pr' } }), at({ headers: { 'x-plan': { value: 'pre' } } })]).toEqual([4, -1, 4]);
  });

  it('never throws on a corrupt dimension: a map number out of range reads the own facts, any name as absent', () => {
    const base = head([{ name: 'a', pointer: '/rules/0', conditions: [{ fact: { kind: 'header', name: 'x-a' }, test: 'equals', values: ['1'] }], target: { pool: 'p' } }]);
    const f: RequestFacts = { headers: { 'x-a': '1' }, cookies: {}, query: {}, path: '/', clientIp: '', newVisitorId: 'n' };
    for (const D of [[7, 'x-a', 1, '\n1\r0\n', 0], ['x', 'x-a', 1, '\n1\r0\n', 0], ['p', 'length', 1, '\n1\r0\n', 0], [1, 'nope', 1, '\n1\r0\n', 0], [1, '__proto__', 1, '\n1\r0\n', 0], [1, 'x-a', 1, '', 0], [1, 'x-a', 1, '\n1\r0\n', 'x']]) {
      expect(() => ruleOf(f, { ...base, D } as PoolHead)).not.toThrow();
    }
  });
});
