import type { ResolvedRule, RuleFact } from '../../config/types.js';
import type { RuleDimension } from './types.js';

/** Rules one table may hold: each is one bit of a 32-bit mask at the edge, the sign bit left alone. */
export const MAX_RULES = 30;

/**
 * The kinds of fact a rule tests, numbered: dimensions are grouped by
 * (test, fact) with these (see `factSpec`), so a country test and a header
 * test of `cloudfront-viewer-country` stay two dimensions.
 */
export const FACT_SOURCE = { header: 0, cookie: 1, query: 2, path: 3, method: 4, country: 5, 'country-region': 6 } as const;

/** The table's name of a fact: its source and, for the request maps, the name (headers in lower case). */
export function factSpec(fact: RuleFact): [number, string] {
  return 'name' in fact ? [FACT_SOURCE[fact.kind], fact.kind === 'header' ? fact.name.toLowerCase() : fact.name] : [FACT_SOURCE[fact.kind], ''];
}

/**
 * Where the edge reads a fact: the first field of a dimension is 0 for the
 * request's own facts or a request map (1 headers, 2 cookies, 3 query
 * parameters), and the second the name in it; the own facts are `p` the path,
 * `m` the method, `c` and `r` the CloudFront viewer headers for the country and
 * the region (one-letter names keep the head small).
 */
export const FACT_MAP = { own: 0, headers: 1, cookies: 2, query: 3 } as const;

/** The fifth field of an equality dimension: 0 the value as it is; 1 the country, `-`, then the value (country-region). */
export const EQUALS = 0;
export const COUNTRY_THEN_VALUE = 1;

/** Where a fact is read at the edge: `[map, name]` (see FACT_MAP). */
function factAt(fact: RuleFact): [number, string] {
  switch (fact.kind) {
    case 'header':
      return [FACT_MAP.headers, fact.name.toLowerCase()];
    case 'cookie':
      return [FACT_MAP.cookies, fact.name];
    case 'query':
      return [FACT_MAP.query, fact.name];
    case 'path':
      return [FACT_MAP.own, 'p'];
    case 'method':
      return [FACT_MAP.own, 'm'];
    case 'country':
      return [FACT_MAP.own, 'c'];
    case 'country-region':
      return [FACT_MAP.own, 'r'];
  }
}

/**
 * Turns ordered rules into the table's dimensions: one per request fact and
 * kind of test, each `[map, name, testers, entries, kind]`: where the edge
 * reads the fact (`FACT_MAP`), the mask of all rules testing it (which a value
 * no rule lists, or no value, fails), the entries and how to read them.
 * An equality dimension (kind 0, or 1 for country-region, which the edge
 * looks up as country, `-`, region) maps each listed value to the bit mask of
 * the rules it fails (rules testing the fact whose lists lack it). A prefix
 * dimension (kind: the prefix lengths, shortest first, a character each:
 * `LENGTH_BASE` + length) maps each prefix to
 * the rules it satisfies; a value fails the testing rules none of its
 * matching prefixes satisfy. A country dimension is compact (kind: the
 * groups' masks; see `countryDimension`). No kind is an array: under njs a
 * nested array costs more to parse than a string. The edge clears the failed bits of
 * every dimension from the mask of all rules and takes the lowest bit left:
 * the first rule whose conditions all hold. Failure masks only carry the bits
 * of the rules testing that fact, so they stay small numbers. Deterministic:
 * dimensions in the order rules first test them.
 *
 * @example ruleDimensions([{ conditions: [{ fact: { kind: 'country' }, test: 'equals', values: ['DE'] }], ... }])
 * // [[0, 'c', 1, 'DE0', '000000']]
 */
export function ruleDimensions(rules: readonly ResolvedRule[]): RuleDimension[] {
  if (rules.length > MAX_RULES) throw new RangeError(`at most ${MAX_RULES} rules fit a table, got ${rules.length}`);
  const order: string[] = [];
  const facts = new Map<string, RuleFact>();
  const equals = new Map<string, { rule: number; values: Set<string> }[]>();
  const prefixes = new Map<string, { rule: number; prefix: string }[]>();
  rules.forEach((rule, r) => {
    for (const c of rule.conditions) {
      const spec = factSpec(c.fact).join(' ');
      const id = `${c.test} ${spec}`;
      if (!order.includes(id)) order.push(id);
      facts.set(spec, c.fact);
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
    const fact = facts.get(spec) as RuleFact;
    const [map, name] = factAt(fact);
    if (id.startsWith('equals ')) {
      const tests = equals.get(spec) ?? [];
      let testers = 0;
      for (const t of tests) testers |= 1 << t.rule;
      const values = [...new Set(tests.flatMap((t) => [...t.values]))].sort();
      const fails = new Map<string, number>();
      for (const value of values) {
        // The rules this value fails: those testing the fact whose conditions do not all list it.
        let mask = 0;
        for (const t of tests) if (!t.values.has(value)) mask |= 1 << t.rule;
        fails.set(value, mask);
      }
      if (fact.kind === 'country') return countryDimension(fails, testers);
      return [map, name, testers, entryText(fails), fact.kind === 'country-region' ? COUNTRY_THEN_VALUE : EQUALS];
    }
    const tests = prefixes.get(spec) ?? [];
    let testers = 0;
    const holds = new Map<string, number>();
    for (const t of tests) {
      testers |= 1 << t.rule;
      holds.set(t.prefix, (holds.get(t.prefix) ?? 0) | (1 << t.rule));
    }
    const lengths = [...new Set(tests.map((t) => t.prefix.length))].sort((a, b) => a - b);
    return [map, name, testers, entryText(holds), lengths.map((n) => String.fromCharCode(LENGTH_BASE + n)).join('')];
  });
}

/** Fields per dimension in the head's flat `D`: map, name, testers, entries, kind. */
export const DIMENSION_FIELDS = 5;

/**
 * The dimensions as the head stores them: one flat array, five fields each
 * (`DIMENSION_FIELDS`). Under njs,
 * parsing JSON costs per array and object far more than per string or number,
 * so a flat array parses in about half the time of one array per dimension.
 *
 * @example flatDimensions([[1, 'x-plan', 1, '\npremium\r0\n', 0]]) // [1, 'x-plan', 1, '\npremium\r0\n', 0]
 */
export function flatDimensions(dimensions: readonly RuleDimension[]): (number | string)[] {
  return dimensions.flat(1);
}

/**
 * Entries as one string the edge searches with one `indexOf`:
 * `"\n<value>\r<mask in base 36>\n..."`. A request value never holds a line
 * break (HTTP refuses control characters in headers, cookies, the query and
 * the path; validation refuses them in rule values), so `"\n" + value + "\r"`
 * finds exactly that value, and the mask ends at the next `"\n"`. One string
 * parses far faster than a map of as many keys (njs: a few microseconds
 * against tens for the bench's rules).
 *
 * @example entryText(new Map([['premium', 0]])) // '\npremium\r0\n'
 */
export function entryText(masks: ReadonlyMap<string, number>): string {
  let text = '\n';
  for (const [value, mask] of masks) text += `${value}\r${mask.toString(36)}\n`;
  return text;
}

/**
 * A prefix dimension's lengths are one character each, this plus the length:
 * printable from length 0, never `"`, and a string parses faster than an array.
 */
export const LENGTH_BASE = 35;

/** Base-36 digits of a mask of MAX_RULES bits, the width of each group's mask in a country dimension. */
const MASK_DIGITS = 6;

/** Masks one country dimension may group its codes in: one digit each. */
const COUNTRY_GROUPS = 10;

/**
 * A country dimension, compact: country codes are exactly two upper-case
 * letters, so `"DE0FR0JP1"` (each code, then its group's digit) finds a code
 * with one `indexOf`, only ever at a multiple of 3, in a third of the bytes
 * of entries. The kind is the groups' masks, six base-36 digits each. More
 * groups than digits keep entries.
 */
function countryDimension(fails: ReadonlyMap<string, number>, testers: number): RuleDimension {
  const groups: number[] = [];
  let codes = '';
  for (const [code, mask] of fails) {
    let g = groups.indexOf(mask);
    if (g < 0) g = groups.push(mask) - 1;
    codes += code + g;
  }
  const [map, name] = factAt({ kind: 'country' });
  return groups.length > COUNTRY_GROUPS ? [map, name, testers, entryText(fails), EQUALS] : [map, name, testers, codes, groups.map((g) => g.toString(36).padStart(MASK_DIGITS, '0')).join('')];
}
