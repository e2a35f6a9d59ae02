import { describe, expect, it } from 'vitest';
import { joinLocation, parseTarget, type RequestTarget, type Target } from '../../src/router/index.js';

function join(raw: string, request: RequestTarget): string {
  const parsed = parseTarget(raw);
  if (!parsed.ok) throw new Error(parsed.reason);
  return joinLocation(parsed.target as Target, request);
}

describe('joinLocation', () => {
  it('joins the target with the request path and query, with or without a trailing slash', () => {
    const request = { path: '/users/7', query: 'a=1&b=2' };
    expect(join('https://h/prod/', request)).toBe('https://h/prod/users/7?a=1&b=2');
    expect(join('https://h/prod', request)).toBe('https://h/prod/users/7?a=1&b=2');
    expect(join('https://h', request)).toBe('https://h/users/7?a=1&b=2');
    expect(join('https://h/', request)).toBe('https://h/users/7?a=1&b=2');
  });

  it('keeps the root path', () => {
    expect(join('https://h/prod/', { path: '/', query: undefined })).toBe('https://h/prod/');
    expect(join('https://h', { path: '/', query: undefined })).toBe('https://h/');
  });

  it('keeps a port', () => {
    expect(join('http://localhost:3000/api', { path: '/x', query: undefined })).toBe('http://localhost:3000/api/x');
  });

  it('passes percent-encoded bytes through untouched', () => {
    expect(join('https://h/p', { path: '/caf%C3%A9/a%2Fb', query: 'q=a%20b&x=%26&y=1+2' })).toBe(
      'https://h/p/caf%C3%A9/a%2Fb?q=a%20b&x=%26&y=1+2',
    );
  });

  it('keeps repeated parameters in order', () => {
    expect(join('https://h', { path: '/s', query: 'tag=a&tag=b&tag=a' })).toBe('https://h/s?tag=a&tag=b&tag=a');
  });

  it('adds no "?" for an empty query (a bare "?") or none', () => {
    expect(join('https://h/p', { path: '/s', query: '' })).toBe('https://h/p/s');
    expect(join('https://h/p', { path: '/s', query: undefined })).toBe('https://h/p/s');
  });

  it('merges a target query ahead of the viewer’s', () => {
    expect(join('https://h/api?stage=blue', { path: '/s', query: 'a=1' })).toBe('https://h/api/s?stage=blue&a=1');
    expect(join('https://h/api?stage=blue', { path: '/s', query: undefined })).toBe('https://h/api/s?stage=blue');
    expect(join('https://h/api?', { path: '/s', query: 'a=1' })).toBe('https://h/api/s?a=1');
  });

  it('supplies the leading slash a path lacks', () => {
    expect(join('https://h/p/', { path: 'x', query: undefined })).toBe('https://h/p/x');
  });
});
