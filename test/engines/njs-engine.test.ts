/**
 * What is particular to the njs engine: the process, the bridge, what njs has and
 * the runtime lacks, and njs's own failures. Behaviour both engines share is the
 * conformance suite's (test/conformance/).
 */
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EngineError, loadFunction, type FunctionEvent, type Invocation, type KvsReader, type LoadOptions } from '../../src/runtime/index.js';
import { resolveNjs } from '../../src/runtime/engines/index.js';
import { requestEvent } from './support.js';

function njs(source: string, options: LoadOptions = {}) {
  return loadFunction(source, { filename: 'fn.js', ...options, engine: 'njs' });
}

async function run(source: string, event: FunctionEvent = requestEvent(), options: LoadOptions = {}): Promise<Invocation> {
  return njs(source, options).invoke(event);
}

function logsOf(outcome: Invocation): string[] {
  if (outcome.kind === 'error') throw new Error(`expected a successful run, got ${JSON.stringify(outcome)}`);
  return outcome.logs;
}

describe('the njs engine', () => {
  it('hides what njs has and runtime 2.0 lacks', async () => {
    const names = ['process', 'setTimeout', 'clearTimeout', 'setImmediate', 'njs', 'print', '$262', 'global', 'crypto'];
    const outcome = await run(`function handler(event) {\n  console.log(${JSON.stringify(names)}.map(function (n) { return typeof globalThis[n]; }).join());\n  return event.request;\n}`);
    expect(logsOf(outcome)).toEqual([names.map(() => 'undefined').join()]);
  });

  it('offers only the runtime modules to require', async () => {
    const outcome = await run("function handler(event) {\n  try { require('fs'); } catch (e) { console.log(String(e)); }\n  console.log(typeof require('crypto').createHash);\n  return event.request;\n}");
    expect(logsOf(outcome)).toEqual(['Error: Cannot find module "fs"', 'function']);
  });

  it('refuses to compile strings, through Function and the async function constructor too', async () => {
    const outcome = await run(
      'function handler(event) {\n' +
        "  try { new Function('return 1'); } catch (e) { console.log(e.name); }\n" +
        "  try { (async function () {}).constructor('return 1'); } catch (e) { console.log(e.name); }\n" +
        "  try { eval('1'); } catch (e) { console.log(e.name); }\n" +
        '  return event.request;\n}',
    );
    expect(logsOf(outcome)).toEqual(['EvalError', 'EvalError', 'EvalError']);
  });

  it("keeps the function's number constants numbers (njs 0.7.9 corrupts them after a function in an array literal runs)", async () => {
    const outcome = await run("function handler(event) {\n  console.log([typeof 0, typeof 1, 1 + 1, 0 === 0].join());\n  return event.request;\n}");
    expect(logsOf(outcome)).toEqual(['number,number,2,true']);
  });

  it('stops a function that runs past the compute budget (njs has no timeout: the process is killed)', async () => {
    const outcome = await njs('function handler(event) {\n  for (;;) {}\n}').invoke(requestEvent(), { computeBudgetMs: 200 });
    expect(outcome).toMatchObject({ kind: 'error', status: 503, message: 'The function exceeded the maximum allowed compute time (the local budget is 200 ms)' });
  });

  it('reports a promise that never settles', async () => {
    const outcome = await run('function handler(event) {\n  return new Promise(function () {});\n}');
    expect(outcome).toMatchObject({ kind: 'error', status: 503, message: 'The promise handler(event) returned never settled' });
  });

  it("reports what njs refuses to parse in njs's words, naming the function's file", async () => {
    const outcome = await run('function handler(event) {\n  const { request } = event;\n  return request;\n}');
    expect(outcome).toMatchObject({ kind: 'error', status: 503, message: 'SyntaxError: Token "request" not supported in this version in fn.js:2' });
  });

  it('describes a throw at the top level and in handler with the file and line', async () => {
    const top = await run("const x = 1;\nthrow new Error('at load ' + x);\nfunction handler(event) { return event.request; }");
    expect(top).toMatchObject({ kind: 'error', status: 503, message: 'Error: at load 1 (fn.js:2)' });
    const inside = await run('function handler(event) {\n  return event.nothing.here;\n}');
    expect(inside).toMatchObject({ kind: 'error', status: 503, message: 'TypeError: cannot get property "here" of undefined (fn.js:2)' });
  });

  it('reads the store live, at the moment of each get, as the vm engine does', async () => {
    const items = new Map([['cell', 'a']]);
    const kvs: KvsReader = { get: (key) => items.get(key), meta: () => ({ creationDateTime: 'c', lastUpdatedDateTime: 'l', keyCount: items.size }) };
    const fn = njs("import cf from 'cloudfront';\nconst store = cf.kvs();\nasync function handler(event) {\n  const cell = await store.get('cell');\n  console.log(cell);\n  return event.request;\n}", { kvs, kvsId: 'store-1' });
    expect(logsOf(await fn.invoke(requestEvent()))).toEqual(['a']);
    items.set('cell', 'b');
    expect(logsOf(await fn.invoke(requestEvent()))).toEqual(['b']);
  });

  it('keeps long log lines whole (njs cuts its own console.log at 2,048 characters)', async () => {
    const outcome = await run("function handler(event) {\n  console.log('x'.repeat(5000) + 'é');\n  return event.request;\n}");
    expect(logsOf(outcome)).toEqual(['x'.repeat(5000) + 'é']);
  });

  it('sees jobs queued after the result, as the vm engine does', async () => {
    const outcome = await run("function handler(event) {\n  Promise.resolve().then(function () { console.log('later'); });\n  return event.request;\n}");
    expect(logsOf(outcome)).toEqual(['later']);
  });
});

describe('finding njs', () => {
  it('refuses to load on njs when the binary is missing, saying how to install it', () => {
    const load = () => njs('function handler(event) { return event.request; }', { njs: { binary: '/nonexistent/njs' } });
    expect(load).toThrow(EngineError);
    expect(load).toThrow('njs is not installed: apt-get install njs (/nonexistent/njs is not an executable file)');
  });

  it('looks on PATH when no binary is given', () => {
    const found = resolveNjs();
    expect(resolveNjs(undefined, `/nonexistent-a:${dirname(found)}`)).toBe(found);
    expect(() => resolveNjs(undefined, '/nonexistent-a:/nonexistent-b')).toThrow('njs is not installed: apt-get install njs (no njs on PATH)');
  });
});
