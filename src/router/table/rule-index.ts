import type { ResolvedRule, RuleFact } from '../../config/types.js';
import type { RuleDimension } from './types.js';

/** Rules one table may hold: each is one bit of a 32-bit mask at the edge, the sign bit left alone. */
export const MAX_RULES = 30;

/** The table's name of a fact: `g`, `G`, `m`, `u`, `h:<header>`, `c:<cookie>`, `q:<query>`. */
export function factSpec(fact: RuleFact): string {
  switch (fact.kind) {
    case 'country':
      return 'g';
    case 'country-region':
      return 'G';
    case 'method':
      return 'm';
    case 'path':
      return 'u';
    case 'header':
      return `h:${fact.name.toLowerCase()}`;
    case 'cookie':
      return `c:${fact.name}`;
    case 'query':
      return `q:${fact.name}`;
  }
}

/**
 * Turns ordered rules into the table's dimensions: one per request fact and
 * kind of test. An equality dimension maps each listed value to the bit mask
 * of the rules it fails (rules testing the fact whose lists lack it); the
 * third field is the mask of all rules testing the fact, which any other
 * value fails. A prefix dimension maps each prefix to the rules it satisfies;
 * a value fails the testing rules none of its matching prefixes satisfy. The
 * edge clears the failed bits of every dimension from the mask of all rules
 * and takes the lowest bit left: the first rule whose conditions all hold.
 * Failure masks only carry the bits of the rules testing that fact, so they
 * stay small numbers. Deterministic: dimensions in the order rules first test them.
 *
 * @example ruleDimensions([{ conditions: [{ fact: { kind: 'country' }, test: 'equals', values: ['DE'] }], ... }])
 * // [['g', 'DE0', 1, 0, [0]]]
 */
export function ruleDimensions(rules: readonly ResolvedRule[]): RuleDimension[] {
  if (rules.length > MAX_RULES) throw new RangeError(`at most ${MAX_RULES} rules fit a table, got ${rules.length}`);
  const order: string[] = [];
  const equals = new Map<string, { rule: number; values: Set<string> }[]>();
  const prefixes = new Map<string, { rule: number; prefix: string }[]>();
  rules.forEach((rule, r) => {
    for (const c of rule.conditions) {
      const spec = factSpec(c.fact);
      const id = `${c.test} ${spec}`;
      if (!order.includes(id)) order.push(id);
      if (c.test === 'equals') {
        const list = equals.get(spec) ?? [];
        list.push({ rule: r, values: new Set(c.values) });
        equals.set(spec, list);
      } else {
        const list = prefixes.get(spec) ?? [];
        list.push({ rule: r, prefix: c.values[0] as string });
        prefixes.set(spec, list);
      }
    }
  });
  return order.map((id): RuleDimension => {
    const spec = id.slice(id.indexOf(' ') + 1);
    if (id.startsWith('equals ')) {
      const tests = equals.get(spec) ?? [];
      let testers = 0;
      for (const t of tests) testers |= 1 << t.rule;
      const values = [...new Set(tests.flatMap((t) => [...t.values]))].sort();
      const map: Record<string, number> = {};
      for (const value of values) {
        // The rules this value fails: those testing the fact whose conditions do not all list it.
        let fails = 0;
        for (const t of tests) if (!t.values.has(value)) fails |= 1 << t.rule;
        map[`=${value}`] = fails;
      }
      return spec === 'g' ? countryDimension(map, testers) : [spec, map, testers];
    }
    const tests = prefixes.get(spec) ?? [];
    let testers = 0;
    const map: Record<string, number> = {};
    for (const t of tests) {
      testers |= 1 << t.rule;
      map[`=${t.prefix}`] = (map[`=${t.prefix}`] ?? 0) | (1 << t.rule);
    }
    const lengths = [...new Set(tests.map((t) => t.prefix.length))].sort((a, b) => a - b);
    return [spec, map, testers, lengths];
  });
}

/** Masks one country dimension may group its codes in: one digit each. */
const COUNTRY_GROUPS = 10;

/**
 * A country dimension, compact: country codes are exactly two upper-case
 * letters, so `"DE0FR0JP1"` (each code, then its group's digit) finds a code
 * with one `indexOf`, only ever at a multiple of 3, in a third of the bytes
 * of a map. The groups' masks follow. More groups than digits keep the map.
 */
function countryDimension(map: Record<string, number>, testers: number): RuleDimension {
  const groups: number[] = [];
  let codes = '';
  for (const [key, mask] of Object.entries(map)) {
    let g = groups.indexOf(mask);
    if (g < 0) g = groups.push(mask) - 1;
    codes += key.slice(1) + g;
  }
  return groups.length > COUNTRY_GROUPS ? ['g', map, testers] : ['g', codes, testers, 0, groups];
}
