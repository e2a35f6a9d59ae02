import { PIN_KEY_PREFIX } from './constants.js';
import { slotOf } from './hash.js';
import type { Decision, DecisionReason, KeySource, PartitionKey, RequestFacts, RoutingTable, TableCell } from './types.js';

/*
 * The routing decision: a pure function of (request facts, table, pinned cell),
 * shared by the edge function, the local edge and `cellfront simulate`.
 * Bundled into the edge function: CloudFront Functions 2.0 subset, short local
 * names (`f` the facts, `t` the table; see decode.ts for why).
 */

const SOURCES: Record<string, KeySource> = { h: 'header', c: 'cookie', q: 'query', p: 'path', i: 'client-ip' };

/**
 * A request value (a string or a `{ value }` field) as a string: `''` when
 * absent or anything else (such as `constructor`, a function from a prototype).
 */
export function value(x: unknown): string {
  const v = typeof x === 'object' && x !== null ? (x as { value?: unknown }).value : x;
  return typeof v === 'string' ? v : '';
}

/**
 * The request's partition key: the first configured source present, else the
 * sticky visitor cookie, else the fresh visitor id the adapter supplied.
 *
 * @example partitionKeyOf({ ...facts, headers: { 'x-tenant-id': 't-7' } }, table) // { key: 't-7', source: 'header' }
 */
export function partitionKeyOf(f: RequestFacts, t: Pick<RoutingTable, 'k' | 'sc'>): PartitionKey {
  for (let i = 0; i < t.k.length; i++) {
    const kind = (t.k[i] as string).charAt(0);
    const name = (t.k[i] as string).slice(2);
    const key = value(
      kind === 'h'
        ? f.headers[name]
        : kind === 'c'
          ? f.cookies[name]
          : kind === 'q'
            ? f.query[name]
            : kind === 'p'
              ? f.path.split('/')[+name + 1]
              : f.clientIp,
    );
    if (key) return { key: key, source: SOURCES[kind] as KeySource };
  }
  const visitor = value(f.cookies[t.sc]);
  return visitor ? { key: visitor, source: 'visitor' } : { key: f.newVisitorId, source: 'new-visitor' };
}

/**
 * The KVS key of the override for partition key `pk` (`cellfront:pin:<key>`),
 * or `''` when no read is needed: the table has no overrides, or the key is a
 * brand-new visitor id, which no override can name.
 *
 * @example const pinKey = overrideKeyOf(table, partitionKeyOf(facts, table)); // 'cellfront:pin:tenant-42'
 */
export function overrideKeyOf(t: Pick<RoutingTable, 'pn'>, pk: PartitionKey): string {
  return t.pn && pk.source !== 'new-visitor' ? PIN_KEY_PREFIX + pk.key : '';
}

/** Index of the enabled cell named `id`, or -1; `''` names none (skipping the search saves the edge time). */
function enabled(t: RoutingTable, id: string | undefined): number {
  return id ? t.c.findIndex((c) => c.i === id && !c.x) : -1;
}

/** Index of the cell owning `slot` (runs cover every slot: `openTable` checks it). */
function owner(t: RoutingTable, slot: number): number {
  let end = 0;
  for (let i = 0; i < t.r.length; i += 2) {
    end += t.r[i + 1] as number;
    if (slot < end) return t.r[i] as number;
  }
  return t.f;
}

/**
 * Picks the cell for a request. Precedence: a forcing header or cookie naming
 * an enabled cell, then the pinned cell (the value of the request key's
 * override, read by the adapter), then the slot the key hashes to. A slot of a
 * disabled cell goes to the fallback (or, if that is disabled too, to the first
 * enabled cell). Deterministic for a given key and table.
 *
 * `pk` is the request's partition key when the caller already has it
 * (`partitionKeyOf(f, t)`, which the edge needs first for the override read).
 *
 * @example decide(facts, table, pinnedCellId)
 */
export function decide(f: RequestFacts, t: RoutingTable, pinnedCellId?: string, pk?: PartitionKey): Decision {
  const key = pk || partitionKeyOf(f, t);
  let reason: DecisionReason = 'force';
  let i = t.fh ? enabled(t, value(f.headers[t.fh])) : -1;
  if (i < 0 && t.fc) i = enabled(t, value(f.cookies[t.fc]));
  if (i < 0) {
    reason = 'override';
    i = enabled(t, pinnedCellId);
  }
  if (i < 0) {
    reason = 'hash';
    i = owner(t, slotOf(key.key));
  }
  if ((t.c[i] as TableCell).x) {
    reason = 'fallback';
    i = (t.c[t.f] as TableCell).x ? t.c.findIndex((c) => !c.x) : t.f;
  }
  const d: { -readonly [K in keyof Decision]: Decision[K] } = { cell: t.c[i] as TableCell, reason: reason, key: key.key, source: key.source };
  if (key.source === 'new-visitor') {
    d.setVisitorCookie = { name: t.sc, value: key.key, attributes: 'Path=/; Max-Age=' + t.sa + '; Secure; HttpOnly; SameSite=Lax' };
  }
  return d;
}
