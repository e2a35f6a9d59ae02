import { describe, expect, it } from 'vitest';
import { CHECKED_ORIGIN_CHANGE_MAX_CHARS, CHECKED_ORIGIN_CHANGES_MAX, checkedOriginChange } from '../../src/runtime/checked-origin-changes.js';
import { validateOriginChange } from '../../src/runtime/origin.js';
import { OriginRoute } from '../../src/runtime/origin-route.js';
import type { ForwardRequest } from '../../src/runtime/index.js';

const CELL_B = JSON.stringify({ domainName: 'cell-b.example.com', originPath: '/prod', customHeaders: { 'x-cell': 'b' }, customOriginConfig: { port: 8443, protocol: 'http' } });

/** The origin a route with these `cf.updateRequestOrigin` calls (as JSON) writes into a request. */
function originAfter(...calls: string[]): ForwardRequest['origin'] {
  const route = new OriginRoute(undefined);
  for (const json of calls) route.update(json);
  expect(route.problem).toBeUndefined();
  const request: ForwardRequest = { method: 'GET', uri: '/', query: undefined, headers: [] };
  route.applyTo(request);
  return request.origin;
}

describe('checked cf.updateRequestOrigin arguments', () => {
  it('gives what checking the argument gives, every time, and a copy of its own each time', () => {
    const first = checkedOriginChange(CELL_B);
    const second = checkedOriginChange(CELL_B);
    expect(first).toEqual(validateOriginChange(JSON.parse(CELL_B)));
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
    expect(second.customOriginConfig).not.toBe(first.customOriginConfig);
  });

  it('a request whose origin is changed afterwards does not change the next request\'s origin', () => {
    const before = originAfter(CELL_B);
    if (!before?.customOriginConfig || !before.customHeaders) throw new Error('expected the origin of cell b');
    before.domainName = 'changed.example.com';
    before.customOriginConfig.port = 1;
    before.customHeaders['x-cell'] = 'changed';
    expect(originAfter(CELL_B)).toEqual({ domainName: 'cell-b.example.com', originPath: '/prod', customHeaders: { 'x-cell': 'b' }, customOriginConfig: { port: 8443, protocol: 'http' } });
  });

  it('different arguments give their own changes, also once more are seen than are remembered', () => {
    for (let i = 0; i < CHECKED_ORIGIN_CHANGES_MAX + 5; i++) {
      expect(originAfter(JSON.stringify({ domainName: `cell-${i}.example.com` }))).toEqual({ domainName: `cell-${i}.example.com` });
    }
    // The earliest ones were let go, and come back right.
    expect(originAfter(JSON.stringify({ domainName: 'cell-0.example.com' }))).toEqual({ domainName: 'cell-0.example.com' });
    expect(originAfter(CELL_B, JSON.stringify({ originPath: '/v2' }))).toMatchObject({ domainName: 'cell-b.example.com', originPath: '/v2' });
  });

  it('an invalid argument fails every time with the same message, also after a valid one', () => {
    const invalid = JSON.stringify({ domainName: 'bad host.example.com' });
    for (let i = 0; i < 2; i++) {
      expect(() => checkedOriginChange(invalid)).toThrow(/cf\.updateRequestOrigin: domainName must be a DNS name/);
      const route = new OriginRoute(undefined);
      route.update(invalid);
      expect(route.problem).toMatch(/^cf\.updateRequestOrigin: domainName must be a DNS name/);
    }
    expect(() => checkedOriginChange(null)).toThrow(/the argument must be an object/);
    expect(() => checkedOriginChange('{not json')).toThrow(SyntaxError);
  });

  it('a long argument is checked as any other', () => {
    const long = JSON.stringify({ domainName: 'long.example.com', customHeaders: { 'x-pad': 'p'.repeat(CHECKED_ORIGIN_CHANGE_MAX_CHARS) } });
    expect(checkedOriginChange(long)).toEqual(validateOriginChange(JSON.parse(long)));
  });
});
