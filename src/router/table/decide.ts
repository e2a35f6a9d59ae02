import { slotOf } from './hash.js';
import type {
  Decision,
  DecisionReason,
  KeySource,
  PartitionKey,
  RequestFacts,
  RoutingTable,
  TableCell,
} from './types.js';

/*
 * The routing decision: a pure function of (request facts, table, pinned cell).
 * The edge function, the local edge and `cellfront simulate` all call it.
 * Bundled into the edge function, so written in the CloudFront Functions 2.0
 * subset (see decode.ts).
 */

const SOURCE_NAMES: Record<string, KeySource> = { h: 'header', c: 'cookie', q: 'query', p: 'path', i: 'client-ip' };

/** A request value as a usable key: a non-empty string (guards against `constructor` and friends). */
function present(x: unknown): string | undefined {
  return typeof x === 'string' && x !== '' ? x : undefined;
}

/**
 * The request's partition key: the first configured source present, else the
 * sticky visitor cookie, else the fresh visitor id the adapter supplied.
 *
 * @example partitionKeyOf({ ...facts, headers: { 'x-tenant-id': 't-7' } }, table) // { key: 't-7', source: 'header' }
 */
export function partitionKeyOf(facts: RequestFacts, table: RoutingTable): PartitionKey {
  const sources = table.k;
  for (let i = 0; i < sources.length; i++) {
    const spec = sources[i] as string;
    const kind = spec.charAt(0);
    const name = spec.slice(2);
    let value: unknown;
    if (kind === 'h') value = facts.headers[name];
    else if (kind === 'c') value = facts.cookies[name];
    else if (kind === 'q') value = facts.query[name];
    else if (kind === 'p') value = facts.path.split('/')[Number(name) + 1];
    else value = facts.clientIp;
    const key = present(value);
    if (key) return { key: key, source: SOURCE_NAMES[kind] as KeySource };
  }
  const visitor = present(facts.cookies[table.sc]);
  if (visitor) return { key: visitor, source: 'visitor' };
  return { key: facts.newVisitorId, source: 'new-visitor' };
}

/** Index of the enabled cell named `id`, or -1. */
function enabledCell(table: RoutingTable, id: unknown): number {
  const cells = table.c;
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    if (cell && cell.i === id && !cell.x) return i;
  }
  return -1;
}

/** Index of the cell owning `slot`. Runs cover every slot (checked by decodeTable). */
function cellAt(table: RoutingTable, slot: number): number {
  const runs = table.r;
  let end = 0;
  for (let i = 0; i < runs.length; i += 2) {
    end += runs[i + 1] as number;
    if (slot < end) return runs[i] as number;
  }
  return table.f;
}

/**
 * Picks the cell for a request. Precedence: a forcing header or cookie naming
 * an enabled cell, then the pinned cell (the value of the request key's
 * override, read by the adapter), then the slot the key hashes to. A slot owned
 * by a disabled cell goes to the fallback (or, if that is disabled too, to the
 * first enabled cell). Deterministic for a given key and table.
 *
 * @example decide(facts, table, await readPin(partitionKeyOf(facts, table).key))
 */
export function decide(facts: RequestFacts, table: RoutingTable, pinnedCellId?: string): Decision {
  const pk = partitionKeyOf(facts, table);
  let reason: DecisionReason = 'force';
  let index = table.fh ? enabledCell(table, facts.headers[table.fh]) : -1;
  if (index < 0 && table.fc) index = enabledCell(table, facts.cookies[table.fc]);
  if (index < 0) {
    reason = 'override';
    index = enabledCell(table, pinnedCellId);
  }
  if (index < 0) {
    reason = 'hash';
    index = cellAt(table, slotOf(pk.key));
  }
  const cells = table.c;
  if ((cells[index] as TableCell).x) {
    reason = 'fallback';
    index = (cells[table.f] as TableCell).x ? firstEnabled(table) : table.f;
  }
  const decision: { -readonly [K in keyof Decision]: Decision[K] } = {
    cell: cells[index] as TableCell,
    reason: reason,
    key: pk.key,
    source: pk.source,
  };
  if (pk.source === 'new-visitor') {
    decision.setVisitorCookie = {
      name: table.sc,
      value: pk.key,
      attributes: 'Path=/; Max-Age=' + table.sa + '; Secure; HttpOnly; SameSite=Lax',
    };
  }
  return decision;
}

/** Index of the first enabled cell (decodeTable guarantees there is one). */
function firstEnabled(table: RoutingTable): number {
  const cells = table.c;
  for (let i = 0; i < cells.length; i++) {
    if (!(cells[i] as TableCell).x) return i;
  }
  return 0;
}
