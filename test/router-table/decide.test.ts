import { describe, expect, it } from 'vitest';
import { compileTable } from '../../src/router/table/compile.js';
import { decide, overrideKeyOf, partitionKeyOf } from '../../src/router/table/decide.js';
import { slotOf } from '../../src/router/table/hash.js';
import type { RequestFacts, RoutingTable } from '../../src/router/table/types.js';
import { cell, emptyFacts, makeConfig } from './support.js';

const table = compileTable(
  makeConfig({
    cells: [cell('api1', 50), cell('api2', 50), cell('api3', 0, true)],
    partition: {
      from: [
        { kind: 'header', name: 'x-tenant-id' },
        { kind: 'cookie', name: 'session' },
        { kind: 'query', name: 'tenant' },
        { kind: 'path', index: 1 },
        { kind: 'client-ip' },
      ],
      sticky: { cookie: 'cellfront-visitor', maxAgeSeconds: 86_400 },
    },
    force: { header: 'x-cellfront-cell', cookie: 'cellfront-force' },
  }),
).table;

function facts(changes: Partial<RequestFacts>): RequestFacts {
  return { ...emptyFacts(), ...changes };
}

/** A key whose slot falls in the given cell's runs of `t`. */
function keyInCell(t: RoutingTable, index: number): string {
  for (let i = 0; ; i++) {
    const key = `probe-${i}`;
    if (decide(facts({ headers: { 'x-tenant-id': key } }), t).cell === t.c[index]) return key;
  }
}

describe('partitionKeyOf', () => {
  it.each([
    ['header', { headers: { 'x-tenant-id': 'T' } }],
    ['cookie', { cookies: { session: 'T' } }],
    ['query', { query: { tenant: 'T' } }],
    ['path', { path: '/tenants/T/orders' }],
    ['client-ip', { clientIp: 'T' }],
  ] as const)('reads the %s source', (source, given) => {
    expect(partitionKeyOf(facts(given), table)).toEqual({ key: 'T', source });
  });

  it('takes the first source present, in config order', () => {
    const all = facts({ headers: { 'x-tenant-id': 'h' }, cookies: { session: 'c' }, query: { tenant: 'q' }, clientIp: 'i' });
    expect(partitionKeyOf(all, table)).toEqual({ key: 'h', source: 'header' });
    expect(partitionKeyOf({ ...all, headers: {} }, table)).toEqual({ key: 'c', source: 'cookie' });
    expect(partitionKeyOf({ ...all, headers: { 'x-tenant-id': '' }, cookies: {} }, table)).toEqual({ key: 'q', source: 'query' });
  });

  it('skips a path too short for the segment', () => {
    expect(partitionKeyOf(facts({ path: '/tenants', clientIp: 'i' }), table)).toEqual({ key: 'i', source: 'client-ip' });
  });

  it('falls back to the visitor cookie, then to the new visitor id', () => {
    const noSources = { ...table, k: [] };
    expect(partitionKeyOf(facts({ cookies: { 'cellfront-visitor': 'v-1' } }), noSources)).toEqual({ key: 'v-1', source: 'visitor' });
    expect(partitionKeyOf(facts({}), noSources)).toEqual({ key: 'visitor-new', source: 'new-visitor' });
  });

  it('never takes inherited object properties for request values', () => {
    const tricky = { ...table, k: ['h:constructor', 'c:__proto__', 'q:toString'] };
    expect(partitionKeyOf(facts({}), tricky)).toEqual({ key: 'visitor-new', source: 'new-visitor' });
  });
});

describe('decide', () => {
  it('hashes the partition key onto the runs (reason: hash)', () => {
    const key = 'tenant-7';
    const slot = slotOf(key);
    const owner = slot < table.r[1]! ? 'api1' : 'api2';
    const decision = decide(facts({ headers: { 'x-tenant-id': key } }), table);
    expect(decision).toEqual({ cell: expect.objectContaining({ i: owner }), reason: 'hash', key, source: 'header' });
  });

  it('is deterministic per key and does not depend on other request parts', () => {
    const a = decide(facts({ headers: { 'x-tenant-id': 'k' }, path: '/a', clientIp: '1.1.1.1' }), table);
    const b = decide(facts({ headers: { 'x-tenant-id': 'k' }, path: '/b', clientIp: '2.2.2.2', newVisitorId: 'z' }), table);
    expect(b).toEqual(a);
  });

  it('lets the force header, then the force cookie, win over everything (reason: force)', () => {
    const key = keyInCell(table, 0);
    const base = { headers: { 'x-tenant-id': key } };
    expect(decide(facts({ headers: { ...base.headers, 'x-cellfront-cell': 'api2' } }), table, 'api1')).toMatchObject({
      cell: { i: 'api2' },
      reason: 'force',
      key,
    });
    expect(decide(facts({ ...base, cookies: { 'cellfront-force': 'api2' } }), table, 'api1')).toMatchObject({ cell: { i: 'api2' }, reason: 'force' });
  });

  it('ignores a forced cell that does not exist or is disabled', () => {
    const key = keyInCell(table, 0);
    for (const forced of ['nope', 'api3', '']) {
      expect(decide(facts({ headers: { 'x-tenant-id': key, 'x-cellfront-cell': forced } }), table)).toMatchObject({
        cell: { i: 'api1' },
        reason: 'hash',
      });
    }
  });

  it('follows the pinned cell over the weights (reason: override), unless it is disabled or unknown', () => {
    const key = keyInCell(table, 0);
    const request = facts({ headers: { 'x-tenant-id': key } });
    expect(decide(request, table, 'api2')).toMatchObject({ cell: { i: 'api2' }, reason: 'override' });
    expect(decide(request, table, 'api3')).toMatchObject({ cell: { i: 'api1' }, reason: 'hash' });
    expect(decide(request, table, 'gone')).toMatchObject({ cell: { i: 'api1' }, reason: 'hash' });
  });

  it('sends a slot of a cell disabled at the edge to the fallback (reason: fallback)', () => {
    const key = keyInCell(table, 1);
    const drained = { ...table, c: [table.c[0]!, { ...table.c[1]!, x: 1 as const }, table.c[2]!] };
    expect(decide(facts({ headers: { 'x-tenant-id': key } }), drained)).toMatchObject({ cell: { i: 'api1' }, reason: 'fallback' });
  });

  it('uses the first enabled cell when the fallback is disabled too', () => {
    const key = keyInCell(table, 0);
    const t = { ...table, c: [{ ...table.c[0]!, x: 1 as const }, table.c[1]!, table.c[2]!], f: 0 };
    expect(decide(facts({ headers: { 'x-tenant-id': key } }), t)).toMatchObject({ cell: { i: 'api2' }, reason: 'fallback' });
  });

  it('gives a new visitor a cookie holding the id it was routed by, and the same cell when it comes back', () => {
    const noSources = { ...table, k: [] };
    const first = decide(facts({ newVisitorId: 'fresh-123' }), noSources);
    expect(first.source).toBe('new-visitor');
    expect(first.setVisitorCookie).toEqual({
      name: 'cellfront-visitor',
      value: 'fresh-123',
      attributes: 'Path=/; Max-Age=86400; Secure; HttpOnly; SameSite=Lax',
    });
    const again = decide(facts({ cookies: { 'cellfront-visitor': 'fresh-123' }, newVisitorId: 'other' }), noSources);
    expect(again).toEqual({ cell: first.cell, reason: 'hash', key: 'fresh-123', source: 'visitor' });
  });

  it('sets the visitor cookie for a new visitor even when a cell is forced', () => {
    const noSources = { ...table, k: [] };
    const d = decide(facts({ headers: { 'x-cellfront-cell': 'api2' } }), noSources);
    expect(d.reason).toBe('force');
    expect(d.setVisitorCookie?.value).toBe('visitor-new');
  });
});

describe('decide, with the facts as the edge function passes them', () => {
  it("reads CloudFront's { value } fields as it reads strings, the first value of a repeated name included", () => {
    const fields = facts({
      headers: { 'x-tenant-id': { value: 'tenant-7', multiValue: [{ value: 'tenant-7' }, { value: 'tenant-8' }] } as { value: string } },
      cookies: { 'cellfront-force': { value: 'api2' } },
    });
    const strings = facts({ headers: { 'x-tenant-id': 'tenant-7' }, cookies: { 'cellfront-force': 'api2' } });
    expect(decide(fields, table)).toEqual(decide(strings, table));
    expect(partitionKeyOf(fields, table)).toEqual({ key: 'tenant-7', source: 'header' });
  });

  it('takes the partition key the caller already computed', () => {
    const request = facts({ headers: { 'x-tenant-id': 'tenant-7' } });
    const pk = partitionKeyOf(request, table);
    expect(decide(request, table, undefined, pk)).toEqual(decide(request, table));
  });
});

describe('overrideKeyOf', () => {
  const withPins = { ...table, pn: 1 as const };

  it('names the override key of a known partition key when the table has overrides', () => {
    expect(overrideKeyOf(withPins, { key: 'tenant-42', source: 'header' })).toBe('cellfront:pin:tenant-42');
    expect(overrideKeyOf(withPins, { key: 'v-1', source: 'visitor' })).toBe('cellfront:pin:v-1');
  });

  it('needs no read without overrides, or for a brand-new visitor id', () => {
    expect(overrideKeyOf(table, { key: 'tenant-42', source: 'header' })).toBe('');
    expect(overrideKeyOf(withPins, { key: 'fresh', source: 'new-visitor' })).toBe('');
  });
});
