import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkFunction } from '../../src/check/index.js';
import { findings } from './support.js';

// GIVEN code using only what runtime 2.0 lists, WHEN it is checked, THEN nothing is reported.
const supported: ReadonlyArray<readonly [string, string]> = [
  ['const and let', 'const p = 1; let q = p + 1; q += 1;'],
  ['arrow functions', 'var g = (a1, b1) => a1 + b1; var h = a2 => { return a2; };'],
  ['template literals, nested', 'var p = `a ${str} b ${`inner ${value}`}`;'],
  ['multiline template literal', 'var p = `line one\nline two`;'],
  ['rest parameters', 'function g(first, ...rest) { return rest.length + first; }'],
  ['exponent operator', 'var p = 2 ** 10;'],
  ['numeric separators', 'var p = 1_000_000;'],
  ['top-level const bound to an async arrow (aws-samples origin routing)', 'const lookup = async (key) => { return await fn(key); };'],
  ['top-level var bound to an async function expression', 'var lookup = async function (key) { return key; };'],
  ['async and await', 'async function load() { const v = await Promise.resolve(1); return v + (await fn()); }'],
  ['getters and setters', 'var p = { get size() { return 1; }, set size(v) { this.s = v; } };'],
  ['labelled statements', 'outer: for (var i = 0; i < 2; i++) { for (var j = 0; j < 2; j++) { if (j) continue outer; } }'],
  ['labelled loop in an async function', 'async function g() { scan: for (;;) { await fn(); break scan; } }'],
  ['for...in, switch, do...while', 'for (var k in obj) {} switch (value) { case 1: break; default: } do {} while (false);'],
  ['regex sticky flag, named groups, lookbehind', 'var p = /(?<year>\\d{4})/y; var q = /(?<=a)b/gim;'],
  ['arguments in a function, and in an arrow inside one', 'function g() { var h = () => arguments[0]; return arguments.length + h(); }'],
  ['ES 5.1 globals and the listed additions', 'var p = [isNaN(1), parseInt(str, 10), encodeURIComponent(str), atob(btoa(str)), globalThis, new TextEncoder(), new TextDecoder(), new Uint8Array(2), new DataView(new ArrayBuffer(2)), new InternalError("x")];'],
  ['Object functions', 'var p = [Object.keys(obj), Object.entries(obj), Object.values(obj), Object.assign({}, obj), Object.freeze(obj), Object.create(null)];'],
  ['String and Array methods the runtime lists', "var p = [str.padStart(2, '0'), str.replaceAll('a', 'b'), str.trimEnd(), arr.includes(1), arr.find(fn), arr.fill(0), Array.of(1), Array.isArray(arr), String.fromCodePoint(65)];"],
  ['Promise combinators', 'var p = [Promise.all(arr), Promise.allSettled(arr), Promise.any(arr), Promise.race(arr)];'],
  ['Symbol.for and Symbol.keyFor', "var p = Symbol.keyFor(Symbol.for('app'));"],
  ['Math, Date, JSON, Number', 'var p = [Math.random(), Math.trunc(1.5), Date.now(), JSON.stringify(obj), Number.isInteger(1), Number.MAX_SAFE_INTEGER];'],
  ['console.log with one argument', "console.log('a' + str);"],
  ['Buffer with listed encodings', "var p = Buffer.from(str, 'base64url').toString('hex'); var q = Buffer.from(str, 'utf8');"],
  ['crypto by import', "import crypto from 'crypto';\nvar p = crypto.createHash('sha256').update(str).digest('base64url');"],
  ['crypto by require', "var crypto = require('crypto');\nvar p = crypto.createHmac('sha1', key).update(str).digest();"],
  ['querystring', "var qs = require('querystring');\nvar p = qs.stringify(qs.parse(str));"],
  ['cloudfront module', "import cf from 'cloudfront';\nvar kvs = cf.kvs(); cf.updateRequestOrigin({ domainName: str });"],
  ['a constructor with prototype methods', 'function Target(url) { this.url = url; }\nTarget.prototype.href = function () { return this.url; };'],
];

describe('checkFunction: supported forms pass', () => {
  it.each(supported)('%s', (_name, snippet) => {
    expect(findings(snippet)).toEqual([]);
  });

  it('passes the seed pattern function', () => {
    const source = readFileSync(new URL('../fixtures/functions/seed-function.js', import.meta.url), 'utf8');
    expect(checkFunction(source, 'seed-function.js')).toEqual([]);
  });
});
