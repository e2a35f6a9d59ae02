import { KVS_VALUE_MAX_BYTES } from '../../limits.js';
import { REDIRECT_STATUSES, SLOT_COUNT, TABLE_MAX_CELLS } from './constants.js';
import type { Decision, DecodedTable, PoolHead, RoutingTable, TableCell } from './types.js';

/*
 * Bundled into the edge function, so written in the CloudFront Functions 2.0
 * subset (no destructuring, spread, `?.`, `??`, for...of, classes, default
 * parameters or shorthand properties) and kept small; a failed check reports
 * the table field at fault (`bad r`) rather than a sentence.
 *
 * Two depths of checking, one set of checks. The edge function pays for its
 * checks on every request: under njs each cell's checks cost about 5 us, so
 * checking every cell costs O(cells) per request, for cells the request never
 * uses. It runs `openTable` (the structure any decision walks: version, mode,
 * the cell list, runs, key sources, fallback), decides, then `decisionFault`
 * (what this decision hands to CloudFront: the chosen cell's origin or URL,
 * the cell header, a new visitor's cookie). Tools run `decodeTable`, which
 * checks every field of every cell: a table they write serves every request.
 */

type Loose = Record<string, unknown>;
/** The build's format literal (see function/embedded-table.ts); undefined outside a build. */
type WithFormat = { CELLFRONT_FORMAT?: number };

/** Anything outside printable ASCII. Compiled tables are pure ASCII, so characters count bytes. */
const NOT_ASCII = /[^ -~]/;
/*
 * One compiled expression per check, over as much as one test can take: under
 * njs a regular expression test costs about 1 us however short the pattern,
 * several times a loop over char codes, so the tests per request are counted.
 *
 * Written for two regular expression engines that differ: njs (PCRE
 * underneath) and V8. Each ends in `(?![\s\S])`, not `$`: in njs `$` also
 * matches before a final newline, so `"api1\n"` would pass for an id there,
 * and a newline in a header or an origin makes CloudFront answer 502. No `i`
 * flag: in njs `/[a-z]/i` also matches the Kelvin sign and the long s.
 *
 * The key sources, joined with spaces: `h:<name>`, `c:<name>`, `q:<name>`
 * (a name of printable ASCII, no space), `p:<segment>`, `i`.
 */
const SOURCES = /^(([hcq]:[!-~]+|p:\d{1,3}|i) )*([hcq]:[!-~]+|p:\d{1,3}|i)(?![\s\S])/;
/*
 * What `cf.updateRequestOrigin`, the cell header and the redirect accept, so
 * that a decision passing `decisionFault` never makes CloudFront answer 502.
 * A proxy cell is tested as `<id> <domain>[ <origin path>]`: an id of
 * letters, digits, `_` and `-` (CELL_ID_PATTERN); a DNS name of at most 253
 * characters, labels of at most 63, not an IP address; an origin path of
 * printable ASCII without space, `?` or `#`, starting with `/`, not ending
 * with `/`, at most 255 characters. A redirect cell is tested as `<id> <url>`:
 * an absolute http(s) URL of printable ASCII without spaces.
 */
const PROXY_CELL =
  /^[\w-]{1,32} (?=[^ ]{1,253}( |$))(?![\d.]+( |$))[a-zA-Z\d]([a-zA-Z\d-]{0,61}[a-zA-Z\d])?(\.[a-zA-Z\d]([a-zA-Z\d-]{0,61}[a-zA-Z\d])?)*( \/[!"$->@-~]{0,253}[!"$-.0->@-~])?(?![\s\S])/;
const REDIRECT_CELL = /^[\w-]{1,32} https?:\/\/[!-~]+(?![\s\S])/;
/**
 * An HTTP token: a cookie name, or (in lower case, as CloudFront wants them) a
 * header name. Not `__proto__`: assigning that name to a headers or cookies
 * object sets its prototype, and the name is lost.
 */
const TOKEN = /^(?!__proto__(?![\s\S]))[\w!#$%&'*+.^`|~-]+(?![\s\S])/;

/**
 * Parses a stored table and checks its structure: what every decision relies
 * on, so that `decide` cannot fail on it. The fields a decision hands to
 * CloudFront are left to `decisionFault`, for the decision actually made.
 * Never throws. The edge function's check (the store's `get` gives a string);
 * tools use `decodeTable`.
 *
 * @returns the table, or why it cannot be used (`bad r`, `bad JSON`, ...)
 * @example const table = openTable(await kvs.get(TABLE_KEY)); if (typeof table === 'string') log(table);
 */
export function openTable(text: string): RoutingTable | string {
  let t: unknown;
  try {
    t = JSON.parse(text);
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
  } catch (e) {
    // `t` stays undefined: not JSON.
  }
  // Version 1 only: a pooled head is `bad v` here (see openStored).
  const field = t == null ? 'JSON' : shapeFault(t as Loose);
  return field ? 'bad ' + field : (t as RoutingTable);
}

/**
 * `openTable` for either format: a version 1 table, or the head of a pooled
 * table (version 2), checked as far as every decision walks it (the
 * generation, mode, sources, pools and rules as arrays, the fallback cell
 * whole). Per-rule and per-pool entries are checked where a decision uses
 * them (see `pools.ts`), so the cost does not grow with rules or pools.
 *
 * @example const t = openStored(await kvs.get(TABLE_KEY)); if (typeof t === 'object' && t.v === 2) // pooled
 */
export function openStored(text: string): RoutingTable | PoolHead | string {
  // No size check: the store refuses values over KVS_VALUE_MAX_BYTES, and nothing here counts bytes.
  let t: unknown;
  try {
    t = JSON.parse(text);
    // The binding stays: njs, the engine CloudFront Functions derive from, rejects `catch {`.
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
  } catch (e) {
    // `t` stays undefined: not JSON.
  }
  // A build for one format (see function/embedded-table.ts) keeps only its checks; elsewhere both.
  const field =
    t == null
      ? 'JSON'
      : (globalThis as WithFormat).CELLFRONT_FORMAT !== 1 && (t as Loose).v === 2
        ? headFault(t as Loose)
        : (globalThis as WithFormat).CELLFRONT_FORMAT !== 2
          ? shapeFault(t as Loose)
          : 'v';
  return field ? 'bad ' + field : (t as RoutingTable | PoolHead);
}

/** `text` parsed as JSON, or `undefined` when it is not JSON (or not a string). */
export function parse(text: unknown): unknown {
  try {
    return JSON.parse(text as string);
    // The binding stays: njs, the engine CloudFront Functions derive from, rejects `catch {`.
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
  } catch (e) {
    return undefined;
  }
}

/**
 * The field of a pooled table's head at fault, or `''`: what every request
 * walks (the mode, the rules' arrays). The fallback cell is checked when a
 * request falls back to it (see `fallbackFault`), and entries where they are
 * used; anything else that throws is the handler's to catch.
 */
function headFault(t: Loose): string {
  // A generation that is not a number names no keys: every read misses, and the fallback serves.
  return t.m !== 'p' && !(t.m === 'r' && (REDIRECT_STATUSES as readonly unknown[]).indexOf(t.rs) >= 0)
    ? 'm'
    : // The loops walk D and T. Anything else wrong misses its shard (P) or throws (k), and is logged.
      !Array.isArray(t.D) || typeof t.T !== 'string'
      ? 'D'
      : '';
}

/**
 * `'F'` when a pooled head's fallback cell is one CloudFront would refuse,
 * else `''`: for the tools and the build, which check a head whole (the edge
 * checks the fallback only when a request falls back to it).
 */
export function fallbackFault(t: PoolHead): string {
  return t.F && cellFits(t.F as unknown as Loose, t.m === 'p') ? '' : 'F';
}

/**
 * The table field that makes CloudFront refuse what decision `d` would hand
 * it (`c`: the chosen cell's origin or URL; `h`: the cell header; `sc`: the
 * new visitor's cookie), or `''` when CloudFront accepts it. Needed only for a
 * table from `openTable`: `decodeTable` checks the same for every decision.
 *
 * @example if (decisionFault(table, decision)) // route by the last known good table
 */
export function decisionFault(t: RoutingTable | PoolHead, d: Decision): string {
  if (!cellFits(d.cell as unknown as Loose, t.m === 'p')) return 'c';
  if (!opt(t.h, headerFits(t.h))) return 'h';
  return d.setVisitorCookie && !cookieFits(t) ? 'sc' : '';
}

/**
 * Parses and checks every field of a stored routing table, as the tools that
 * write tables need: a table that decodes serves every request. Never throws:
 * anything corrupt, oversized, not ASCII, of another version, or naming only
 * disabled cells comes back as `{ ok: false, code: 'unusable-table', reason }`.
 *
 * @example decodeTable(await readFile('table.json', 'utf8')) // { ok: true, table } or { ok: false, ... }
 */
export function decodeTable(text: unknown): DecodedTable {
  let reason = 'not a string';
  if (typeof text === 'string') {
    reason = 'over ' + KVS_VALUE_MAX_BYTES + ' bytes or not ASCII';
    if (text.length <= KVS_VALUE_MAX_BYTES && !NOT_ASCII.test(text)) {
      const t = openTable(text);
      const field = typeof t === 'string' ? '' : fullFault(t);
      if (!field && typeof t !== 'string') return { ok: true, table: t };
      reason = field ? 'bad ' + field : (t as string);
    }
  }
  return { ok: false, code: 'unusable-table', reason: reason };
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

/**
 * Whether CloudFront accepts `cell` as the edge hands it over: its id, and its
 * origin (`proxy`) or URL (redirect). The check `decodeTable` makes of every
 * cell, for the tools that must refuse what the edge would (config validation).
 *
 * @example cellAccepted({ i: 'api1', d: 'b_c.example.com' }, true) // false: `_` in a DNS name
 */
export function cellAccepted(cell: TableCell, proxy: boolean): boolean {
  return cellFits(cell as unknown as Loose, proxy);
}

/** The cell's id, and its origin (proxy) or URL (redirect), as CloudFront accepts them. */
function cellFits(x: Loose, proxy: boolean): boolean {
  // Each part is tested for a string first: the pattern would take an array's text.
  return proxy
    ? str(x.i) && str(x.d) && opt(x.o, str(x.o)) && opt(x.p, x.p === 'http') && opt(x.n, int(x.n, 1, 65535)) && PROXY_CELL.test(x.i + ' ' + x.d + (x.o === undefined ? '' : ' ' + x.o))
    : str(x.i) && str(x.u) && REDIRECT_CELL.test(x.i + ' ' + x.u);
}

/** A string. */
function str(x: unknown): x is string {
  return typeof x === 'string';
}

/** A header name CloudFront takes from a function: a token, in lower case. */
function headerFits(x: unknown): boolean {
  return fits(x, TOKEN) && (x as string).toLowerCase() === x;
}

/** The visitor cookie's name and max-age, as a `Set-Cookie` needs them. */
function cookieFits(t: RoutingTable | PoolHead): boolean {
  return fits(t.sc, TOKEN) && int(t.sa, 0, 2147483647);
}

/** The structural field at fault (`v`, `r`, `c (none enabled)`, ...), or `''`. */
function shapeFault(t: Loose): string {
  const c = t.c;
  const r = t.r;
  const k = t.k;
  if (t.v !== 1) return 'v';
  if (t.m !== 'p' && !(t.m === 'r' && (REDIRECT_STATUSES as readonly unknown[]).indexOf(t.rs) >= 0)) return 'm';
  if (!Array.isArray(c) || !c.length) return 'c';
  let on = 0;
  for (let i = 0; i < c.length; i++) {
    // Decisions read every cell's `i` and `x` (forcing, pins, the fallback): objects, `x` absent or 1.
    const x = c[i] as Loose;
    if (!x || typeof x !== 'object' || !opt(x.x, x.x === 1)) return 'c';
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
  // One test for all sources; a space inside one only splits it into parts that must each be valid.
  if (!Array.isArray(k) || !k.every(str) || (k.length && !SOURCES.test(k.join(' ')))) return 'k';
  return int(t.f, 0, c.length - 1) ? '' : 'f';
}

/** Beyond the structure: every cell (ids unique), the cookie, force names, the header, `pn`. */
function fullFault(t: RoutingTable): string {
  const seen: Record<string, number> = {};
  if (t.c.length > TABLE_MAX_CELLS) return 'c';
  for (let i = 0; i < t.c.length; i++) {
    const x = t.c[i] as unknown as Loose;
    // `$` keeps ids such as `constructor` off Object.prototype.
    const id = '$' + x.i;
    if (!cellFits(x, t.m === 'p') || seen[id]) return 'c';
    seen[id] = 1;
  }
  if (!cookieFits(t)) return 'sc';
  if (!opt(t.fh, t.fh !== '' && str(t.fh)) || !opt(t.fc, t.fc !== '' && str(t.fc))) return 'fh';
  if (!opt(t.h, headerFits(t.h))) return 'h';
  return opt(t.pn, t.pn === 1) ? '' : 'pn';
}
