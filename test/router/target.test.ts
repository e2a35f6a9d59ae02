import { describe, expect, it } from 'vitest';
import { parseTarget, type Target } from '../../src/router/index.js';

function target(raw: string): Target {
  const parsed = parseTarget(raw);
  if (!parsed.ok) throw new Error(`expected ${JSON.stringify(raw)} to parse, got: ${parsed.reason}`);
  return parsed.target;
}

function reason(raw: string): string {
  const parsed = parseTarget(raw);
  if (parsed.ok) throw new Error(`expected ${JSON.stringify(raw)} to be rejected`);
  return parsed.reason;
}

describe('parseTarget', () => {
  it('splits an API Gateway URL into origin, path and query', () => {
    expect(target('https://abc123.execute-api.eu-west-1.amazonaws.com/prod/')).toEqual({
      url: 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod/',
      origin: 'https://abc123.execute-api.eu-west-1.amazonaws.com',
      path: '/prod/',
      query: undefined,
    });
  });

  it('trims stray whitespace, like the trailing space in the seed README', () => {
    expect(target(' https://h.example.com/prod \t\n')).toMatchObject({ url: 'https://h.example.com/prod', path: '/prod' });
  });

  it.each([
    ['http://h.example.com', 'http://h.example.com', ''],
    ['https://h.example.com/', 'https://h.example.com', '/'],
    ['HTTPS://H.example.com/Prod', 'https://H.example.com', '/Prod'],
    ['http://localhost:3000/api', 'http://localhost:3000', '/api'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080', ''],
    ['http://[::1]:9000/x', 'http://[::1]:9000', '/x'],
    ['https://h.example.com./a%20b', 'https://h.example.com.', '/a%20b'],
  ])('accepts %s', (raw, origin, path) => {
    expect(target(raw)).toMatchObject({ origin, path });
  });

  it('keeps the target’s own query string, even an empty one', () => {
    expect(target('https://h.example.com/api?stage=blue&v=2').query).toBe('stage=blue&v=2');
    expect(target('https://h.example.com/api?').query).toBe('');
  });

  it.each([
    ['', 'is empty'],
    ['   ', 'is empty'],
    ['h.example.com/prod', 'is not an absolute http:// or https:// URL'],
    ['ftp://h.example.com', 'is not an absolute http:// or https:// URL'],
    ['//h.example.com/prod', 'is not an absolute http:// or https:// URL'],
    ['https:/h.example.com', 'is not an absolute http:// or https:// URL'],
    ['[APIGATEWAY1URL]', 'is not an absolute http:// or https:// URL'],
    ['https://', 'has no valid host name'],
    ['https://-bad-.example.com', 'has no valid host name'],
    ['https://h_x.example.com', 'has no valid host name'],
    ['https://h.example.com:0', 'has port 0, outside 1-65535'],
    ['https://h.example.com:70000', 'has port 70000, outside 1-65535'],
    ['https://h.example.com:', 'has no valid host name'],
    ['https://user:pw@h.example.com', 'carries credentials (user@host)'],
    ['https://h.example.com/#top', 'has a fragment (#...), which a redirect target cannot carry'],
    ['https://h.example.com/a b', 'contains spaces, control or non-ASCII characters (percent-encode them)'],
    ['https://h.example.com/café', 'contains spaces, control or non-ASCII characters (percent-encode them)'],
  ])('rejects %j: %s', (raw, why) => {
    expect(reason(raw)).toBe(why);
  });
});
