import { describe, expect, it } from 'vitest';
import { compileTable } from '../../src/router/table/compile.js';
import { decodeStoredTable } from '../../src/router/table/stored.js';
import { makeConfig } from './support.js';

const compiled = compileTable(makeConfig());

describe('decodeStoredTable', () => {
  it('reads the table itself', () => {
    expect(decodeStoredTable(JSON.parse(compiled.encoded))).toEqual({ ok: true, table: compiled.table });
  });

  it('reads a KVS import file such as `cellfront compile` prints', () => {
    const file = { data: [{ key: 'cellfront:pin:x', value: 'api1' }, { key: 'cellfront:table', value: compiled.encoded }] };
    expect(decodeStoredTable(file)).toEqual({ ok: true, table: compiled.table });
  });

  it('reads the answer of `aws cloudfront-keyvaluestore get-key`', () => {
    const answer = { Key: 'cellfront:table', Value: compiled.encoded, ItemCount: 2, TotalSizeInBytes: 400 };
    expect(decodeStoredTable(answer)).toEqual({ ok: true, table: compiled.table });
  });

  it('says what is missing', () => {
    expect(decodeStoredTable({ data: [] })).toEqual({ ok: false, code: 'unusable-table', reason: 'no "cellfront:table" entry in "data"' });
    expect(decodeStoredTable({ Key: 'cellfront:table', Value: '{}' })).toMatchObject({ ok: false, reason: 'bad v' });
    expect(decodeStoredTable('just text')).toMatchObject({ ok: false, reason: 'bad v' });
  });
});
