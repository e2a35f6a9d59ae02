import { describe, expect, it } from 'vitest';
import type { LookupAddress } from 'node:dns';
import { isLoopbackHost, localAddressFor, loopbackAwareLookup } from '../../src/net/loopback-lookup.js';

function resolve(hostname: string, all: boolean): Promise<{ address: string | LookupAddress[]; family?: number }> {
  return new Promise((done, fail) =>
    loopbackAwareLookup(hostname, { all }, (error, address, family) => (error ? fail(error) : done({ address, ...(family ? { family } : {}) }))),
  );
}

describe('localAddressFor', () => {
  it.each([
    ['000000000000.localhost', '127.0.0.1'],
    ['localhost', '127.0.0.1'],
    ['A.B.LOCALHOST.', '127.0.0.1'],
    ['000000000000.127.0.0.1', '127.0.0.1'],
    ['123456789012.10.1.2.3', '10.1.2.3'],
  ])('resolves %s to %s', (host, address) => {
    expect(localAddressFor(host)).toBe(address);
  });

  it.each(['example.com', '000000000000.cloudfront-kvs.global.api.aws', '127.0.0.1', 'localhost.example.com', 'a.999.0.0.1'])(
    'leaves %s to the system',
    (host) => {
      expect(localAddressFor(host)).toBeUndefined();
    },
  );
});

describe('loopbackAwareLookup', () => {
  it('answers local names itself, in both callback forms Node uses', async () => {
    expect(await resolve('000000000000.localhost', false)).toEqual({ address: '127.0.0.1', family: 4 });
    expect(await resolve('000000000000.localhost', true)).toEqual({ address: [{ address: '127.0.0.1', family: 4 }] });
  });

  it('passes other names to the system resolver', async () => {
    // An IP literal resolves to itself without any network.
    expect(await resolve('10.9.8.7', false)).toEqual({ address: '10.9.8.7', family: 4 });
    expect(await resolve('10.9.8.7', true)).toEqual({ address: [{ address: '10.9.8.7', family: 4 }] });
  });
});

describe('isLoopbackHost', () => {
  it.each([
    ['localhost', true],
    ['000000000000.localhost', true],
    ['127.0.0.1', true],
    ['[::1]', true],
    ['10.0.0.1', false],
    ['example.com', false],
  ])('%s → %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});
