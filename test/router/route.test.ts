import { describe, expect, it } from 'vitest';
import { route, type RouteInput, type StoredTarget, type StoreRead } from '../../src/router/index.js';

const request = { path: '/users/7', query: 'a=1' };

function store(entries: StoredTarget[], failure?: { key: string; message: string }): StoreRead {
  return { associated: true, entries, failure };
}

function input(read: StoreRead, random = () => 0): RouteInput {
  return { request, store: read, random };
}

const ONE = { key: 'APIGW1URL', value: 'https://one.example.com/prod/' };
const TWO = { key: 'APIGW2URL', value: 'https://two.example.com ' };

describe('route', () => {
  it('redirects with 307 to the target the random source picks', () => {
    expect(route(input(store([ONE, TWO]), () => 0.2))).toEqual({
      kind: 'redirect',
      status: 307,
      location: 'https://one.example.com/prod/users/7?a=1',
      key: 'APIGW1URL',
      skipped: [],
    });
    expect(route(input(store([ONE, TWO]), () => 0.7))).toMatchObject({
      location: 'https://two.example.com/users/7?a=1',
      key: 'APIGW2URL',
    });
  });

  it('splits only between valid targets and reports the others', () => {
    const bad = { key: 'APIGW1URL', value: 'ftp://x' };
    const decision = route(input(store([bad, { ...TWO, key: 'APIGW2URL' }]), () => 0));
    expect(decision).toMatchObject({ kind: 'redirect', key: 'APIGW2URL' });
    expect(decision.skipped).toEqual([
      { key: 'APIGW1URL', value: 'ftp://x', reason: 'is not an absolute http:// or https:// URL' },
    ]);
  });

  it('gives every valid target an equal share', () => {
    const three = [ONE, TWO, { key: 'APIGW3URL', value: 'https://three.example.com' }];
    const keys = [0, 0.33, 0.34, 0.66, 0.67, 0.99].map((r) => {
      const decision = route(input(store(three), () => r));
      return decision.kind === 'redirect' ? decision.key : decision.kind;
    });
    expect(keys).toEqual(['APIGW1URL', 'APIGW1URL', 'APIGW2URL', 'APIGW2URL', 'APIGW3URL', 'APIGW3URL']);
  });

  it('routes around a key that could not be read and reports it', () => {
    const decision = route(input(store([ONE], { key: 'APIGW2URL', message: 'timeout' })));
    expect(decision).toMatchObject({ kind: 'redirect', key: 'APIGW1URL' });
    expect(decision.skipped).toEqual([{ key: 'APIGW2URL', value: undefined, reason: 'could not be read: timeout' }]);
  });

  it('is unavailable when no store is associated', () => {
    expect(route(input({ associated: false, message: 'KVSNamespaceNotFound' }))).toEqual({
      kind: 'unavailable',
      status: 503,
      problem: { kind: 'no-store', message: 'KVSNamespaceNotFound' },
      skipped: [],
    });
  });

  it('is unavailable when the store has no APIGW1URL', () => {
    expect(route(input(store([])))).toMatchObject({ kind: 'unavailable', status: 503, problem: { kind: 'no-targets' } });
  });

  it('is unavailable when every stored value is invalid', () => {
    const decision = route(input(store([{ key: 'APIGW1URL', value: 'x' }, { key: 'APIGW2URL', value: '' }])));
    expect(decision).toMatchObject({ kind: 'unavailable', problem: { kind: 'all-invalid' } });
    expect(decision.skipped.map((s) => s.key)).toEqual(['APIGW1URL', 'APIGW2URL']);
  });

  it('is unavailable when a read fails before any valid target', () => {
    const decision = route(input(store([{ key: 'APIGW1URL', value: 'x' }], { key: 'APIGW2URL', message: 'timeout' })));
    expect(decision).toMatchObject({
      kind: 'unavailable',
      problem: { kind: 'read-failed', key: 'APIGW2URL', message: 'timeout' },
    });
  });
});
