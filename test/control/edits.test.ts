import { describe, expect, it } from 'vitest';
import { pin, rollback, setDrained, unpin } from '../../src/control/edits.js';
import { ControlError } from '../../src/control/errors.js';
import { liveStateFrom, type LiveState } from '../../src/control/live-state.js';
import { edgeShares } from '../../src/control/shares.js';
import { compileTable, decodeTable, PREVIOUS_TABLE_KEY, TABLE_KEY, type RoutingTable } from '../../src/router/table/index.js';
import { cellsWithWeights, makeConfig } from '../router-table/support.js';

const ARN = 'arn:aws:cloudfront::000000000000:key-value-store/9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f';
const table = compileTable(makeConfig({ cells: cellsWithWeights([50, 30, 20]), fallback: 'c0' }));

function live(items: Record<string, string>): LiveState {
  return liveStateFrom({ arn: ARN, etag: 'KVAAAAAAAAAAAAA', totalBytes: 0 }, Object.entries(items).map(([key, value]) => ({ key, value })));
}

/** The table a set of writes puts. */
function written(puts: readonly { key: string; value: string }[]): RoutingTable {
  const decoded = decodeTable(puts.find((p) => p.key === TABLE_KEY)?.value);
  if (!decoded.ok) throw new Error(decoded.reason);
  return decoded.table;
}

describe('drain and undrain', () => {
  it("drain sends the cell's keys to the fallback at once, keeps everyone else, and keeps the old table", () => {
    const edit = setDrained(live({ [TABLE_KEY]: table.encoded }), 'c2', true);
    const after = written(edit.writes.puts);
    expect([...edgeShares(after)]).toEqual([['c0', 0.7], ['c1', 0.3], ['c2', 0]]);
    expect(after.r).toEqual(table.table.r);
    expect(edit.writes.puts.find((p) => p.key === PREVIOUS_TABLE_KEY)?.value).toBe(table.encoded);
    const back = setDrained(live({ [TABLE_KEY]: edit.writes.puts[0]!.value }), 'c2', false);
    expect(back.writes.puts[0]?.value).toBe(table.encoded);
  });

  it('does nothing for a cell already in that state, and refuses the last enabled cell', () => {
    expect(setDrained(live({ [TABLE_KEY]: table.encoded }), 'c1', false).writes).toEqual({ puts: [], deletes: [] });
    let state = live({ [TABLE_KEY]: table.encoded });
    for (const id of ['c1', 'c2']) state = live({ [TABLE_KEY]: setDrained(state, id, true).writes.puts[0]!.value });
    expect(() => setDrained(state, 'c0', true)).toThrowError(new ControlError('refused', '"c0" is the only enabled cell; draining it would leave nothing to route to'));
  });

  it('needs a usable live table', () => {
    expect(() => setDrained(live({}), 'c0', true)).toThrowError('the store holds no routing table (cellfront:table); write one with `cellfront apply`');
    expect(() => setDrained(live({ [TABLE_KEY]: '{' }), 'c0', true)).toThrowError(/^the live table \(cellfront:table\) is not usable \(bad JSON\)/);
  });
});

describe('pin and unpin', () => {
  it('pin writes the override and marks the table; the last unpin clears the mark', () => {
    const pinned = pin(live({ [TABLE_KEY]: table.encoded }), 'tenant-7', 'c1');
    expect(pinned.writes.puts[0]).toEqual({ key: 'cellfront:pin:tenant-7', value: 'c1' });
    expect(written(pinned.writes.puts).pn).toBe(1);
    const state = live({ [TABLE_KEY]: pinned.writes.puts[1]!.value, 'cellfront:pin:tenant-7': 'c1' });
    expect(pin(state, 'tenant-7', 'c1').writes).toEqual({ puts: [], deletes: [] });
    const removed = unpin(state, 'tenant-7');
    expect(removed.writes.deletes).toEqual(['cellfront:pin:tenant-7']);
    expect(removed.writes.puts[0]).toEqual({ key: TABLE_KEY, value: table.encoded });
  });

  it('refuses unknown cells, keys not pinned and keys over the KVS key limit', () => {
    const state = live({ [TABLE_KEY]: table.encoded });
    expect(() => pin(state, 't', 'c9')).toThrowError('no cell "c9" in the live table; cells: c0, c1, c2');
    expect(() => unpin(state, 't')).toThrowError('no pin for "t"; pinned keys: none');
    expect(() => pin(state, 'k'.repeat(600), 'c0')).toThrowError(/would take 614 bytes, over the 512-byte key limit$/);
  });
});

describe('rollback', () => {
  it('puts the previous table back byte for byte and keeps the replaced one', () => {
    const previous = `${compileTable(makeConfig({ cells: cellsWithWeights([10, 90]), fallback: 'c0' })).encoded}`;
    const edit = rollback(live({ [TABLE_KEY]: table.encoded, [PREVIOUS_TABLE_KEY]: previous }));
    expect(edit.writes.puts).toEqual([
      { key: TABLE_KEY, value: previous },
      { key: PREVIOUS_TABLE_KEY, value: table.encoded },
    ]);
    expect(edit.outcome).toBe('swapped');
  });

  it('with no usable live table, writes the previous one as live and leaves it as previous: nothing to keep, nothing to undo to', () => {
    const previous = `${compileTable(makeConfig({ cells: cellsWithWeights([10, 90]), fallback: 'c0' })).encoded}`;
    for (const state of [live({ [PREVIOUS_TABLE_KEY]: previous }), live({ [TABLE_KEY]: '{"v":1}', [PREVIOUS_TABLE_KEY]: previous })]) {
      const edit = rollback(state);
      expect(edit.outcome).toBe('restored');
      expect(edit.before).toBeUndefined();
      expect(edit.writes).toEqual({ puts: [{ key: TABLE_KEY, value: previous }], deletes: [] });
    }
  });

  it('writes nothing when the live table already is the previous one', () => {
    const edit = rollback(live({ [TABLE_KEY]: table.encoded, [PREVIOUS_TABLE_KEY]: table.encoded }));
    expect(edit.outcome).toBe('unchanged');
    expect(edit.writes).toEqual({ puts: [], deletes: [] });
  });

  it('refuses without a previous table, or with one the edge cannot use', () => {
    expect(() => rollback(live({ [TABLE_KEY]: table.encoded }))).toThrowError(/^there is no previous table \(cellfront:table:previous\) to roll back to/);
    expect(() => rollback(live({ [PREVIOUS_TABLE_KEY]: '{"v":1}' }))).toThrowError('the previous table (cellfront:table:previous) is not usable (bad m); refusing to roll back to it');
  });
});
