import { KVS_VALUE_MAX_BYTES } from '../../limits.js';
import { CELL_ID_PATTERN, SLOT_COUNT, TABLE_MAX_CELLS } from './constants.js';
import type { DecodedTable, RoutingTable } from './types.js';

/*
 * Bundled into the edge function: written in the CloudFront Functions 2.0
 * subset (no destructuring, spread, `?.`, `??`, for...of, classes, default
 * parameters or shorthand properties) and kept small. Reasons are short because
 * every byte here counts against the function's size limit.
 */

type Loose = Record<string, unknown>;

const SOURCE_SPEC = /^([hcq]:.|p:\d{1,3}$|i$)/;

/** UTF-8 length of a string, without TextEncoder or Buffer so it runs anywhere. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // A surrogate pair is 4 bytes in UTF-8: 2 for each half.
    n += c < 0x80 ? 1 : c < 0x800 || (c >= 0xd800 && c < 0xe000) ? 2 : 3;
  }
  return n;
}

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
    reason = 'over ' + KVS_VALUE_MAX_BYTES + ' bytes';
    if (utf8Length(text) <= KVS_VALUE_MAX_BYTES) {
      const parsed = parseJson(text);
      reason = parsed === undefined ? 'not JSON' : problemOf(parsed);
      if (!reason) return { ok: true, table: parsed as RoutingTable };
    }
  }
  return { ok: false, code: 'unusable-table', reason: reason };
}

/** `JSON.parse`, or `undefined` (which JSON never yields) when the text is not JSON. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
    // The binding stays: njs, the engine CloudFront Functions derive from, rejects `catch {`.
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
  } catch (e) {
    return undefined;
  }
}

function isObject(x: unknown): x is Loose {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isText(x: unknown): x is string {
  return typeof x === 'string' && x !== '';
}

function isInt(x: unknown, min: number, max: number): x is number {
  return typeof x === 'number' && x % 1 === 0 && x >= min && x <= max;
}

function optional(x: unknown, ok: boolean): boolean {
  return x === undefined || ok;
}

/** Why `t` is not a usable table, or `''` when it is. */
function problemOf(t: unknown): string {
  if (!isObject(t)) return 'not an object';
  if (t.v !== 1) return 'version';
  const proxy = t.m === 'p';
  if (!proxy && t.m !== 'r') return 'mode';
  if (!proxy && t.rs !== 307 && t.rs !== 308 && t.rs !== 302) return 'redirect status';
  const cells = t.c;
  if (!Array.isArray(cells) || !isInt(cells.length, 1, TABLE_MAX_CELLS)) return 'cells';
  const seen: Record<string, number> = {};
  let enabled = 0;
  for (let i = 0; i < cells.length; i++) {
    const c: unknown = cells[i];
    if (!isObject(c) || typeof c.i !== 'string' || !CELL_ID_PATTERN.test(c.i) || seen['$' + c.i]) return 'cell ' + i;
    seen['$' + c.i] = 1;
    const target = proxy
      ? isText(c.d) &&
        optional(c.p, c.p === 'http') &&
        optional(c.n, isInt(c.n, 1, 65535)) &&
        optional(c.o, isText(c.o) && c.o.charAt(0) === '/')
      : isText(c.u);
    if (!target || !optional(c.x, c.x === 1)) return 'cell ' + i;
    if (!c.x) enabled++;
  }
  if (!enabled) return 'no enabled cell';
  const runs = t.r;
  if (!Array.isArray(runs) || runs.length < 2 || runs.length % 2) return 'runs';
  let covered = 0;
  for (let i = 0; i < runs.length; i += 2) {
    if (!isInt(runs[i], 0, cells.length - 1) || !isInt(runs[i + 1], 1, SLOT_COUNT)) return 'runs';
    covered += runs[i + 1];
  }
  if (covered !== SLOT_COUNT) return 'runs';
  const sources = t.k;
  if (!Array.isArray(sources)) return 'sources';
  for (let i = 0; i < sources.length; i++) {
    if (typeof sources[i] !== 'string' || !SOURCE_SPEC.test(sources[i])) return 'sources';
  }
  if (!isText(t.sc) || !isInt(t.sa, 0, 0x7fffffff)) return 'sticky cookie';
  if (!optional(t.fh, isText(t.fh)) || !optional(t.fc, isText(t.fc))) return 'force';
  if (!isInt(t.f, 0, cells.length - 1)) return 'fallback';
  if (!optional(t.h, isText(t.h))) return 'cell header';
  if (!optional(t.pn, t.pn === 1)) return 'pins';
  return '';
}
