import { describe, expect, it } from 'vitest';
import { KVS_TOTAL_MAX_BYTES } from '../../src/limits.js';
import { compileTable } from '../../src/router/table/compile.js';
import { TABLE_KEY } from '../../src/router/table/constants.js';
import { decodeTable } from '../../src/router/table/decode.js';
import { pinKey, storeEntries } from '../../src/router/table/entries.js';
import { TableError } from '../../src/router/table/errors.js';
import { makeConfig } from './support.js';

describe('storeEntries', () => {
  it('gives the table then one pin key per override, and the budget they use', () => {
    const config = makeConfig({ overrides: [{ key: 'tenant-42', cell: 'api2' }, { key: 'tenant-é', cell: 'api1' }] });
    const compiled = compileTable(config);
    const entries = storeEntries(compiled, config);
    expect(entries.data).toEqual([
      { key: TABLE_KEY, value: compiled.encoded },
      { key: 'cellfront:pin:tenant-42', value: 'api2' },
      { key: 'cellfront:pin:tenant-é', value: 'api1' },
    ]);
    expect(decodeTable(entries.data[0]!.value).ok).toBe(true);
    const total = entries.data.reduce((sum, e) => sum + Buffer.byteLength(e.key) + Buffer.byteLength(e.value), 0);
    expect(entries.budget).toEqual({
      tableBytes: compiled.bytes,
      tableLimit: 1024,
      runCount: 2,
      keyCount: 3,
      totalBytes: total,
      totalLimit: KVS_TOTAL_MAX_BYTES,
    });
  });

  it('names pin keys with the prefix', () => {
    expect(pinKey('t-1')).toBe('cellfront:pin:t-1');
  });

  it('refuses entries over the size of one store', () => {
    const overrides = Array.from({ length: 11_000 }, (_, i) => ({ key: `${i}-${'k'.repeat(480)}`, cell: 'api1' }));
    const config = makeConfig({ overrides });
    expect(() => storeEntries(compileTable(config), config)).toThrow(
      expect.objectContaining({ code: 'store-too-large', message: expect.stringMatching(/over the 5242880-byte size of one KVS \(11001 keys\)$/) }),
    );
  });

  it('refuses a pin key over the KVS key limit', () => {
    const config = makeConfig({ overrides: [{ key: 'k'.repeat(600), cell: 'api1' }] });
    expect(() => storeEntries(compileTable(config), config)).toThrow(TableError);
  });
});
