import { describe, expect, it } from 'vitest';
import { compileTable } from '../../src/router/table/compile.js';
import { decide } from '../../src/router/table/decide.js';
import { decodeTable } from '../../src/router/table/decode.js';
import { corruptTables, isSoundTable } from './corrupt.js';
import { cell, makeConfig } from './support.js';

describe('decodeTable on corrupt input', () => {
  const table = compileTable(
    makeConfig({
      cells: [cell('a', 3), cell('b', 2), cell('c', 0, true)],
      partition: { from: [{ kind: 'header', name: 'x-t' }, { kind: 'path', index: 0 }], sticky: { cookie: 'v', maxAgeSeconds: 60 } },
      force: { header: 'x-force', cookie: 'force' },
      overrides: [{ key: 'k', cell: 'b' }],
      fallback: 'a',
    }),
  ).table;

  it('never throws on 1,000 corrupt tables, and whatever it accepts routes safely', () => {
    const inputs = corruptTables(table, 1000, 2024);
    let unusable = 0;
    for (const input of inputs) {
      const decoded = decodeTable(input);
      if (!decoded.ok) {
        expect(decoded.code).toBe('unusable-table');
        expect(decoded.reason).not.toBe('');
        unusable++;
        continue;
      }
      expect(isSoundTable(decoded.table)).toBe(true);
      const d = decide(
        { headers: { 'x-t': 'key', 'x-force': 'b' }, cookies: {}, query: {}, path: '/p/q', clientIp: '1.2.3.4', newVisitorId: 'n' },
        decoded.table,
        'a',
      );
      expect(decoded.table.c).toContain(d.cell);
      expect(d.cell.x).toBeUndefined();
    }
    // Most damage must be caught; a few mutations land on valid values.
    expect(unusable).toBeGreaterThan(800);
  });
});
