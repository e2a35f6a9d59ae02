/**
 * The njs engine's warm processes: invocation after invocation in one process,
 * each as isolated as in a fresh VM, with a compute budget that counts only the
 * function's own work. Each isolation case also runs on the vm engine, which gets
 * a fresh context per invocation, so both engines are held to the same promise.
 */
import { describe, expect, it } from 'vitest';
import { loadFunction, type CloudFrontFunction, type Invocation, type LoadOptions } from '../../src/runtime/index.js';
import { memoryKvs, requestEvent } from './support.js';

const ENGINES = ['vm', 'njs'] as const;

function load(engine: (typeof ENGINES)[number], source: string, options: LoadOptions = {}): CloudFrontFunction {
  return loadFunction(source, { filename: 'fn.js', ...options, engine });
}

function logs(outcome: Invocation): string[] {
  if (outcome.kind === 'error') throw new Error(`expected a successful run, got ${JSON.stringify(outcome)}`);
  return outcome.logs;
}

/** Runs `fn` `times` times, one after another, and gives each run's logs. */
async function logsOfRuns(fn: CloudFrontFunction, times: number): Promise<string[][]> {
  const out: string[][] = [];
  for (let i = 0; i < times; i++) out.push(logs(await fn.invoke(requestEvent())));
  return out;
}

/** A function that logs what it finds (`probe`, a string expression), then changes shared state with `change`. */
function probing(probe: string, change: string, prelude = ''): string {
  return `${prelude}\nfunction handler(event) {\n  console.log(${probe});\n  ${change}\n  return event.request;\n}\n`;
}

const LEAKS: ReadonlyArray<readonly [string, string, string, string?]> = [
  ['top-level bindings and globals', 'count + "/" + typeof globalThis.leak', 'count++; globalThis.leak = 1;', 'var count = 0;'],
  ['a polyfill on a built-in prototype', 'typeof String.prototype.shout', 'String.prototype.shout = function () { return this + "!"; };'],
  ['a built-in replaced', 'String(Math.max(1, 2))', 'Math.max = function () { return -1; };'],
  ['a property added by a computed key', 'typeof Array.prototype.extra', 'var key = "ex" + "tra"; Array.prototype[key] = 1;'],
  ['a property defined with Object.defineProperty', 'typeof Object.prototype.hidden', 'Object.defineProperty(Object.prototype, "hidden", { value: 1, configurable: true });'],
  ['a frozen built-in', 'String(Object.isFrozen(JSON))', 'Object.freeze(JSON);'],
  ['a built-in deleted', 'typeof Math.hypot', 'delete Math.hypot;'],
  ['the store handle of the cloudfront module', 'typeof cf.kvs().patched', 'cf.kvs().patched = 1;', "import cf from 'cloudfront';"],
  ['the querystring module', 'typeof require("querystring").patched', 'require("querystring").patched = 1;'],
];

describe('each invocation is isolated, as in a fresh VM', () => {
  for (const engine of ENGINES) {
    for (const [what, probe, change, prelude] of LEAKS) {
      it(`${engine}: ${what} does not reach the next invocation`, async () => {
        const fn = load(engine, probing(probe, change, prelude), { kvs: memoryKvs({ a: '1' }), kvsId: 'store-1' });
        const runs = await logsOfRuns(fn, 3);
        expect(runs[1]).toEqual(runs[0]);
        expect(runs[2]).toEqual(runs[0]);
      });
    }
  }

  it('njs: a function that changes nothing shared is served by the same warm process (its top-level code still runs each time)', async () => {
    const fn = load('njs', 'var seen = 0;\nfunction handler(event) {\n  seen++;\n  console.log(String(seen));\n  return event.request;\n}');
    const runs = await logsOfRuns(fn, 20);
    expect(runs).toEqual(Array.from({ length: 20 }, () => ['1']));
  });
});

describe('the njs compute budget counts only the function', () => {
  it('64 concurrent invocations of a function doing real work all finish: none is a false timeout', async () => {
    // About 100,000 loop iterations each: a few milliseconds of njs, far below the budget.
    const source = 'function handler(event) {\n  var t = 0;\n  for (var i = 0; i < 100000; i++) { t += i % 7; }\n  event.request.headers["x-sum"] = { value: String(t) };\n  return event.request;\n}';
    const fn = load('njs', source);
    const outcomes = await Promise.all(Array.from({ length: 64 }, () => fn.invoke(requestEvent(), { computeBudgetMs: 100 })));
    expect(outcomes.filter((o) => o.kind !== 'request').map((o) => (o.kind === 'error' ? o.message : o.kind))).toEqual([]);
  }, 60_000);

  it('a function past its budget is still stopped, and the next invocation runs in a new process', async () => {
    const fn = load('njs', 'function handler(event) {\n  if (event.request.uri === "/loop") { for (;;) {} }\n  return event.request;\n}');
    const stopped = await fn.invoke(requestEvent('/loop'), { computeBudgetMs: 150 });
    expect(stopped).toMatchObject({ kind: 'error', status: 503, message: 'The function exceeded the maximum allowed compute time (the local budget is 150 ms)' });
    expect((await fn.invoke(requestEvent('/ok'))).kind).toBe('request');
  }, 30_000);

  it('the one-process-per-invocation mode still runs functions (the benchmark baseline)', async () => {
    const fn = loadFunction('function handler(event) {\n  console.log("once");\n  return event.request;\n}', { engine: 'njs', njs: { processPerInvocation: true } });
    expect(logs(await fn.invoke(requestEvent()))).toEqual(['once']);
  });
});
