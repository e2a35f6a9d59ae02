import { describe, expect, it } from 'vitest';
import { rawQuery, viewerQuery, type CfRequest } from '../../src/function/index.js';

function request(querystring: CfRequest['querystring'], raw?: { returns: string | undefined }): CfRequest {
  return {
    method: 'GET',
    uri: '/p',
    querystring,
    ...(raw ? { rawQueryString: () => raw.returns } : {}),
  };
}

describe('viewerQuery', () => {
  it('prefers rawQueryString(), which keeps the exact bytes and order', () => {
    const q = { b: { value: '2' }, a: { value: '1' } };
    expect(viewerQuery(request(q, { returns: 'b=2&a=1&b' }))).toBe('b=2&a=1&b');
  });

  it('reads an empty rawQueryString() (a bare "?") as no query, unless parameters were parsed', () => {
    expect(viewerQuery(request({}, { returns: '' }))).toBeUndefined();
    expect(viewerQuery(request({ a: { value: '1' } }, { returns: '' }))).toBe('a=1');
  });

  it('gives undefined when there is no query string at all', () => {
    expect(viewerQuery(request({}, { returns: undefined }))).toBeUndefined();
    expect(viewerQuery(request({}))).toBeUndefined();
  });

  it('rebuilds from querystring without rawQueryString(), in order, expanding multiValue', () => {
    const q = {
      z: { value: '1', multiValue: [{ value: '1' }, { value: '2' }] },
      a: { value: '1' },
      tag: { value: 'x', multiValue: [{ value: 'x' }, { value: 'y%20z' }] },
      flag: { value: '' },
    };
    expect(viewerQuery(request(q))).toBe('z=1&z=2&a=1&tag=x&tag=y%20z&flag');
  });
});

describe('rawQuery', () => {
  it('is what rawQueryString() says, and nothing without the method', () => {
    expect(rawQuery(request({ a: { value: '1' } }, { returns: 'b=2' }))).toBe('b=2');
    expect(rawQuery(request({ a: { value: '1' } }))).toBeUndefined();
  });
});
