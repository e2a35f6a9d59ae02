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

/** Lower-case CloudFront viewer headers the rules read: this one, and this one with `-region`. */
const COUNTRY = 'cloudfront-viewer-country';

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
 * dimension reads its fact with one lookup (a request map and a name the
 * compiler wrote, see `rule-index.ts`); a fact the request lacks fails every
 * test of it, so the dimension clears its testers without a search, and most
 * requests lack most of the facts rules test. Only a present fact is searched
 * (`failed`). The cost does not grow with the rules or the cells, and nothing
 * is allocated per dimension.
 *
 * @example ruleOf(facts, head) // 2 for a viewer in DE when rule 2 is the first to match country DE
 */
export function ruleOf(f: RequestFacts, t: PoolHead): number {
  const d = t.D;
  const h = f.headers;
  // The request's own facts and its maps by number (FACT_MAP in rule-index.ts): the one object
  // a request allocates here. Any other number reads the own facts.
  const o = { p: f.path, m: f.method, c: h[COUNTRY], r: h[COUNTRY + '-region'], 1: h, 2: f.cookies, 3: f.query } as Record<string, unknown>;
  let m = (1 << t.T.length) - 1;
  // Five fields per dimension (see flatDimensions): map, name, testers, entries, kind.
  for (let i = 0; i + 4 < d.length; i += 5) m &= ~(((o[d[i] as number] || o) as Record<string, unknown>)[d[i + 1] as string] ? failed(o, d, i) : (d[i + 2] as number));
  // The lowest bit left; none left: clz32(0) is 32, so -1.
  return 31 - Math.clz32(m & -m);
}

/**
 * The rules of dimension `i` that its fact's value, present in the request,
 * fails. By the dimension's kind: an equality gives its entry's mask (a
 * country-region equality looks up the country, `-`, then the region); a
 * country finds its code in one compact string, only ever at a multiple of 3;
 * a prefix test clears the testers any matching prefix satisfies, probing
 * the listed lengths only while some entry starts as the value does (one
 * search tells most values apart). A value no entry lists fails every tester.
 */
function failed(o: Record<string, unknown>, d: PoolHead['D'], i: number): number {
  const u = ((o[d[i] as number] || o) as Record<string, unknown>)[d[i + 1] as string];
  // `{ value }` in an event, a string in the tools' facts (whose `value` is undefined); anything
  // else (an empty value, a prototype's member) is no value.
  const v = (u as { value?: unknown }).value || u;
  const e = d[i + 3] as string;
  const l = d[i + 4] as string | number;
  let fail = d[i + 2] as number;
  if (typeof v !== 'string') return fail;
  if (typeof l === 'number') return maskOf(e, l ? str(o.c) + '-' + v : v, fail);
  if (e[0] !== '\n') {
    // Codes sit at multiples of 3 (see rule-index.ts); -1 % 3 is -1. Group g's mask is the g-th six characters of l.
    const j = e.indexOf(v);
    return v.length === 2 && j % 3 === 0 ? parseInt(l.substr((e.charCodeAt(j + 2) - 48) * 6, 6), 36) : fail;
  }
  // Lengths (a character each, LENGTH_BASE + length), shortest first. A prefix of the value at least
  // L long starts as the value's first L characters: once no entry starts so, no longer prefix
  // holds either, and the search stops.
  for (let j = 0, n = l.charCodeAt(0) - 35; n <= v.length && e.indexOf('\n' + v.slice(0, n)) >= 0; n = l.charCodeAt(++j) - 35) fail &= ~maskOf(e, v.slice(0, n), 0);
  return fail;
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
 * broken. A shard is its cells' JSON, one per line, then its runs
 * `offset length ...` (numbers separated by spaces) on the last line: each run names its cell by the
 * offset of the cell's line, and the runs cover the shard's slice of the
 * pool's slots. Only the chosen cell is parsed. A cell key holds one cell and
 * one run over every slot, so it reads the same way. Checks what it walks;
 * the cell itself is checked by `decisionFault`.
 *
 * @example shardCell(await kvs.get(key), head, 0, 4321)
 */
export function shardCell(text: string | undefined, t: PoolHead, pool: number, slot: number): TableCell | undefined {
  let o = slot % (t.P[pool] as number);
  // One `try` for the whole walk: a missing value and a cell line that is not JSON throw.
  try {
    // Numbers as text: subtraction and slice convert them; anything else ends the walk with no cell.
    const r = (text as string).slice((text as string).lastIndexOf('\n') + 1).split(' ') as unknown as number[];
    // Anything but a cell fails `decisionFault`'s check of the cell.
    for (let i = 0; i + 1 < r.length; i += 2) if ((o -= r[i + 1] as number) < 0) return JSON.parse((text as string).slice(r[i], (text as string).indexOf('\n', r[i]))) || undefined;
    // The binding stays: njs, the engine CloudFront Functions derive from, rejects `catch {`.
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
  } catch (e) {
    // Not a shard: no cell.
  }
  return undefined;
}

/** True when the edge has switched the cell off (`x` lists its id); a head without `x` costs no search. */
export function isOff(t: PoolHead, cell: TableCell): boolean {
  return !!t.x && t.x.indexOf(cell.i) >= 0;
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
