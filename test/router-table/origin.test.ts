import { describe, expect, it } from 'vitest';
import { tableCell } from '../../src/router/table/encode.js';
import { proxyOrigin, redirectLocation } from '../../src/router/table/origin.js';

describe('redirectLocation', () => {
  const target = tableCell({ id: 'a', origin: 'https://a.example.com/prod/', weight: 1, disabled: false }, 'redirect');

  it('joins the target URL, the request path and the raw query', () => {
    expect(target).toEqual({ i: 'a', u: 'https://a.example.com/prod' });
    expect(redirectLocation(target, '/users/7', 'x=1&y=%20')).toBe('https://a.example.com/prod/users/7?x=1&y=%20');
  });

  it('leaves out an absent or empty query', () => {
    expect(redirectLocation(target, '/', undefined)).toBe('https://a.example.com/prod/');
    expect(redirectLocation(target, '/a', '')).toBe('https://a.example.com/prod/a');
  });

  it('does not double the slash of a root target', () => {
    const root = tableCell({ id: 'r', origin: 'http://localhost:3001/', weight: 1, disabled: false }, 'redirect');
    expect(redirectLocation(root, '/x', undefined)).toBe('http://localhost:3001/x');
  });
});

describe('proxyOrigin', () => {
  it('gives an HTTPS origin with its path, and its domain as the Host header', () => {
    const c = tableCell({ id: 'a', origin: 'https://abc.execute-api.eu-west-1.amazonaws.com/prod/', weight: 1, disabled: false }, 'proxy');
    expect(c).toEqual({ i: 'a', d: 'abc.execute-api.eu-west-1.amazonaws.com', o: '/prod' });
    expect(proxyOrigin(c)).toEqual({
      domainName: 'abc.execute-api.eu-west-1.amazonaws.com',
      hostHeader: 'abc.execute-api.eu-west-1.amazonaws.com',
      originPath: '/prod',
      customOriginConfig: { port: 443, protocol: 'https', sslProtocols: ['TLSv1.2'] },
    });
  });

  it('gives an HTTP origin on its own port without a path, clearing the default origin\'s path', () => {
    const c = tableCell({ id: 'b', origin: 'http://localhost:8080', weight: 1, disabled: true }, 'proxy');
    expect(c).toEqual({ i: 'b', d: 'localhost', p: 'http', n: 8080, x: 1 });
    // '' and not absent: an absent originPath would keep the distribution's (e.g. /prod).
    expect(proxyOrigin(c)).toEqual({ domainName: 'localhost', hostHeader: 'localhost', originPath: '', customOriginConfig: { port: 8080, protocol: 'http' } });
  });

  it('uses the default HTTP port when none is given', () => {
    expect(proxyOrigin({ i: 'c', d: 'plain.example.com', p: 'http' }).customOriginConfig.port).toBe(80);
  });
});
