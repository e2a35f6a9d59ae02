import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FUNCTION_LOG_MAX_BYTES } from '../../src/limits.js';
import { loadFunction } from '../../src/runtime/index.js';
import { expectKind, requestEvent, run } from './helpers.js';

/** Runs `body` inside a handler and returns what it logged; the handler returns the request. */
async function logsOf(body: string, prelude = ''): Promise<string[]> {
  const outcome = await run(`${prelude}\nfunction handler(event) {\n${body}\nreturn event.request;\n}`);
  return expectKind(outcome, 'request').logs;
}

/** Runs `body` inside a handler and returns the execution error it ends with. */
async function failureOf(body: string): Promise<string> {
  const outcome = expectKind(await run(`function handler(event) {\n${body}\nreturn event.request;\n}`), 'error');
  expect(outcome).toMatchObject({ status: 503, code: 'ExecutionError' });
  return outcome.message;
}

describe('sandbox', () => {
  it('§2 eval and new Function throw', async () => {
    expect(await failureOf('eval("1 + 1");')).toMatch(/^EvalError: Code generation from strings disallowed/);
    expect(await failureOf('new Function("return 1");')).toMatch(/^EvalError/);
    expect(await failureOf('Function("return 1")();')).toMatch(/^EvalError/);
  });

  it('§2 no process, timers, fetch or host objects', async () => {
    const names = ['process', 'setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask', 'fetch', 'WebAssembly', 'global', 'module', 'exports'];
    const body = `console.log(${JSON.stringify(names)}.map(function (n) { return n + ':' + typeof globalThis[n]; }).join(' '));`;
    expect(await logsOf(body)).toEqual([names.map((n) => `${n}:undefined`).join(' ')]);
  });

  it('§2 the host realm cannot be reached through constructors', async () => {
    const attempts = [
      'globalThis.constructor.constructor("return process")()',
      'Object.getPrototypeOf(globalThis).constructor.constructor("return process")()',
      'console.log.constructor("return process")()',
      'require.constructor("return process")()',
      'Buffer.constructor("return process")()',
      'require("crypto").createHash.constructor("return process")()',
    ];
    for (const attempt of attempts) expect(await failureOf(`${attempt};`)).toMatch(/^EvalError/);
  });

  it('§2 require("fs") fails as CloudFront does', async () => {
    expect(await failureOf('require("fs");')).toMatch(/^Error: Cannot find module "fs" \(function\.js:2:\d+\)$/);
  });

  it('§2 console.log takes one argument; lines are captured in order', async () => {
    const logs = await logsOf('console.log("first", "ignored"); console.log(42); console.log({ a: [1, "b"] }); console.log(undefined);');
    expect(logs).toEqual(['first', '42', '{"a":[1,"b"]}', 'undefined']);
  });

  it('§3 logs are truncated at 10 KB per run', async () => {
    const logs = await logsOf('for (var i = 0; i < 30; i++) console.log(i + ":" + "x".repeat(500));');
    const total = logs.reduce((sum, line) => sum + Buffer.byteLength(line), 0);
    expect(total).toBe(FUNCTION_LOG_MAX_BYTES);
    expect(logs[0]).toBe(`0:${'x'.repeat(500)}`);
    expect(logs.length).toBe(21);
  });

  it('§3 a synchronous infinite loop is stopped as an execution error', async () => {
    const outcome = expectKind(await run('function handler(event) { while (true) {} }'), 'error');
    expect(outcome).toMatchObject({ status: 503, code: 'ExecutionError' });
    expect(outcome.message).toMatch(/exceeded the maximum allowed compute time/);
  });

  it('§3 a loop after an await is stopped too', async () => {
    const source = 'async function handler(event) { await Promise.resolve(1); for (;;) {} }';
    expect(expectKind(await run(source), 'error').message).toMatch(/exceeded the maximum allowed compute time/);
  });

  it('§3 a loop in top-level code is stopped', async () => {
    expect(expectKind(await run('while (true) {}\nfunction handler(event) { return event.request; }'), 'error').message).toMatch(
      /exceeded the maximum allowed compute time/,
    );
  });

  it('§2 Date is frozen at the invocation\'s start', async () => {
    const [line] = await logsOf('var a = Date.now(); for (var i = 0; i < 200000; i++) {} console.log(String(a === Date.now() && a === new Date().getTime() && new Date(0).getTime() === 0));');
    expect(line).toBe('true');
  });

  it('§2 each invocation gets a fresh global scope', async () => {
    const fn = loadFunction(
      'var count = 0;\nfunction handler(event) { count++; globalThis.leak = (globalThis.leak || 0) + 1; console.log(count + "/" + globalThis.leak); return event.request; }',
    );
    const first = expectKind(await fn.invoke(requestEvent()), 'request');
    const second = expectKind(await fn.invoke(requestEvent()), 'request');
    expect([first.logs, second.logs]).toEqual([['1/1'], ['1/1']]);
  });

  it('§2 an unhandled rejection inside the function does not disturb the run', async () => {
    const source = `async function fail() { throw new Error('ignored'); }
      function handler(event) { fail(); Promise.reject(new Error('also ignored')); console.log('done'); return event.request; }`;
    expect(expectKind(await run(source), 'request').logs).toEqual(['done']);
    // Give Node's unhandled-rejection processing a turn: the test process must still be here.
    await new Promise((resolve) => setImmediate(resolve));
  });
});

describe('runtime modules', () => {
  it('§2 crypto hashes and HMACs match node:crypto, by import or require', async () => {
    const logs = await logsOf(
      `console.log(crypto.createHash('sha256').update('abc').digest('hex'));
       console.log(require('crypto').createHash('md5').update('h\u00e9').update(Buffer.from([1, 2])).digest('base64'));
       console.log(crypto.createHmac('sha1', 'key').update('msg').digest('base64url'));
       console.log(String(Buffer.isBuffer(crypto.createHash('sha1').update('x').digest())));`,
      "import crypto from 'crypto';",
    );
    expect(logs).toEqual([
      createHash('sha256').update('abc').digest('hex'),
      createHash('md5').update('h\u00e9').update(Buffer.from([1, 2])).digest('base64'),
      createHmac('sha1', 'key').update('msg').digest('base64url'),
      'true',
    ]);
  });

  it('§2 crypto refuses other algorithms and encodings with the runtime\'s words', async () => {
    expect(await failureOf("require('crypto').createHash('sha512');")).toMatch(/^TypeError: not supported algorithm: "sha512"/);
    expect(await failureOf("require('crypto').createHash('md5').digest('latin1');")).toMatch(/^TypeError: Unknown digest encoding: "latin1"/);
  });

  it('§2 Buffer speaks utf8, hex, base64 and base64url, and nothing else', async () => {
    const logs = await logsOf(`
      console.log(Buffer.from('h\u00e9llo \u{1F600}').toString('hex'));
      console.log(Buffer.from('68c3a9', 'hex').toString());
      console.log(Buffer.from('aGk/Pw==', 'base64').toString() + ' ' + Buffer.from('hi??').toString('base64url'));
      console.log(String(Buffer.concat([Buffer.from('a'), Buffer.from('b')]).equals(Buffer.from('ab'))) + ' ' + Buffer.byteLength('\u00e9'));
      console.log(JSON.stringify(Buffer.from('hi').slice(1)));
      try { Buffer.from('x', 'latin1'); } catch (e) { console.log(String(e)); }`);
    expect(logs).toEqual([
      Buffer.from('h\u00e9llo \u{1F600}').toString('hex'),
      'h\u00e9',
      'hi?? aGk_Pw',
      'true 2',
      '{"type":"Buffer","data":[105]}',
      'TypeError: "latin1" encoding is not supported',
    ]);
  });

  it('§2 TextEncoder, TextDecoder, atob and btoa work', async () => {
    const logs = await logsOf(`
      var bytes = new TextEncoder().encode('\u20ac');
      console.log(Array.prototype.join.call(bytes, ',') + ' ' + new TextDecoder().decode(bytes));
      console.log(new TextDecoder().decode(new Uint8Array([0xff, 0x41])));
      console.log(btoa('hi') + ' ' + atob('aGk='));
      try { btoa('\u0100'); } catch (e) { console.log(String(e)); }`);
    expect(logs).toEqual(['226,130,172 \u20ac', '\ufffdA', 'aGk= hi', 'TypeError: invalid character (>= U+00FF)']);
  });

  it('§2 querystring parses and stringifies as the runtime does', async () => {
    const logs = await logsOf(
      `console.log(JSON.stringify(qs.parse('a=1&a=2&b=%20x+y&c')));
       console.log(qs.stringify({ a: [1, 2], b: 'x y', c: '' }));
       console.log(qs.escape('a b&') + ' ' + qs.unescape('%41%zz'));`,
      "import qs from 'querystring';",
    );
    expect(logs).toEqual(['{"a":["1","2"],"b":" x y","c":""}', 'a=1&a=2&b=x%20y&c=', 'a%20b%26 A%zz']);
  });
});
