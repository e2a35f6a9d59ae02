import { parse } from './decode.js';
import { value as str } from './decide.js';
import type { Decision, PartitionKey, PoolHead, RequestFacts, TableCell } from './types.js';

/*
 * The pooled table (version 2), as the edge reads it: the head
 * (`cellfront:table`) holds the rules and the pools' shard widths, each shard
 * (`cellfront:s:<generation>:<pool>:<shard>`) holds the runs of one slice of
 * one pool's slots with the cells they name, and `cellfront:c:<generation>:<id>`
 * holds one cell, for forcing and pins. A request reads the head and one
 * shard (or one cell): two reads; with pins, three.
 *
 * Bundled into the edge function: CloudFront Functions 2.0 subset, short
 * names. The per-request work does not grow with cells or rules: rules are
 * matched by a few map lookups (one per request fact the rules test) that
 * give a bit mask of the rules that hold; the first set bit is the rule.
 */

/** Prefix of shard keys; the rest is `<generation>:<pool>:<shard>`. */
export const SHARD_KEY_PREFIX = 'cellfront:s:';
/** Prefix of cell keys; the rest is `<generation>:<cell id>`. */
export const CELL_KEY_PREFIX = 'cellfront:c:';

/** Lower-case CloudFront viewer headers the rules read. */
const COUNTRY = 'cloudfront-viewer-country';

/**
 * The request value a rule dimension tests: `g` country, `G` country-region,
 * `m` method, `u` path, `h:<header>`, `c:<cookie>`, `q:<query parameter>`.
 *
 * @example factOf(facts, 'h:x-plan') // 'premium'
 */
export function factOf(f: RequestFacts, spec: string): string {
  const k = spec.charAt(0);
  const n = spec.slice(2);
  return k === 'g'
    ? str(f.headers[COUNTRY])
    : k === 'G'
      ? str(f.headers[COUNTRY]) + '-' + str(f.headers[COUNTRY + '-region'])
      : k === 'm'
        ? (f.method as string)
        : k === 'u'
          ? f.path
          : str(k === 'h' ? f.headers[n] : k === 'c' ? f.cookies[n] : f.query[n]);
}

/**
 * The index of the first rule that holds for the request, or -1. Each
 * dimension clears the bits of the rules the request's value fails (see
 * `rule-index.ts`): an equality `[spec, map, testers]` those of
 * `map['=' + value]`, or every tester for a value no rule lists; a country
 * dimension `[spec, codes, testers, 0, masks]` finds the code in one string;
 * a prefix `[spec, map, testers, lengths]` the testers that none of the
 * value's prefixes (of `lengths`) satisfy. One lookup per dimension: the cost
 * does not grow with the rules.
 *
 * @example ruleOf(facts, head) // 2 for a viewer in DE when rule 2 is the first to match country DE
 */
export function ruleOf(f: RequestFacts, t: PoolHead): number {
  const d = t.D;
  let m = (1 << t.T.length) - 1;
  for (let i = 0; i < d.length; i++) {
    const x = d[i] as unknown as [string, Record<string, number>, number, number[] | 0 | undefined, number[] | undefined];
    const v = factOf(f, x[0]);
    const y = x[1];
    const l = x[3];
    let fail = x[2];
    if (x[4]) {
      // Codes sit at multiples of 3 (see rule-index.ts); -1 % 3 is -1.
      const j = (y as unknown as string).indexOf(v);
      if (v.length === 2 && j % 3 === 0) fail = x[4][y[j + 2] as unknown as number] as number;
    } else if (l) {
      let hold = 0;
      for (let j = 0; j < l.length; j++) hold |= y['=' + v.slice(0, l[j])] || 0;
      fail &= ~hold;
    } else if (typeof y['=' + v] === 'number') fail = y['=' + v] as number;
    m &= ~fail;
  }
  return m ? 31 - Math.clz32(m & -m) : -1;
}

/** The pool a request goes to: the first matching rule's, else 0 (the default split). */
export function poolOf(t: PoolHead, rule: number): number {
  return rule < 0 ? 0 : (t.T[rule] as number);
}

/**
 * The KVS key of the shard holding `slot` in pool `pool`.
 *
 * @example shardKey(head, 0, 4321) // 'cellfront:s:3:0:43' when the pool's shards are 100 slots wide
 */
export function shardKey(t: PoolHead, pool: number, slot: number): string {
  return SHARD_KEY_PREFIX + t.g + ':' + pool + ':' + ((slot / (t.P[pool] as number)) | 0);
}

/** The KVS key of the cell named `id`, for forcing and pins. */
export function cellKey(t: PoolHead, id: string): string {
  return CELL_KEY_PREFIX + t.g + ':' + id;
}

/** The id the force header or cookie names, or `''`. */
export function forcedId(f: RequestFacts, t: PoolHead): string {
  return (t.fh ? str(f.headers[t.fh]) : '') || (t.fc ? str(f.cookies[t.fc]) : '');
}

/**
 * The cell a shard gives `slot`, or `undefined` when the shard is missing or
 * broken: the shard's runs `[cell, length, ...]` cover its slice of the
 * pool's slots. A cell key holds one run over every slot, so it reads the
 * same way. Checks what it walks; the cell itself is checked by `decisionFault`.
 *
 * @example shardCell(await kvs.get(key), head, 0, 4321)
 */
export function shardCell(text: string | undefined, t: PoolHead, pool: number, slot: number): TableCell | undefined {
  // Nothing here throws on any JSON: a missing field reads as empty, a wrong type as no match.
  const s = (parse(text) || {}) as { r?: number[]; c?: TableCell[] };
  const r = s.r || [];
  const c = s.c || [];
  let o = slot % (t.P[pool] as number);
  for (let i = 0; i + 1 < r.length; i += 2) {
    o -= r[i + 1] as number;
    if (o < 0) {
      const x = c[r[i] as number];
      return x && typeof x === 'object' ? x : undefined;
    }
  }
  return undefined;
}

/** True when the edge has switched the cell off (`x` lists its id). */
export function isOff(t: PoolHead, cell: TableCell): boolean {
  return (t.x || []).indexOf(cell.i) >= 0;
}

/**
 * A decision for a pooled table: the cell, why, and for a new visitor the
 * cookie that keeps the key (as `decide` makes it).
 */
export function poolDecision(t: PoolHead, cell: TableCell, reason: Decision['reason'], pk: PartitionKey): Decision {
  const d: { -readonly [K in keyof Decision]: Decision[K] } = { cell: cell, reason: reason, key: pk.key, source: pk.source };
  if (pk.source === 'new-visitor') {
    d.setVisitorCookie = { name: t.sc, value: pk.key, attributes: 'Path=/; Max-Age=' + t.sa + '; Secure; HttpOnly; SameSite=Lax' };
  }
  return d;
}
