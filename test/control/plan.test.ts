import { describe, expect, it } from 'vitest';
import { liveStateFrom, type LiveState } from '../../src/control/live-state.js';
import { isEmptyPlan, planFromConfig } from '../../src/control/plan.js';
import { batchWrites } from '../../src/control/routing-store.js';
import type { ResolvedConfig } from '../../src/config/index.js';
import { compileTable, PREVIOUS_TABLE_KEY, TABLE_KEY } from '../../src/router/table/index.js';
import { cell, cellsWithWeights, makeConfig } from '../router-table/support.js';

const ARN = 'arn:aws:cloudfront::000000000000:key-value-store/9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f';

function live(items: Record<string, string>): LiveState {
  return liveStateFrom({ arn: ARN, etag: 'KVAAAAAAAAAAAAA', totalBytes: 0 }, Object.entries(items).map(([key, value]) => ({ key, value })));
}

const config = (weights: readonly number[], extra: Partial<ResolvedConfig> = {}) => makeConfig({ cells: cellsWithWeights(weights), fallback: 'c0', ...extra });

describe('planFromConfig', () => {
  it('on an empty store writes the first table and the overrides, and no previous table', () => {
    const plan = planFromConfig(live({}), config([50, 50], { overrides: [{ key: 'tenant-42', cell: 'c1' }] }));
    expect(plan.changes).toEqual([{ kind: 'first-table' }, { kind: 'pin-added', key: 'tenant-42', cell: 'c1' }]);
    expect(plan.writes.puts.map((p) => p.key)).toEqual([TABLE_KEY, 'cellfront:pin:tenant-42']);
    expect(plan.cells).toEqual([
      { id: 'c0', after: 0.5, movesIn: 0, movesOut: 0 },
      { id: 'c1', after: 0.5, movesIn: 0, movesOut: 0 },
    ]);
    expect(plan).toMatchObject({ arn: ARN, etag: 'KVAAAAAAAAAAAAA', calls: 1, compacted: false });
  });

  it('for a weight change moves the minimum, shows the flows per cell, and keeps the live table as previous', () => {
    const before = compileTable(config([50, 30, 20]));
    const plan = planFromConfig(live({ [TABLE_KEY]: before.encoded }), config([40, 30, 30]));
    expect(plan.cells).toEqual([
      { id: 'c0', before: 0.5, after: 0.4, movesIn: 0, movesOut: 0.1 },
      { id: 'c1', before: 0.3, after: 0.3, movesIn: 0, movesOut: 0 },
      { id: 'c2', before: 0.2, after: 0.3, movesIn: 0.1, movesOut: 0 },
    ]);
    expect(plan.movedShare).toBe(0.1);
    expect(plan.changes).toEqual([]);
    expect(plan.writes.puts).toEqual([
      { key: TABLE_KEY, value: compileTable(config([40, 30, 30]), { previous: before.table }).encoded },
      { key: PREVIOUS_TABLE_KEY, value: before.encoded },
    ]);
  });

  it('lists cells added, removed, re-pointed and disabled, settings, and pins added, changed and removed', () => {
    const before = compileTable(config([50, 50], { overrides: [{ key: 'a', cell: 'c0' }, { key: 'b', cell: 'c0' }] }));
    const next = config([50, 50], {
      cells: [{ ...cell('c0', 50), origin: 'https://moved.example.com/v2' }, cell('c1', 50, true), cell('c2', 50)],
      overrides: [{ key: 'b', cell: 'c2' }, { key: 'c', cell: 'c1' }],
      cellHeader: undefined,
    });
    const plan = planFromConfig(live({ [TABLE_KEY]: before.encoded, 'cellfront:pin:a': 'c0', 'cellfront:pin:b': 'c0' }), next);
    expect(plan.changes).toEqual([
      { kind: 'cell-origin', cell: 'c0', from: 'https://c0.execute-api.eu-west-1.amazonaws.com/prod', to: 'https://moved.example.com/v2' },
      { kind: 'cell-disabled', cell: 'c1' },
      { kind: 'cell-added', cell: 'c2', origin: 'https://c2.execute-api.eu-west-1.amazonaws.com/prod' },
      { kind: 'setting', name: 'cell header', from: 'x-cellfront-cell', to: '(off)' },
      { kind: 'pin-changed', key: 'b', from: 'c0', to: 'c2' },
      { kind: 'pin-added', key: 'c', cell: 'c1' },
      { kind: 'pin-removed', key: 'a', cell: 'c0' },
    ]);
    expect(plan.writes.deletes).toEqual(['cellfront:pin:a']);
  });

  it('shows every port a cell names, port 0 included', () => {
    const before = compileTable(config([50, 50], { cells: [{ ...cell('c0', 50), origin: 'http://localhost:8083/prod' }, cell('c1', 50)] }));
    const next = config([50, 50], { cells: [{ ...cell('c0', 50), origin: 'http://localhost:0/prod' }, cell('c1', 50)] });
    expect(planFromConfig(live({ [TABLE_KEY]: before.encoded }), next).changes).toEqual([
      { kind: 'cell-origin', cell: 'c0', from: 'http://localhost:8083/prod', to: 'http://localhost:0/prod' },
    ]);
  });

  it('writes nothing when the store already matches, so the previous table survives', () => {
    const before = compileTable(config([50, 50], { overrides: [{ key: 'a', cell: 'c1' }] }));
    const plan = planFromConfig(live({ [TABLE_KEY]: before.encoded, [PREVIOUS_TABLE_KEY]: 'older', 'cellfront:pin:a': 'c1' }), config([50, 50], { overrides: [{ key: 'a', cell: 'c1' }] }));
    expect(isEmptyPlan(plan)).toBe(true);
    expect(plan.calls).toBe(0);
  });

  it('replaces an unusable live table afresh and does not keep it for rollback', () => {
    const plan = planFromConfig(live({ [TABLE_KEY]: '{"v":2}', [PREVIOUS_TABLE_KEY]: 'older' }), config([50, 50]));
    expect(plan.changes).toEqual([{ kind: 'unusable-table', reason: 'bad v' }]);
    expect(plan.writes.puts.map((p) => p.key)).toEqual([TABLE_KEY]);
  });

  it('names the file and pointer when the table cannot fit one KVS value', () => {
    const many = Array.from({ length: 20 }, (_, i) => ({ ...cell(`cell-with-a-long-id-${i}`, 1), origin: `https://cell-${i}.execute-api.eu-west-1.amazonaws.com/production` }));
    expect(() => planFromConfig(live({}), makeConfig({ cells: many, fallback: many[0]!.id }))).toThrowError(/^cellfront\.config\.json#\/cells: the routing table takes \d+ bytes, over the 1024-byte limit/);
  });
});

describe('batchWrites', () => {
  it('keeps up to 50 keys in one call', () => {
    const puts = Array.from({ length: 48 }, (_, i) => ({ key: `cellfront:pin:k${i}`, value: 'c0' }));
    expect(batchWrites({ puts: [...puts, { key: TABLE_KEY, value: 't' }, { key: PREVIOUS_TABLE_KEY, value: 'p' }], deletes: [] })).toHaveLength(1);
  });

  it('beyond 50 keys, sends the overrides first, 50 at a time, and the table keys in the last call', () => {
    const puts = Array.from({ length: 120 }, (_, i) => ({ key: `cellfront:pin:k${i}`, value: 'c0' }));
    const batches = batchWrites({ puts: [{ key: TABLE_KEY, value: 't' }, { key: PREVIOUS_TABLE_KEY, value: 'p' }, ...puts], deletes: ['cellfront:pin:old'] });
    expect(batches.map((b) => b.puts.length + b.deletes.length)).toEqual([50, 23, 50]);
    const last = batches[batches.length - 1]!;
    expect(last.puts.slice(-2).map((p) => p.key)).toEqual([TABLE_KEY, PREVIOUS_TABLE_KEY]);
    expect(batches.slice(0, -1).every((b) => b.puts.every((p) => p.key.startsWith('cellfront:pin:')))).toBe(true);
    expect(batches.flatMap((b) => b.puts).length + batches.flatMap((b) => b.deletes).length).toBe(123);
  });
});
