import { describe, expect, it } from 'vitest';
import { KVS_VALUE_MAX_BYTES } from '../../src/limits.js';
import { compileTable } from '../../src/router/table/compile.js';
import { SLOT_COUNT } from '../../src/router/table/constants.js';
import { TableError } from '../../src/router/table/errors.js';
import { runsFromFlat, slotOwners, slotsPerCell } from '../../src/router/table/runs.js';
import type { RoutingTable } from '../../src/router/table/types.js';
import { cell, cellsWithWeights, makeConfig, prng } from './support.js';

function slotShares(table: RoutingTable): Record<string, number> {
  const counts = slotsPerCell(runsFromFlat(table.r), table.c.length);
  return Object.fromEntries(table.c.map((c, i) => [c.i, counts[i]!]));
}

describe('compileTable', () => {
  it('encodes the issue example as compact, versioned JSON', () => {
    const compiled = compileTable(makeConfig({ overrides: [{ key: 'tenant-42', cell: 'api2' }] }));
    expect(compiled.encoded).toBe(
      '{"v":1,"m":"p","c":[{"i":"api1","d":"api1.execute-api.eu-west-1.amazonaws.com","o":"/prod"},' +
        '{"i":"api2","d":"api2.execute-api.eu-west-1.amazonaws.com","o":"/prod"}],"r":[0,5000,1,5000],' +
        '"k":["h:x-tenant-id"],"sc":"cellfront-visitor","sa":86400,"fh":"x-cellfront-cell","f":0,"h":"x-cellfront-cell","pn":1}',
    );
    expect(compiled.bytes).toBe(Buffer.byteLength(compiled.encoded));
    expect(compiled.runCount).toBe(2);
    expect(compiled.movement).toBeUndefined();
  });

  it('is deterministic: the same config gives the same bytes', () => {
    const config = makeConfig({ cells: cellsWithWeights([33.3, 33.3, 33.4, 0]) });
    const previous = compileTable(makeConfig({ cells: cellsWithWeights([10, 20, 30, 40]) })).table;
    expect(compileTable(config).encoded).toBe(compileTable(config).encoded);
    expect(compileTable(config, { previous }).encoded).toBe(compileTable(config, { previous }).encoded);
  });

  it('lays out one run per cell in config order, disabled cells getting no slots', () => {
    const table = compileTable(makeConfig({ cells: [cell('a', 1), cell('b', 5, true), cell('c', 3)] })).table;
    expect(table.r).toEqual([0, 2500, 2, 7500]);
    expect(table.c[1]).toMatchObject({ i: 'b', x: 1 });
  });

  it('writes redirect mode with the target URL and status', () => {
    const table = compileTable(makeConfig({ mode: 'redirect', redirectStatus: 308, cellHeader: undefined, force: {} })).table;
    expect(table).toMatchObject({ m: 'r', rs: 308, c: [{ i: 'api1', u: 'https://api1.execute-api.eu-west-1.amazonaws.com/prod' }, { i: 'api2' }] });
    expect(table).not.toHaveProperty('h');
    expect(table).not.toHaveProperty('fh');
    expect(table).not.toHaveProperty('pn');
  });

  it('with a previous table, moves exactly the minimum and says so', () => {
    const previous = compileTable(makeConfig({ cells: cellsWithWeights([50, 30, 20]) })).table;
    const next = compileTable(makeConfig({ cells: cellsWithWeights([40, 30, 30]) }), { previous });
    expect(next.movement).toEqual({ movedSlots: 1000, minimumSlots: 1000, movedShare: 0.1, minimumShare: 0.1, compacted: false });
    expect(slotShares(next.table)).toEqual({ c0: 4000, c1: 3000, c2: 3000 });
  });

  it('matches cells by id across reordering, additions and removals', () => {
    const previous = compileTable(makeConfig({ cells: [cell('a', 1), cell('b', 1), cell('c', 1), cell('d', 1)], fallback: 'a' })).table;
    const next = compileTable(makeConfig({ cells: [cell('d', 1), cell('a', 1), cell('c', 1), cell('e', 1)], fallback: 'a' }), { previous });
    const before = slotOwners(runsFromFlat(previous.r), previous.c.map((c) => c.i));
    const after = slotOwners(runsFromFlat(next.table.r), next.table.c.map((c) => c.i));
    // Only b's slots move, all to the newcomer e: a, c and d keep theirs.
    const moved = before.map((owner, slot) => [owner, after[slot]]).filter(([owner, now]) => owner !== now);
    expect(moved).toHaveLength(2500);
    expect(moved.every(([owner, now]) => owner === 'b' && now === 'e')).toBe(true);
    expect(next.movement?.movedSlots).toBe(2500);
    expect(next.table.f).toBe(1);
  });

  it('keeps minimal movement over random chains of weight changes (moved == TVD x S)', () => {
    const random = prng(99);
    for (let chain = 0; chain < 25; chain++) {
      const n = 2 + Math.floor(random() * 6);
      let previous = compileTable(makeConfig({ cells: cellsWithWeights(Array.from({ length: n }, () => 1 + Math.floor(random() * 9))), fallback: 'c0' })).table;
      for (let step = 0; step < 6; step++) {
        const weights = Array.from({ length: n }, (_, i) => (i === 0 ? 1 : Math.floor(random() * 10)));
        const next = compileTable(makeConfig({ cells: cellsWithWeights(weights), fallback: 'c0' }), { previous });
        expect(next.movement!.movedSlots).toBe(next.movement!.minimumSlots);
        const had = slotShares(previous);
        const tvd = Object.entries(slotShares(next.table)).reduce((sum, [id, now]) => sum + Math.max(0, (had[id] ?? 0) - now), 0);
        expect(next.movement!.minimumSlots).toBe(tvd);
        previous = next.table;
      }
    }
  });

  it('refuses a table over the KVS value limit, with the byte breakdown', () => {
    const many = Array.from({ length: 20 }, (_, i) => cell(`cell-number-${i}`, 1));
    let error: unknown;
    try {
      compileTable(makeConfig({ cells: many, fallback: 'cell-number-0' }));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TableError);
    expect((error as TableError).code).toBe('table-too-large');
    expect((error as TableError).message).toMatch(
      new RegExp(`^the routing table takes \\d+ bytes, over the ${KVS_VALUE_MAX_BYTES}-byte limit of one KVS value \\(cells: \\d+ bytes for 20; runs: \\d+ bytes for 20\\)$`),
    );
  });

  it('when fragmentation overflows the value, refuses and offers the compact layout; compact moves more but fits', () => {
    // Origins long enough that a fresh 8-cell table nearly fills the value, so
    // the runs that weight changes add soon overflow it.
    const cellsWith = (pad: number, weights: readonly number[]) =>
      weights.map((w, i) => ({ id: `c${i}`, origin: `https://c${i}-${'x'.repeat(pad)}.example`, weight: w, disabled: false }));
    const even = new Array<number>(8).fill(1);
    let pad = 0;
    while (compileTable(makeConfig({ cells: cellsWith(pad + 1, even), fallback: 'c0' })).bytes < KVS_VALUE_MAX_BYTES - 40) pad++;
    const random = prng(5);
    let previous = compileTable(makeConfig({ cells: cellsWith(pad, even), fallback: 'c0' })).table;
    let refusal: TableError | undefined;
    for (let step = 0; step < 100 && !refusal; step++) {
      const config = makeConfig({ cells: cellsWith(pad, Array.from({ length: 8 }, () => 1 + Math.floor(random() * 50))), fallback: 'c0' });
      try {
        previous = compileTable(config, { previous }).table;
      } catch (error) {
        if (!(error instanceof TableError)) throw error;
        refusal = error;
        const compact = compileTable(config, { previous, compact: true });
        expect(compact.runCount).toBe(8);
        expect(compact.movement!.compacted).toBe(true);
        expect(compact.movement!.movedSlots).toBeGreaterThan(compact.movement!.minimumSlots);
        expect(refusal.compactAlternative).toEqual({ bytes: compact.bytes, movedShare: compact.movement!.movedShare });
      }
    }
    expect(refusal?.code).toBe('table-too-large');
    expect(refusal?.message).toMatch(
      /fragmentation from earlier changes adds runs: a compact layout would take \d+ bytes and move [\d.]+% of keys \(the minimum is [\d.]+%\)$/,
    );
  });

  it('covers every slot', () => {
    const table = compileTable(makeConfig({ cells: cellsWithWeights([1, 2, 3, 4, 5]), fallback: 'c0' })).table;
    expect(runsFromFlat(table.r).reduce((sum, r) => sum + r.length, 0)).toBe(SLOT_COUNT);
  });
});
