import { describe, expect, it } from 'vitest';
import { SLOT_COUNT } from '../../src/router/table/constants.js';
import { hash32, slotOf } from '../../src/router/table/hash.js';

/** FNV-1a over code points (lone surrogates as U+FFFD) then fmix32, with BigInt arithmetic: an independent reference. */
function reference(key: string): number {
  const mask = 0xffffffffn;
  let h = 0x811c9dc5n;
  for (const ch of key) {
    const point = ch.codePointAt(0) as number;
    h ^= BigInt(point >= 0xd800 && point < 0xe000 ? 0xfffd : point);
    h = (h * 0x01000193n) & mask;
  }
  h ^= h >> 16n;
  h = (h * 0x85ebca6bn) & mask;
  h ^= h >> 13n;
  h = (h * 0xc2b2ae35n) & mask;
  h ^= h >> 16n;
  return Number(h);
}

describe('hash32', () => {
  it('matches a BigInt implementation of FNV-1a + fmix32', () => {
    for (const key of ['', 'a', 'tenant-42', 'ünïcödé', '🙂', 'a🙂b', '\ud83d', 'x\udc00y', '\ud83d\ud83d🙂', 'x'.repeat(1000)]) {
      expect(hash32(key)).toBe(reference(key));
    }
  });

  it('hashes a lone surrogate as U+FFFD and a pair as its code point, as njs reads them', () => {
    expect(hash32('\ud83d')).toBe(hash32('\ufffd'));
    expect(hash32('🙂')).not.toBe(hash32('\ufffd\ufffd'));
  });

  it('keeps the slots of known keys (changing them would move every user)', () => {
    expect(['', 'a', 'tenant-42', 'user-1', 'user-2'].map(slotOf)).toEqual([8923, 1715, 6541, 5916, 1105]);
  });

  it('spreads sequential keys evenly over the slot space', () => {
    const buckets = new Array<number>(20).fill(0);
    const n = 200_000;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const slot = slotOf(`user-${i}`);
      if (!Number.isInteger(slot) || slot < 0 || slot >= SLOT_COUNT) outside++;
      buckets[Math.floor((slot * buckets.length) / SLOT_COUNT)]! += 1;
    }
    expect(outside).toBe(0);
    // Each bucket expects 10,000 keys (sd ~ 97); 5% off would be a broken mix.
    for (const count of buckets) expect(Math.abs(count - n / buckets.length)).toBeLessThan(500);
  });
});
