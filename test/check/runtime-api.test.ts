import { describe, expect, it } from 'vitest';
import { checkFunction } from '../../src/check/index.js';
import { findings, findingsWithSeverity, withHandler } from './support.js';

const messageOf = (snippet: string): string | undefined => checkFunction(withHandler(snippet), 'f.js')[0]?.message;

describe('checkFunction: globals', () => {
  const unsupported: ReadonlyArray<readonly [string, string]> = [
    ['setTimeout(fn, 10);', 'unsupported-global@1:1'],
    ['setInterval(fn, 10);', 'unsupported-global@1:1'],
    ['var p = process.env;', 'unsupported-global@1:9'],
    ["fetch('https://example.com');", 'unsupported-global@1:1'],
    ['var p = new URL(str);', 'unsupported-global@1:13'],
    ['var p = new Map();', 'unsupported-global@1:13'],
    ['var p = new Set();', 'unsupported-global@1:13'],
    ['var p = new WeakMap();', 'unsupported-global@1:13'],
    ['var p = new Proxy(obj, {});', 'unsupported-global@1:13'],
    ['var p = Reflect.ownKeys(obj);', 'unsupported-global@1:9'],
    ['var p = BigInt(1);', 'unsupported-global@1:9'],
    ['var p = Intl.NumberFormat;', 'unsupported-global@1:9'],
    ['var p = structuredClone(obj);', 'unsupported-global@1:9'],
    ['var p = globalThis.setTimeout;', 'unsupported-global@1:20'],
    ['var p = arguments;', 'unsupported-global@1:9'],
    ['var g = () => arguments;', 'unsupported-global@1:15'],
    ['var p = undeclaredName;', 'unsupported-global@1:9'],
    ['eval(str);', 'no-eval@1:1'],
    ["var g = new Function('return 1');", 'no-new-function@1:9'],
    ["var g = Function('return 1');", 'no-new-function@1:9'],
    ["var p = Symbol('id');", 'no-symbol-call@1:9'],
  ];
  it.each(unsupported)('%s', (snippet, expected) => {
    expect(findings(snippet)).toEqual([expected]);
  });

  it('explains the missing global and what to use instead', () => {
    expect(messageOf('var p = new Map();')).toBe(
      'Map is not available in CloudFront Functions; use a plain object (Object.create(null)) as a map',
    );
    expect(messageOf('eval(str);')).toBe('eval is not supported; write the code directly');
  });

  it('accepts a global name the file declares itself', () => {
    expect(findings('function setTimeout(f) { return f(); }\nsetTimeout(fn);')).toEqual([]);
  });
});

describe('checkFunction: built-in members', () => {
  const unsupported: ReadonlyArray<readonly [string, readonly string[]]> = [
    ['var p = Array.from(arr);', ['unsupported-static@1:15']],
    ['var p = Object.fromEntries(arr);', ['unsupported-static@1:16']],
    ['var p = Object.groupBy(arr, fn);', ['unsupported-static@1:16']],
    ['var p = Promise.withResolvers();', ['unsupported-static@1:17']],
    ['var p = String.raw`a`;', ['no-tagged-template@1:9', 'unsupported-static@1:16']],
    ['Error.captureStackTrace(obj);', ['unsupported-static@1:7']],
    ['var p = Object.create(null, {});', ['no-object-create-properties@1:29']],
    ['var p = [1, [2]].flat();', ['unsupported-method@1:18']],
    ["var p = 'abc'.at(-1);", ['unsupported-method@1:15']],
    ["var p = 'abc'.matchAll(/b/g);", ['unsupported-method@1:15']],
    ['var p = `abc`.at(0);', ['unsupported-method@1:15']],
    ['var p = Array.prototype.flatMap.call(arr, fn);', ['unsupported-method@1:25']],
    ['console.log(str, value);', ['console-log-args@1:18']],
    ['console.error(str);', ['unsupported-console@1:9']],
    ['console.warn(str);', ['unsupported-console@1:9']],
  ];
  it.each(unsupported)('%s', (snippet, expected) => {
    expect(findings(snippet)).toEqual(expected);
  });

  it('only warns when the receiver may not be an array or a string', () => {
    expect(findingsWithSeverity('var p = arr.flat();')).toEqual(['unsupported-method@1:13:warning']);
    expect(findingsWithSeverity('var p = str.at(0);')).toEqual(['unsupported-method@1:13:warning']);
    expect(findingsWithSeverity("var p = str.matchAll(/a/g);")).toEqual(['unsupported-method@1:13:warning']);
  });

  it('stays quiet about method names that user objects commonly define', () => {
    expect(findings('var p = obj.keys(); var q = obj.values();')).toEqual([]);
  });

  it('names what the built-in offers when no specific advice exists', () => {
    expect(messageOf('var p = Date.fromISO(str);')).toBe('Date.fromISO is not supported; Date offers now, parse, UTC');
    expect(messageOf('var p = Array.from(arr);')).toBe(
      'Array.from is not supported; use Array.prototype.slice.call(value) or a for loop',
    );
  });
});

describe('checkFunction: modules', () => {
  const unsupported: ReadonlyArray<readonly [string, readonly string[]]> = [
    ["import fs from 'fs';", ['unsupported-module@1:16']],
    ["var fs = require('fs');", ['unsupported-module@1:18']],
    ["var b = require('buffer');", ['unsupported-module@1:17']],
    ['var m = require(str);', ['no-dynamic-require@1:9']],
    ["import crypto from 'crypto';\ncrypto.randomBytes(8);", ['unsupported-module-member@2:8']],
    ["import cf from 'cloudfront';\ncf.fetch(str);", ['unsupported-module-member@2:4']],
    ["var qs = require('querystring');\nqs.format(obj);", ['unsupported-module-member@2:4']],
    ["import crypto from 'crypto';\ncrypto.createHash('sha512');", ['unsupported-hash@2:19']],
    [
      "var crypto = require('crypto');\ncrypto.createHmac('sha256', key).update(str).digest('latin1');",
      ['unsupported-encoding@2:53'],
    ],
    ["var p = Buffer.from(str, 'latin1');", ['unsupported-encoding@1:26']],
  ];
  it.each(unsupported)('%s', (snippet, expected) => {
    expect(findings(snippet)).toEqual(expected);
  });

  it('names the accepted modules', () => {
    expect(messageOf("import fs from 'fs';")).toBe(
      "module 'fs' is not available; the runtime offers 'crypto', 'querystring', 'cloudfront'",
    );
    expect(messageOf("var b = require('buffer');")).toBe(
      "module 'buffer' is not available; Buffer is a global: use it without loading a module",
    );
  });

  it("names CloudFront's members, the ones cellfront does not emulate included", () => {
    expect(messageOf("import cf from 'cloudfront';\ncf.fetch(str);")).toBe(
      'the cloudfront module has no fetch; it offers kvs, updateRequestOrigin, selectRequestOriginById, createRequestOriginGroup, edgeLocation, cwt, distributionTenant',
    );
  });

  it("warns that cf.cwt and cf.distributionTenant are CloudFront's, not emulated, and what happens locally", () => {
    const snippet = "import cf from 'cloudfront';\nvar claims = cf.cwt.validateToken(str, obj);\nvar id = require('cloudfront').distributionTenant.id;";
    expect(findingsWithSeverity(snippet)).toEqual(['not-emulated-module-member@2:17:warning', 'not-emulated-module-member@3:32:warning']);
    expect(checkFunction(withHandler(snippet), 'f.js').map((d) => d.message)).toEqual([
      "the cloudfront module's cwt is CloudFront's, not emulated by cellfront: reading it throws an Error locally, so CWT validation and generation can only be tried on CloudFront",
      "the cloudfront module's distributionTenant is CloudFront's, not emulated by cellfront: reading it throws a TypeError locally, as CloudFront does for a distribution without tenants",
    ]);
  });

  it('warns about a toString encoding when the receiver may not be a Buffer', () => {
    expect(findingsWithSeverity("var p = value.toString('ascii');")).toEqual(['unsupported-encoding@1:24:warning']);
  });
});
