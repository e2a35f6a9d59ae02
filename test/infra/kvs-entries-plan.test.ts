import { describe, expect, it } from 'vitest';
import { planChanges, planRemoval, toBatches } from '../../infra/lambda/kvs-entries/plan.js';
import { KVS_UPDATE_MAX_KEYS } from '../../src/limits.js';

const item = (Key: string, Value: string) => ({ Key, Value });

describe('planChanges', () => {
  it('puts every entry into an empty store', () => {
    // GIVEN an empty store WHEN two entries are wanted
    const batches = planChanges(new Map(), [item('APIGW1URL', 'https://a/'), item('APIGW2URL', 'https://b/')], []);
    // THEN one batch puts both and deletes nothing
    expect(batches).toEqual([{ puts: [item('APIGW1URL', 'https://a/'), item('APIGW2URL', 'https://b/')], deletes: [] }]);
  });

  it('writes only changed values and deletes only keys it wrote before', () => {
    // GIVEN a store with our two keys and one an operator added
    const current = new Map([
      ['APIGW1URL', 'https://a/'],
      ['APIGW2URL', 'https://b/'],
      ['operator', 'x'],
    ]);
    // WHEN APIGW1URL keeps its value, APIGW2URL is dropped and APIGW3URL is new
    const batches = planChanges(current, [item('APIGW1URL', 'https://a/'), item('APIGW3URL', 'https://c/')], ['APIGW1URL', 'APIGW2URL']);
    // THEN only the new key is put and only the dropped key deleted; the operator's key stays
    expect(batches).toEqual([{ puts: [item('APIGW3URL', 'https://c/')], deletes: ['APIGW2URL'] }]);
  });

  it('plans nothing when the store already matches', () => {
    const current = new Map([['APIGW1URL', 'https://a/']]);
    expect(planChanges(current, [item('APIGW1URL', 'https://a/')], ['APIGW1URL'])).toEqual([]);
  });

  it('does not delete a dropped key that is already gone', () => {
    expect(planChanges(new Map(), [], ['APIGW2URL'])).toEqual([]);
  });

  it('keeps a replaced value under its Into key, right after the new one, and only when something is replaced', () => {
    const keep = [{ Key: 'table', Into: 'table:previous' }];
    // GIVEN a store whose table someone changed since the last deploy
    const current = new Map([['table', 'shifted'], ['table:previous', 'older']]);
    // WHEN a deploy writes a new table THEN the shifted one becomes the previous, in the same batch
    expect(planChanges(current, [item('table', 'new'), item('pin', 'a')], ['table'], keep)).toEqual([
      { puts: [item('table', 'new'), item('table:previous', 'shifted'), item('pin', 'a')], deletes: [] },
    ]);
    // AND a first write (nothing to replace) or an unchanged table keeps nothing
    expect(planChanges(new Map(), [item('table', 'new')], [], keep)).toEqual([{ puts: [item('table', 'new')], deletes: [] }]);
    expect(planChanges(new Map([['table', 'new']]), [item('table', 'new')], ['table'], keep)).toEqual([]);
  });

  it('lets a desired value win over a kept one for the same key', () => {
    const batches = planChanges(new Map([['t', 'old']]), [item('t', 'new'), item('t0', 'mine')], [], [{ Key: 't', Into: 't0' }]);
    expect(batches).toEqual([{ puts: [item('t', 'new'), item('t0', 'mine')], deletes: [] }]);
  });
});

describe('planRemoval', () => {
  it('deletes the written keys still present, once each, and nothing else', () => {
    const current = new Map([
      ['APIGW1URL', 'https://a/'],
      ['operator', 'x'],
    ]);
    expect(planRemoval(current, ['APIGW1URL', 'APIGW1URL', 'APIGW2URL'])).toEqual([{ puts: [], deletes: ['APIGW1URL'] }]);
  });
});

describe('toBatches', () => {
  it('cuts changes into calls of at most 50 keys, puts first', () => {
    // GIVEN 60 puts and 45 deletes
    const puts = Array.from({ length: 60 }, (_, i) => item(`k${i}`, 'v'));
    const deletes = Array.from({ length: 45 }, (_, i) => `old${i}`);
    // WHEN batched
    const batches = toBatches(puts, deletes);
    // THEN 105 changes make 3 calls of 50, 50 and 5 keys, all puts before any delete
    expect(batches.map((b) => b.puts.length + b.deletes.length)).toEqual([KVS_UPDATE_MAX_KEYS, KVS_UPDATE_MAX_KEYS, 5]);
    expect(batches[0]).toEqual({ puts: puts.slice(0, 50), deletes: [] });
    expect(batches[1]).toEqual({ puts: puts.slice(50), deletes: deletes.slice(0, 40) });
    expect(batches[2]).toEqual({ puts: [], deletes: deletes.slice(40) });
  });

  it('makes no call when there is nothing to change', () => {
    expect(toBatches([], [])).toEqual([]);
  });
});
