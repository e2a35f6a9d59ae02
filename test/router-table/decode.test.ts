import { describe, expect, it } from 'vitest';
import { KVS_VALUE_MAX_BYTES } from '../../src/limits.js';
import { compileTable } from '../../src/router/table/compile.js';
import { decodeTable, utf8Length } from '../../src/router/table/decode.js';
import { encodeTable } from '../../src/router/table/encode.js';
import type { RoutingTable } from '../../src/router/table/types.js';
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
    ['not JSON', '{"v":1'],
    ['not an object', '[1,2]'],
    ['version', variant({ v: 2 })],
    ['mode', variant({ m: 'x' })],
    ['redirect status', variant({ m: 'r', rs: 301 })],
    ['cells', variant({ c: [] })],
    ['cell 1', variant({ c: [table.c[0], { i: 'api1', d: 'x.example.com' }] })],
    ['cell 0', variant({ c: [{ i: 'has space', d: 'x' }, table.c[1]] })],
    ['cell 0', variant({ c: [{ i: 'a', d: 'x', n: 70_000 }, table.c[1]] })],
    ['cell 0', variant({ c: [{ i: 'a', d: 'x', o: 'no-slash' }, table.c[1]] })],
    ['cell 0', variant({ c: [{ i: 'a', u: 'https://x' }, table.c[1]] })],
    ['cell 1', variant({ c: [table.c[0], { ...table.c[1], x: true }] })],
    ['no enabled cell', variant({ c: table.c.map((c) => ({ ...c, x: 1 })) })],
    ['runs', variant({ r: [0, 5000, 1, 4999] })],
    ['runs', variant({ r: [0, 5000, 2, 5000] })],
    ['runs', variant({ r: [0, 10_000, 1] })],
    ['runs', variant({ r: [0, 0, 1, 10_000] })],
    ['runs', variant({ r: [0, 2.5, 1, 9997.5] })],
    ['sources', variant({ k: ['z:what'] })],
    ['sources', variant({ k: ['h:'] })],
    ['sources', variant({ k: 'h:x' })],
    ['sticky cookie', variant({ sc: '' })],
    ['sticky cookie', variant({ sa: -1 })],
    ['force', variant({ fh: 7 })],
    ['fallback', variant({ f: 2 })],
    ['cell header', variant({ h: '' })],
    ['pins', variant({ pn: true })],
  ])('calls a table unusable (%s)', (reason, text) => {
    expect(decodeTable(text)).toEqual({ ok: false, code: 'unusable-table', reason });
  });

  it(`refuses anything over ${KVS_VALUE_MAX_BYTES} bytes, counted in UTF-8`, () => {
    const padded = variant({ pad: 'x'.repeat(KVS_VALUE_MAX_BYTES) });
    expect(decodeTable(padded)).toMatchObject({ ok: false, reason: `over ${KVS_VALUE_MAX_BYTES} bytes` });
    // 400 two-byte characters: 400 UTF-16 units, but over the byte limit together with the table.
    const wide = variant({ pad: 'é'.repeat(400) });
    expect(wide.length).toBeLessThan(KVS_VALUE_MAX_BYTES);
    expect(decodeTable(wide)).toMatchObject({ ok: false, reason: `over ${KVS_VALUE_MAX_BYTES} bytes` });
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
