import { describe, expect, it } from 'vitest';
import { joinLocation } from '../../src/router/index.js';

describe('joinLocation', () => {
  it('joins the target with the request path and query, with or without a trailing slash', () => {
    const request = { path: '/users/7', query: 'a=1&b=2' };
    expect(joinLocation('https://h/prod/', request)).toBe('https://h/prod/users/7?a=1&b=2');
    expect(joinLocation('https://h/prod', request)).toBe('https://h/prod/users/7?a=1&b=2');
    expect(joinLocation('https://h', request)).toBe('https://h/users/7?a=1&b=2');
    expect(joinLocation('https://h/', request)).toBe('https://h/users/7?a=1&b=2');
  });

  it('keeps the root path', () => {
    expect(joinLocation('https://h/prod/', { path: '/', query: undefined })).toBe('https://h/prod/');
    expect(joinLocation('https://h', { path: '/', query: undefined })).toBe('https://h/');
  });

  it('keeps a port', () => {
    expect(joinLocation('http://localhost:3000/api', { path: '/x', query: undefined })).toBe('http://localhost:3000/api/x');
  });

  it('passes percent-encoded bytes through untouched', () => {
    expect(joinLocation('https://h/p', { path: '/caf%C3%A9/a%2Fb', query: 'q=a%20b&x=%26&y=1+2' })).toBe('https://h/p/caf%C3%A9/a%2Fb?q=a%20b&x=%26&y=1+2');
  });

  it('adds no "?" for an empty query (a bare "?") or none', () => {
    expect(joinLocation('https://h/p', { path: '/s', query: '' })).toBe('https://h/p/s');
    expect(joinLocation('https://h/p', { path: '/s', query: undefined })).toBe('https://h/p/s');
  });

  it('merges a target query ahead of the viewer’s', () => {
    expect(joinLocation('https://h/api?stage=blue', { path: '/s', query: 'a=1' })).toBe('https://h/api/s?stage=blue&a=1');
    expect(joinLocation('https://h/api/?stage=blue', { path: '/s', query: undefined })).toBe('https://h/api/s?stage=blue');
    expect(joinLocation('https://h/api?', { path: '/s', query: 'a=1' })).toBe('https://h/api/s?a=1');
  });
});
