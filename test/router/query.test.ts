import { describe, expect, it } from 'vitest';
import { queryFromPairs } from '../../src/router/index.js';

describe('queryFromPairs', () => {
  it('joins parameters in order, repeated names included, without re-encoding', () => {
    expect(
      queryFromPairs([
        { name: 'a', value: '1' },
        { name: 'tag', value: 'x' },
        { name: 'tag', value: 'y%20z' },
        { name: 'q', value: 'a+b%26c' },
      ]),
    ).toBe('a=1&tag=x&tag=y%20z&q=a+b%26c');
  });

  it('writes an empty value as the bare name', () => {
    expect(queryFromPairs([{ name: 'debug', value: '' }, { name: 'a', value: '1' }])).toBe('debug&a=1');
  });

  it('gives "" for no parameters', () => {
    expect(queryFromPairs([])).toBe('');
  });
});
