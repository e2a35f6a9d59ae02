import { describe, expect, it } from 'vitest';
import { median, MAX_FUNCTIONS, timeInterleavedInNjs } from './njs-interleaved.js';
import { viewerRequest } from './events.js';

// What the bench's cost comparison relies on, asserted without timing anything: every function
// runs every round, each call with its own store, and a function that fails is reported.
const event = viewerRequest('/a', { headers: { 'x-n': '1' } });

describe('timeInterleavedInNjs', () => {
  it('times every function in every round, each reading its own store', async () => {
    // Each function throws unless its store holds what its own calls were given.
    const reads = (want: string) => `import cf from 'cloudfront';
async function handler(event) {
  var v = await cf.kvs().get('k');
  if (v !== '${want}') throw new Error('read ' + v);
  // Some work, so that the rounds' CPU time adds up to more than the clock's tick (about 4 ms).
  for (var i = 0, x = 0; i < 200000; i++) x += i % 7;
  return event.request;
}`;
    const outcome = await timeInterleavedInNjs(
      [
        { code: reads('a'), calls: [{ event, kvs: { k: 'a' } }] },
        { code: reads('b'), calls: [{ event, kvs: { k: 'b' } }] },
      ],
      4,
      2,
    );
    expect(outcome.failures).toEqual([[], []]);
    expect(outcome.roundMs.map((r) => r.length)).toEqual([4, 4]);
    for (const r of outcome.roundMs.flat()) expect(r).toBeGreaterThanOrEqual(0);
    // Linux: CPU time per round from /proc/self/schedstat, which moves in ticks of a few ms.
    expect(outcome.roundCpuMs.map((r) => r.length)).toEqual([4, 4]);
    for (const r of outcome.roundCpuMs.flat()) expect(r).toBeGreaterThanOrEqual(0);
    for (const rounds of outcome.roundCpuMs) expect(rounds.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  }, 60_000);

  it('reports the calls that throw, per function, from the warm-up pass', async () => {
    const ok = 'async function handler(event) { return event.request; }';
    const bad = "async function handler(event) { throw new Error('no ' + event.request.uri); }";
    const outcome = await timeInterleavedInNjs(
      [
        { code: ok, calls: [{ event, kvs: null }] },
        { code: bad, calls: [{ event, kvs: null }] },
      ],
      1,
      1,
    );
    expect(outcome.failures[0]).toEqual([]);
    expect(outcome.failures[1]).toEqual(['Error: no /a']);
  }, 60_000);

  it(`refuses more than ${MAX_FUNCTIONS} functions in one process`, async () => {
    const ok = { code: 'async function handler(event) { return event.request; }', calls: [] };
    await expect(timeInterleavedInNjs(Array.from({ length: MAX_FUNCTIONS + 1 }, () => ok), 1, 1)).rejects.toThrow(RangeError);
  });
});

describe('median', () => {
  it('takes the middle value, or the mean of the middle two', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([1.2])).toBe(1.2);
  });
});
