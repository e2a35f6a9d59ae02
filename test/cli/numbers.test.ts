import { describe, expect, it } from 'vitest';
import { grouped } from '../../src/cli/numbers.js';

describe('grouped', () => {
  it('writes whole numbers as en-US locale formatting does', () => {
    const values = [0, 7, 12, 999, 1000, 1024, 12_345, 100_000, 999_999, 1_000_000, 20_480, 5_242_880, 123_456_789_012, -1, -1024, -1_000_000];
    for (const n of values) expect(grouped(n), String(n)).toBe(n.toLocaleString('en-US'));
  });
});
