import { describe, expect, it } from 'vitest';
import { samplePoint } from '../../src/dashboard/index.js';

const counters = (entries: Record<string, [number, number, number]>) =>
  new Map(Object.entries(entries).map(([id, [requests, errors4xx, errors5xx]]) => [id, { requests, errors4xx, errors5xx }]));
const configured = new Map([
  ['api1', 0.7],
  ['api2', 0.3],
]);

describe('samplePoint', () => {
  it('gives rates over the window and each cell part of all requests', () => {
    const then = { t: 1_000, cells: counters({ api1: [100, 1, 0], api2: [50, 0, 2] }) };
    const now = { t: 3_000, cells: counters({ api1: [130, 3, 0], api2: [60, 0, 6] }) };
    expect(samplePoint(then, now, configured)).toEqual({
      t: 3_000,
      cells: {
        api1: { rps: 15, observed: 0.75, configured: 0.7, e4xx: 1, e5xx: 0 },
        api2: { rps: 5, observed: 0.25, configured: 0.3, e4xx: 0, e5xx: 2 },
      },
    });
  });

  it('has no observed share without requests, and counts from zero after the edge restarted', () => {
    const idle = samplePoint({ t: 0, cells: counters({ api1: [5, 0, 0] }) }, { t: 1_000, cells: counters({ api1: [5, 0, 0] }) }, configured);
    expect(idle.cells.api1?.observed).toBeNull();
    expect(idle.cells.api2).toEqual({ rps: 0, observed: null, configured: 0.3, e4xx: 0, e5xx: 0 });
    const restarted = samplePoint({ t: 0, cells: counters({ api1: [500, 0, 0] }) }, { t: 1_000, cells: counters({ api1: [4, 0, 0] }) }, configured);
    expect(restarted.cells.api1).toMatchObject({ rps: 4, observed: 1 });
  });
});
