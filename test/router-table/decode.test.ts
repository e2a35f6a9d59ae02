import { describe, expect, it } from 'vitest';
import { KVS_VALUE_MAX_BYTES } from '../../src/limits.js';
import { compileTable } from '../../src/router/table/compile.js';
import { utf8Length } from '../../src/router/table/bytes.js';
import { decide } from '../../src/router/table/decide.js';
import { decisionFault, decodeTable, openTable } from '../../src/router/table/decode.js';
import { encodeTable } from '../../src/router/table/encode.js';
import type { RequestFacts, RoutingTable } from '../../src/router/table/types.js';
import { cell, makeConfig } from './support.js';

const table = compileTable(makeConfig({ overrides: [{ key: 'tenant-42', cell: 'api2' }] })).table;

/** The table with some fields replaced, encoded. */
function variant(changes: Record<string, unknown>): string {
  return JSON.stringify({ ...table, ...changes });
}

describe('decodeTable', () => {
  it('round-trips a compiled table', () => {
    const encoded = encodeTable(table);
    const decoded = decodeTable(encoded);
    expect(decoded).toEqual({ ok: true, table });
    expect(encodeTable((decoded as { table: RoutingTable }).table)).toBe(encoded);
  });

  it('round-trips a redirect table with disabled cells and every source kind', () => {
    const redirect = compileTable(
      makeConfig({
        mode: 'redirect',
        redirectStatus: 308,
        cells: [cell('blue', 1), cell('green', 0), cell('old', 5, true)],
        partition: {
          from: [
            { kind: 'header', name: 'x-tenant-id' },
            { kind: 'cookie', name: 'session' },
            { kind: 'query', name: 'tenant' },
            { kind: 'path', index: 2 },
            { kind: 'client-ip' },
          ],
          sticky: { cookie: 'v', maxAgeSeconds: 0 },
        },
        force: { cookie: 'pick' },
        fallback: 'blue',
        cellHeader: undefined,
      }),
    ).table;
    expect(decodeTable(encodeTable(redirect))).toEqual({ ok: true, table: redirect });
  });

  it.each([
    ['not a string', 42],
    ['bad JSON', '{"v":1'],
    ['bad JSON', 'null'],
    ['bad v', '[1,2]'],
    ['bad v', variant({ v: 3 })],
    ['bad m', variant({ m: 'x' })],
    ['bad m', variant({ m: 'r', rs: 301 })],
    ['bad c', variant({ c: [] })],
    ['bad c', variant({ c: [table.c[0], { i: 'api1', d: 'x.example.com' }] })],
    ['bad c', variant({ c: [{ i: 'has space', d: 'x' }, table.c[1]] })],
    ['bad c', variant({ c: [{ i: 'a', d: 'x', n: 70_000 }, table.c[1]] })],
    ['bad c', variant({ c: [{ i: 'a', d: 'x', o: 'no-slash' }, table.c[1]] })],
    ['bad c', variant({ c: [{ i: 'a', u: 'https://x' }, table.c[1]] })],
    ['bad c', variant({ c: [table.c[0], { ...table.c[1], x: true }] })],
    ['bad c', variant({ c: [null, table.c[1]] })],
    // What CloudFront would refuse with a 502 (updateRequestOrigin, a header, a Location).
    ['bad c', variant({ c: [{ i: 'a', d: 'x{y.example.com' }, table.c[1]] })],
    ['bad c', variant({ c: [{ i: 'a', d: '10.0.0.1' }, table.c[1]] })],
    ['bad c', variant({ c: [{ i: 'a', d: `${'x'.repeat(64)}.example.com` }, table.c[1]] })],
    ['bad c', variant({ c: [{ i: 'a', d: 'a..example.com' }, table.c[1]] })],
    ['bad c', variant({ c: [{ i: 'a', d: 'x.example.com', o: '/' }, table.c[1]] })],
    ['bad c', variant({ c: [{ i: 'a', d: 'x.example.com', o: '/a b' }, table.c[1]] })],
    ['bad c', variant({ m: 'r', rs: 307, c: [{ i: 'a', u: 'https://x.example.com/a b' }, { i: 'b', u: 'https://y.example.com' }] })],
    ['bad sc', variant({ sc: 'a;b' })],
    ['bad h', variant({ h: 'x cell' })],
    // CloudFront wants lower-case header names; `__proto__` would set the prototype of the headers, not a header.
    ['bad h', variant({ h: 'X-Cellfront-Cell' })],
    ['bad h', variant({ h: '__proto__' })],
    ['bad sc', variant({ sc: '__proto__' })],
    ['bad c (none enabled)', variant({ c: table.c.map((c) => ({ ...c, x: 1 })) })],
    ['bad r', variant({ r: [0, 5000, 1, 4999] })],
    ['bad r', variant({ r: [0, 5000, 2, 5000] })],
    ['bad r', variant({ r: [0, 10_000, 1] })],
    ['bad r', variant({ r: [0, 0, 1, 10_000] })],
    ['bad r', variant({ r: [0, 2.5, 1, 9997.5] })],
    ['bad k', variant({ k: ['z:what'] })],
    ['bad k', variant({ k: ['h:'] })],
    ['bad k', variant({ k: 'h:x' })],
    ['bad sc', variant({ sc: '' })],
    ['bad sc', variant({ sa: -1 })],
    ['bad fh', variant({ fh: 7 })],
    ['bad f', variant({ f: 2 })],
    ['bad h', variant({ h: '' })],
    ['bad pn', variant({ pn: true })],
  ])('calls a table unusable (%s)', (reason, text) => {
    expect(decodeTable(text)).toEqual({ ok: false, code: 'unusable-table', reason });
  });

  it(`refuses anything over ${KVS_VALUE_MAX_BYTES} bytes, and anything not printable ASCII`, () => {
    const refused = { ok: false, reason: `over ${KVS_VALUE_MAX_BYTES} bytes or not ASCII` };
    expect(decodeTable(variant({ pad: 'x'.repeat(KVS_VALUE_MAX_BYTES) }))).toMatchObject(refused);
    // Compiled tables are ASCII, so the edge can count bytes as characters.
    expect(decodeTable(variant({ pad: 'é' }))).toMatchObject(refused);
    expect(decodeTable(variant({ pad: '\n' }).replace('\\n', '\n'))).toMatchObject(refused);
    const exact = variant({ pad: '' });
    const fits = variant({ pad: 'x'.repeat(KVS_VALUE_MAX_BYTES - exact.length) });
    expect(fits).toHaveLength(KVS_VALUE_MAX_BYTES);
    expect(decodeTable(fits).ok).toBe(true);
    expect(decodeTable(variant({ pad: 'x'.repeat(KVS_VALUE_MAX_BYTES - exact.length + 1) })).ok).toBe(false);
  });

  it('ignores fields it does not know (later versions may add optional ones)', () => {
    expect(decodeTable(variant({ note: 'hi' })).ok).toBe(true);
  });
});

describe('utf8Length', () => {
  it('counts bytes as UTF-8 does', () => {
    for (const text of ['', 'abc', 'é', '€', '🙂', 'a🙂é€z']) expect(utf8Length(text)).toBe(Buffer.byteLength(text));
  });
});

describe('openTable (the edge function, on every request)', () => {
  it('opens a compiled table as decodeTable does', () => {
    expect(openTable(encodeTable(table))).toEqual(table);
  });

  it.each([
    ['bad JSON', '{"v":1'],
    ['bad JSON', 'null'],
    ['bad v', '[1,2]'],
    ['bad m', variant({ m: 'r', rs: 301 })],
    ['bad c', variant({ c: [null, table.c[1]] })],
    ['bad c', variant({ c: [table.c[0], { ...table.c[1], x: true }] })],
    ['bad c (none enabled)', variant({ c: table.c.map((c) => ({ ...c, x: 1 })) })],
    ['bad r', variant({ r: [0, 5000, 1, 4999] })],
    ['bad k', variant({ k: ['h:x-tenant-id', ''] })],
    ['bad k', variant({ k: [['h:x-tenant-id']] })],
    ['bad f', variant({ f: 2 })],
  ])('refuses the structure every decision walks (%s)', (reason, text) => {
    expect(openTable(text)).toBe(reason);
  });

  it('leaves cells, names and flags to the decisions that use them', () => {
    for (const changes of [{ c: [table.c[0], { i: 'api2', d: '10.0.0.1' }] }, { h: 'X Cell' }, { sc: 'a;b' }, { fh: 7 }, { pn: true }]) {
      const text = variant(changes);
      expect(decodeTable(text).ok).toBe(false);
      expect(typeof openTable(text)).toBe('object');
    }
  });
});

describe('decisionFault (the edge function, on the decision it made)', () => {
  const newVisitor: RequestFacts = { headers: {}, cookies: {}, query: {}, path: '/', clientIp: '', newVisitorId: 'n' };
  const forced = (id: string): RequestFacts => ({ ...newVisitor, cookies: { 'cellfront-visitor': 'v' }, headers: { 'x-cellfront-cell': id } });
  function faultFor(changes: Record<string, unknown>, facts = forced('api1')): string {
    const opened = openTable(variant(changes)) as RoutingTable;
    return decisionFault(opened, decide(facts, opened));
  }

  it('passes every decision of a compiled table', () => {
    expect([faultFor({}), faultFor({}, forced('api2')), faultFor({}, newVisitor)]).toEqual(['', '', '']);
  });

  it('checks the chosen cell only', () => {
    const bad = { c: [table.c[0], { i: 'api2', d: '10.0.0.1', o: '/prod' }] };
    expect(faultFor(bad, forced('api1'))).toBe('');
    expect(faultFor(bad, forced('api2'))).toBe('c');
  });

  it.each([
    ['an IP address', { d: '10.0.0.1' }],
    ['a final newline', { d: 'api1.example.com\n' }],
    ['a letter outside ASCII', { d: 'api.\u212aexample.com' }],
    ['a label over 63 characters', { d: `${'x'.repeat(64)}.example.com` }],
    ['a path with a space', { o: '/a b' }],
    ['a path ending in /', { o: '/prod/' }],
    ['an empty path', { o: '' }],
    ['an id with a newline', { i: 'api1\n' }],
    ['a domain that is not a string', { d: ['api1.example.com'] }],
    ['a port out of range', { n: 70_000 }],
  ])('refuses a chosen cell with %s', (_why, change) => {
    expect(faultFor({ c: [{ ...table.c[0], ...change }, table.c[1]] })).toBe('c');
  });

  it.each(['X-Cellfront-Cell', 'x cell', 'x-cell\n', '__proto__', ''])('refuses the cell header %j', (h) => {
    expect(faultFor({ h })).toBe('h');
  });

  it("checks the visitor cookie's name and max-age only when the decision sets the cookie", () => {
    for (const sc of ['a;b', '__proto__', 'v\n']) {
      expect(faultFor({ sc }, newVisitor)).toBe('sc');
      expect(faultFor({ sc }, { ...newVisitor, headers: { 'x-tenant-id': 't' } })).toBe('');
    }
    expect(faultFor({ sa: -1 }, newVisitor)).toBe('sc');
  });
});
