import { describe, expect, it } from 'vitest';
import { decide } from '../../src/router/table/decide.js';
import { compileTable } from '../../src/router/table/compile.js';
import { factsForKey, simulate, syntheticKeys } from '../../src/router/table/simulate.js';
import { cellsWithWeights, makeConfig } from './support.js';

describe('syntheticKeys', () => {
  it('is deterministic per seed and distinct', () => {
    const keys = syntheticKeys(50_000, 3);
    expect(syntheticKeys(5, 3)).toEqual(keys.slice(0, 5));
    expect(new Set(keys).size).toBe(keys.length);
    expect(syntheticKeys(5, 4)).not.toEqual(keys.slice(0, 5));
  });
});

describe('factsForKey', () => {
  it('puts the key where the table reads it first', () => {
    for (const from of [
      [{ kind: 'header', name: 'x-t' }],
      [{ kind: 'cookie', name: 's' }],
      [{ kind: 'query', name: 'q' }],
      [{ kind: 'path', index: 3 }],
      [{ kind: 'client-ip' }],
      [],
    ] as const) {
      const table = compileTable(makeConfig({ partition: { from, sticky: { cookie: 'v', maxAgeSeconds: 1 } } })).table;
      expect(decide(factsForKey(table, 'the-key'), table).key).toBe('the-key');
    }
  });
});

describe('simulate', () => {
  it('reports shares close to the weights and full stickiness', () => {
    const report = simulate(makeConfig({ cells: cellsWithWeights([50, 30, 20]), fallback: 'c0' }), { keys: 50_000 });
    expect(report.keys).toBe(50_000);
    expect(report.cells.map((c) => [c.id, c.expectedShare, c.slotShare])).toEqual([
      ['c0', 0.5, 0.5],
      ['c1', 0.3, 0.3],
      ['c2', 0.2, 0.2],
    ]);
    expect(report.cells.reduce((sum, c) => sum + c.keys, 0)).toBe(50_000);
    expect(report.maxErrorPoints).toBeLessThan(0.7);
    expect(report.stickiness).toEqual({ repeatedRequests: 1, newVisitors: 1 });
    expect(report.against).toBeUndefined();
  });

  it('routes pinned keys to their cell', () => {
    const [first] = syntheticKeys(1, 1);
    const report = simulate(makeConfig({ overrides: [{ key: first!, cell: 'api2' }], cells: cellsWithWeights([1, 0]).map((c, i) => ({ ...c, id: `api${i + 1}` })) }), { keys: 10 });
    expect(report.cells.find((c) => c.id === 'api2')?.keys).toBe(1);
  });

  it('with against, reports keys moved beside the minimum', () => {
    const before = makeConfig({ cells: cellsWithWeights([50, 30, 20]), fallback: 'c0' });
    const after = { ...makeConfig({ cells: cellsWithWeights([40, 30, 30]), fallback: 'c0' }), file: 'next.json' };
    const report = simulate(before, { keys: 50_000, against: after });
    expect(report.against?.file).toBe('next.json');
    expect(report.against?.minimumShare).toBe(0.1);
    expect(report.against?.movedSlotShare).toBe(0.1);
    expect(Math.abs(report.against!.movedShare - 0.1)).toBeLessThan(0.01);
    expect(report.against?.cells.map((c) => c.expectedShare)).toEqual([0.4, 0.3, 0.3]);
  });
});
