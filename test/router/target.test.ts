import { describe, expect, it } from 'vitest';
import { isTarget } from '../../src/router/index.js';

describe('isTarget', () => {
  it.each([
    'https://abc123.execute-api.eu-west-1.amazonaws.com/prod/',
    'http://h.example.com',
    'https://h.example.com/',
    'HTTPS://H.example.com/Prod',
    'http://localhost:3000/api',
    'http://127.0.0.1:8080',
    'https://h.example.com./a%20b',
    'https://h.example.com/api?stage=blue&v=2',
    'https://h.example.com/api?',
  ])('accepts %s', (value) => {
    expect(isTarget(value)).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['no scheme', 'h.example.com/prod'],
    ['another scheme', 'ftp://h.example.com'],
    ['scheme-relative', '//h.example.com/prod'],
    ['one slash', 'https:/h.example.com'],
    ['the README placeholder', '[APIGATEWAY1URL]'],
    ['no host', 'https://'],
    ['an empty port', 'https://h.example.com:'],
    ['credentials', 'https://user:pw@h.example.com'],
    ['a fragment', 'https://h.example.com/#top'],
    ['a space', 'https://h.example.com/a b'],
    ['non-ASCII', 'https://h.example.com/café'],
    ['a long s in the scheme (njs matches it case-insensitively)', 'http\u017f://h.example.com'],
    ['surrounding space (the caller trims)', ' https://h.example.com'],
  ])('rejects %s', (_why, value) => {
    expect(isTarget(value)).toBe(false);
  });
});
