import { KVS_VALUE_MAX_BYTES } from '../../limits.js';
import { CELL_ID_PATTERN, SLOT_COUNT, TABLE_MAX_CELLS } from './constants.js';
import type { DecodedTable, RoutingTable } from './types.js';

/*
 * Bundled into the edge function, so written in the CloudFront Functions 2.0
 * subset (no destructuring, spread, `?.`, `??`, for...of, classes, default
 * parameters or shorthand properties) and kept small: the function builder
 * keeps identifiers (CloudFront calls the top-level `handler` by name), so
 * helpers here have short names, and a failed check reports the table field
 * at fault (`bad r`) rather than a sentence.
 */

type Loose = Record<string, unknown>;

/** Anything outside printable ASCII. Compiled tables are pure ASCII, so characters count bytes. */
const NOT_ASCII = /[^ -~]/;
const SOURCE = /^([hcq]:.|p:\d{1,3}$|i$)/;
/*
 * What `cf.updateRequestOrigin`, the response headers and the redirect accept:
 * a table that decodes must never make CloudFront answer 502. A DNS name (at
 * most 253 characters, labels of at most 63, not an IP address); an origin
 * path (`/`, no trailing `/`, at most 255, no space, `?` or `#`); an absolute
 * URL of printable ASCII without spaces; an HTTP token (header, cookie name).
 */
const DNS = /^(?=.{1,253}$)(?![\d.]+$)[a-z\d]([a-z\d-]{0,61}[a-z\d])?(\.[a-z\d]([a-z\d-]{0,61}[a-z\d])?)*$/i;
const PATH = /^\/[^\s?#]{0,253}[^\s?#/]$/;
const ABSOLUTE_URL = /^https?:\/\/[!-~]+$/;
const TOKEN = /^[\w!#$%&'*+.^`|~-]+$/;

/**
 * Parses and checks a stored routing table. Never throws: anything corrupt,
 * oversized, of another version, or naming only disabled cells comes back as
 * `{ ok: false, code: 'unusable-table', reason }`.
 *
 * @example decodeTable(await kvs.get(TABLE_KEY)) // { ok: true, table } or { ok: false, ... }
 */
export function decodeTable(text: unknown): DecodedTable {
  let reason = 'not a string';
  if (typeof text === 'string') {
    reason = 'over ' + KVS_VALUE_MAX_BYTES + ' bytes or not ASCII';
    if (text.length <= KVS_VALUE_MAX_BYTES && !NOT_ASCII.test(text)) {
      const t = parse(text);
      const field = t == null ? 'JSON' : problem(t as Loose);
      if (!field) return { ok: true, table: t as RoutingTable };
      reason = 'bad ' + field;
    }
  }
  return { ok: false, code: 'unusable-table', reason: reason };
}

/** `JSON.parse`, or `undefined` when the text is not JSON. */
function parse(text: string): unknown {
  try {
    return JSON.parse(text);
    // The binding stays: njs, the engine CloudFront Functions derive from, rejects `catch {`.
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
  } catch (e) {
    return undefined;
  }
}

/** A non-empty string. */
function str(x: unknown): x is string {
  return typeof x === 'string' && x !== '';
}

/** A string `pattern` matches. */
function fits(x: unknown, pattern: RegExp): boolean {
  return typeof x === 'string' && pattern.test(x);
}

/** A whole number in [lo, hi]. */
function int(x: unknown, lo: number, hi: number): x is number {
  return typeof x === 'number' && x % 1 === 0 && x >= lo && x <= hi;
}

/** Absent, or `ok`. */
function opt(x: unknown, ok: boolean): boolean {
  return x === undefined || ok;
}

/** The table field that makes `t` unusable (`r`, `c (none enabled)`, ...), or `''` when it is usable. */
function problem(t: Loose): string {
  const p = t.m === 'p';
  const c = t.c;
  const r = t.r;
  const k = t.k;
  if (t.v !== 1) return 'v';
  if (!p && !(t.m === 'r' && (t.rs === 307 || t.rs === 308 || t.rs === 302))) return 'm';
  if (!Array.isArray(c) || !int(c.length, 1, TABLE_MAX_CELLS)) return 'c';
  const seen: Record<string, number> = {};
  let on = 0;
  for (let i = 0; i < c.length; i++) {
    const x = (c[i] || {}) as Loose;
    // `$` keeps ids such as `constructor` off Object.prototype.
    const id = '$' + x.i;
    const target = p
      ? fits(x.d, DNS) && opt(x.p, x.p === 'http') && opt(x.n, int(x.n, 1, 65535)) && opt(x.o, fits(x.o, PATH))
      : fits(x.u, ABSOLUTE_URL);
    if (typeof x.i !== 'string' || !CELL_ID_PATTERN.test(x.i) || seen[id] || !target || !opt(x.x, x.x === 1)) return 'c';
    seen[id] = 1;
    if (!x.x) on++;
  }
  if (!on) return 'c (none enabled)';
  if (!Array.isArray(r) || r.length % 2) return 'r';
  let sum = 0;
  for (let i = 0; i < r.length; i += 2) {
    if (!int(r[i], 0, c.length - 1) || !int(r[i + 1], 1, SLOT_COUNT)) return 'r';
    sum += r[i + 1];
  }
  if (sum !== SLOT_COUNT) return 'r';
  if (!Array.isArray(k) || !k.every((s) => typeof s === 'string' && SOURCE.test(s))) return 'k';
  if (!fits(t.sc, TOKEN) || !int(t.sa, 0, 2147483647)) return 'sc';
  if (!opt(t.fh, str(t.fh)) || !opt(t.fc, str(t.fc))) return 'fh';
  if (!int(t.f, 0, c.length - 1)) return 'f';
  if (!opt(t.h, fits(t.h, TOKEN))) return 'h';
  if (!opt(t.pn, t.pn === 1)) return 'pn';
  return '';
}
