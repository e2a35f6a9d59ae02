import querystring from 'node:querystring';
import { describe, expect, it } from 'vitest';
import { SUPPORTED_GLOBALS } from '../../src/check/allowlist.js';
import { FUNCTION_MEMORY_MAX_BYTES } from '../../src/limits.js';
import { loadFunction } from '../../src/runtime/index.js';
import { expectKind, requestEvent, run } from './helpers.js';

/** Runs `body` in a handler that returns the request, and returns the logs. */
async function logsOf(body: string, prelude = ''): Promise<string[]> {
  return expectKind(await run(`${prelude}\nfunction handler(event) {\n${body}\nreturn event.request;\n}`), 'request').logs;
}

describe('sandbox fidelity', () => {
  it('§2 the global scope holds exactly the listed globals', async () => {
    const [line] = await logsOf('console.log(JSON.stringify(Object.getOwnPropertyNames(globalThis).sort()));');
    const names = JSON.parse(line ?? '[]') as string[];
    // eval is listed as throwing, __cellfront__ is the runtime's non-callable hook. The function's own
    // top-level names (handler) live in its own scope, as on the njs engine, not on the global object.
    const expected = [...SUPPORTED_GLOBALS, 'eval', '__cellfront__'].sort();
    expect(names).toEqual(expected);
  });

  it('§2 Math.random is seeded per invocation', async () => {
    const fn = loadFunction('function handler(event) { console.log(String(Math.random())); return event.request; }');
    const draws = new Set<string>();
    for (let i = 0; i < 5; i++) draws.add(expectKind(await fn.invoke(requestEvent()), 'request').logs[0] ?? '');
    expect(draws.size).toBe(5);
  });

  it('§2 the guarded constructors keep instanceof, subclasses and species working', async () => {
    const logs = await logsOf(`
      console.log([[] instanceof Array, new Array(3).length, Array(2, 3).join('+'), [1, 2].constructor === Array].join(','));
      console.log([new Uint8Array(4).subarray(1) instanceof Uint8Array, Uint8Array.from([1, 2]).length, new Uint8Array(new ArrayBuffer(8), 2).length].join(','));
      console.log([Buffer.from('abc').slice(1) instanceof Buffer, Buffer.from('abc') instanceof Uint8Array, new ArrayBuffer(2) instanceof ArrayBuffer].join(','));
      console.log([[3, 1, 2].map(function (n) { return n * 2; }).sort().join(''), [1, 2, 3].filter(function (n) { return n > 1; }).length].join(','));`);
    expect(logs).toEqual(['true,3,2+3,true', 'true,2,6', 'true,true,true', '246,2']);
  });

  it('§3 allocations up to the 2 MB limit pass; past it the run fails naming what was asked', async () => {
    expect(await logsOf(`console.log(new Uint8Array(${FUNCTION_MEMORY_MAX_BYTES}).length + ',' + 'x'.repeat(1000000).length);`)).toEqual([
      `${FUNCTION_MEMORY_MAX_BYTES},1000000`,
    ]);
    const outcome = expectKind(await run('function handler(event) { var a = new Array(1e9); return event.request; }'), 'error');
    expect(outcome).toMatchObject({ status: 503, code: 'ExecutionError' });
    expect(outcome.message).toBe(
      `The function exceeded the memory limit: new Array(1000000000) needs about 8000000000 bytes; a function may use ${FUNCTION_MEMORY_MAX_BYTES}`,
    );
  });

  it('§3 a huge join or pad is stopped before it is built', async () => {
    for (const body of ["new Array(200000).join('x'.repeat(100));", "'x'.padStart(1e8);", 'var a = [1]; a.length = 1e9; a.indexOf(2);']) {
      const outcome = expectKind(await run(`function handler(event) { ${body} return event.request; }`), 'error');
      expect(outcome.message).toMatch(/^The function exceeded the memory limit: /);
    }
  });

  it('§2 querystring.parse, stringify, escape and unescape match Node', async () => {
    const inputs = ['', 'a', 'a=', '=b', '&&', 'a=1&a=2&a=3', 'a[]=1&a[]=2', 'x=%zz&y=%4', '%E4=%E4%B8%AD', 'p=1+1%3D2', 'k=v=w', '\u00e9=%C3%A9'];
    const objects = ['{}', '{ a: [] }', '{ a: [], b: 1 }', '{ a: 1e21, b: -0, c: Infinity }', '{ "\u00e9 x": "1&2" }'];
    const logs = await logsOf(
      `var inputs = ${JSON.stringify(inputs)};
       inputs.forEach(function (s) { console.log(JSON.stringify(qs.parse(s)) + ' ' + qs.unescape(s)); });
       [${objects.join(', ')}].forEach(function (o) { console.log(qs.stringify(o)); });`,
      "import qs from 'querystring';",
    );
    const objectValues: unknown[] = [{}, { a: [] }, { a: [], b: 1 }, { a: 1e21, b: -0, c: Infinity }, { '\u00e9 x': '1&2' }];
    expect(logs).toEqual([
      ...inputs.map((s) => `${JSON.stringify(querystring.parse(s))} ${querystring.unescape(s)}`),
      ...objectValues.map((o) => querystring.stringify(o as querystring.ParsedUrlQueryInput)),
    ]);
  });

  it('§2 a thrown error keeps its place in the file after the prelude', async () => {
    const outcome = expectKind(await run("function handler(event) {\n  null.x;\n}", requestEvent(), { filename: 'f.js' }), 'error');
    expect(outcome.message).toMatch(/^TypeError: Cannot read properties of null \(reading 'x'\) \(f\.js:2:8\)$/);
  });

  it('§2 the hook the runtime calls does nothing when the function calls it', async () => {
    const logs = await logsOf("__cellfront__(); __cellfront__('guess'); console.log('once');");
    expect(logs).toEqual(['once']);
  });
});
