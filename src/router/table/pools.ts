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
const REGION = 'cloudfront-viewer-country-region';


/**
 * The mask an entry string (see `entryText` in `rule-index.ts`) gives `v`, or
 * `none` when it lists no such value: one `indexOf`, and the one number read.
 */
function maskOf(text: string, v: string, none: number): number {
  const j = text.indexOf('\n' + v + '\r');
  // A mask of 30 bits is at most 6 base-36 digits; parseInt stops at the "\n" after a shorter one.
  return j < 0 ? none : parseInt(text.substr(j + v.length + 2, 6), 36);
}

/**
 * The index of the first rule that holds for the request, or -1. Each
 * dimension reads its fact once (from the request map and name the compiler
 * wrote) and clears the bits of the rules the value fails (see
 * `rule-index.ts`): an equality those its entry gives, or every tester for a
 * value no rule lists (an absent fact, most often, without a search); a
 * country finds its code in one string with one `indexOf`; a prefix clears
 * the testers that none of the value's prefixes (of the listed lengths)
 * satisfy. One search per dimension: the cost does not grow with the rules
 * or the cells, and the head holds the rules as strings, which parse fast.
 *
 * @example ruleOf(facts, head) // 2 for a viewer in DE when rule 2 is the first to match country DE
 */
export function ruleOf(f: RequestFacts, t: PoolHead): number {
  const d = t.D;
  const h = f.headers;
  let m = (1 << t.T.length) - 1;
  // Five fields per dimension (see flatDimensions): source, name, testers, entries, extra.
  for (let i = 0; i + 4 < d.length; i += 5) {
    const k = d[i] as number;
    const n = d[i + 1] as string;
    const e = d[i + 3] as string;
    const l = d[i + 4] as number[] | 0;
    // By source (see FACT_SOURCE); nothing is allocated per dimension.
    let v: unknown = k === 0 ? h[n] : k === 1 ? f.cookies[n] : k === 2 ? f.query[n] : k === 3 ? f.path : k === 4 ? f.method : h[COUNTRY];
    let fail = d[i + 2] as number;
    // Headers, cookies and query values are `{ value }` in an event, strings in the tools' facts.
    if (v && (v as { value?: unknown }).value) v = (v as { value?: unknown }).value;
    if (k > 5) v = v + '-' + str(h[REGION]);
    // No value: every test of the fact fails (no rule lists an empty value).
    if (typeof v === 'string' && v) {
      if (k === 5 && l) {
        // Codes sit at multiples of 3 (see rule-index.ts); -1 % 3 is -1.
        const j = e.indexOf(v);
        if (v.length === 2 && j % 3 === 0) fail = l[e.charCodeAt(j + 2) - 48] as number;
      } else if (l) {
        // A tester holds when any of its prefixes does: clear what each matching prefix satisfies.
        for (let j = 0; j < l.length; j++) fail &= ~maskOf(e, v.slice(0, l[j]), 0);
      } else fail = maskOf(e, v, fail);
    }
    m &= ~fail;
  }
  // The lowest bit left; none left: clz32(0) is 32, so -1.
  return 31 - Math.clz32(m & -m);
}

/** The pool a request goes to: the first matching rule's, else 0 (the default split). */
export function poolOf(t: PoolHead, rule: number): number {
  return rule < 0 ? 0 : t.T.charCodeAt(rule) - 48;
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
export function shardCell(text: string | false | undefined, t: PoolHead, pool: number, slot: number): TableCell | undefined {
  // Nothing here throws on any JSON: a missing field reads as empty, a wrong type as no match.
  const s = (parse(text) || {}) as { r?: number[]; c?: TableCell[] };
  const r = s.r || [];
  const c = s.c || [];
  let o = slot % (t.P[pool] as number);
  for (let i = 0; i + 1 < r.length; i += 2) {
    o -= r[i + 1] as number;
    if (o < 0) {
      // Anything but a cell fails `decisionFault`'s check of the cell.
      return c[r[i] as number] || undefined;
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
