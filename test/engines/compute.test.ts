/**
 * ComputeUtilization: counted, not timed, so the same function and event give
 * the same figure every run; calibrated on the figures AWS publishes.
 */
import { describe, expect, it } from 'vitest';
import { COMPUTE_STEP_BUDGET, estimateCompute } from '../../src/runtime/index.js';
import { measureSteps, utilizationOf } from '../../src/runtime/compute/index.js';
import { parseEventObject } from '../../src/cli/commands/test-function-event.js';
import { fixture, memoryKvs, requestEvent } from './support.js';

/** A viewer-request test object as the aws-samples write them: no distribution fields, no cookies. */
function testRequest(uri: string, headers: object, querystring?: object): object {
  return { version: '1.0', context: { eventType: 'viewer-request' }, viewer: { ip: '0.0.0.0' }, request: { method: 'GET', uri, headers, ...(querystring ? { querystring } : {}) } };
}

function looping(iterations: number): string {
  return `function handler(event) {\n  var total = 0;\n  for (var i = 0; i < ${iterations}; i++) { total += i; }\n  return event.request;\n}`;
}

describe('ComputeUtilization', () => {
  it('is the same, run after run, for the same function and event', async () => {
    const source = fixture('seed-function.js');
    const kvs = memoryKvs({ APIGW1URL: 'https://one.example.com', APIGW2URL: 'https://two.example.com' });
    const runs = [];
    for (let i = 0; i < 5; i++) runs.push(await estimateCompute(source, requestEvent(), { kvs, kvsId: 'store-1' }));
    expect(new Set(runs.map((r) => JSON.stringify(r))).size).toBe(1);
  });

  it('gives the same figure to runs measured at the same time', async () => {
    const source = looping(40);
    const alone = await estimateCompute(source, requestEvent());
    const together = await Promise.all([1, 2, 3].map(() => estimateCompute(source, requestEvent())));
    expect(together).toEqual([alone, alone, alone]);
  });

  it('takes the same branch of a coin flip every run (Math.random is seeded while measuring)', async () => {
    const source = 'function handler(event) {\n  var n = 0;\n  while (Math.random() < 0.95) { n++; }\n  return event.request;\n}';
    const counts = new Set<number>();
    for (let i = 0; i < 4; i++) counts.add((await measureSteps(source, requestEvent())).steps);
    expect(counts.size).toBe(1);
  });

  it('is higher for a heavier function', async () => {
    const light = await estimateCompute(looping(10), requestEvent());
    const heavy = await estimateCompute(looping(200), requestEvent());
    expect(heavy.steps).toBeGreaterThan(light.steps);
    expect(heavy.utilization).toBeGreaterThan(light.utilization);
  });

  it('counts statements, loop iterations, calls of its own functions and call sites, each at its weight', async () => {
    // handler call, var, for, return: 4; each iteration: half a step, and the statement in it.
    expect((await measureSteps(looping(10), requestEvent())).work).toEqual({ statements: 3 + 10, iterations: 10, functionCalls: 1, callSites: 0 });
    expect((await measureSteps(looping(10), requestEvent())).steps).toBe(4 + 10 * 1.5);
    // An empty loop body still costs half a step per iteration.
    const empty = 'function handler(event) {\n  var i = 0;\n  while (i++ < 50);\n  return event.request;\n}';
    expect((await measureSteps(empty, requestEvent())).steps).toBe(4 + 50 * 0.5);
    // A callback is a call per element; the built-in call that makes them is half a step.
    const callback = 'function handler(event) {\n  [1, 2, 3].map(function (x) { return x * 2; });\n  return event.request;\n}';
    expect((await measureSteps(callback, requestEvent())).work).toEqual({ statements: 2 + 3, iterations: 0, functionCalls: 1 + 3, callSites: 1 });
    expect((await measureSteps(callback, requestEvent())).steps).toBe(9.5);
  });

  // Every runtime 2.0 figure AWS publishes for a known function and event
  // (docs/compute-utilization.md): the aws-samples amazon-cloudfront-functions
  // READMEs of enforce-domain-redirect and preserve-query-strings-on-redirect.
  // The functions are cellfront's own, doing the same work; the events are
  // written as the samples' test objects are (no distribution fields).
  const PUBLISHED: ReadonlyArray<readonly [string, string, object, number]> = [
    ['enforce-domain-redirect, apex-domain (a redirect)', 'published-canonical-host.js', testRequest('/index.html', { host: { value: 'example.com' } }), 6],
    ['enforce-domain-redirect, enforced-domain (passed through)', 'published-canonical-host.js', testRequest('/index.html', { host: { value: 'www.example.com' } }), 6],
    ['preserve-query-strings-on-redirect, query-strings', 'published-keep-query.js', testRequest('/example-page', { host: { value: 'www.example.com' } }, {
      name: { value: 'example-name' },
      test: { value: 'example-test-query-string' },
      querymv: { value: 'val1', multiValue: [{ value: 'val1' }, { value: 'val2,val3' }] },
    }), 10],
    ['preserve-query-strings-on-redirect, no-query-strings', 'published-keep-query.js', testRequest('/example-page', { host: { value: 'www.example.com' } }), 7],
  ];
  for (const [what, file, event, published] of PUBLISHED) {
    it(`equals AWS's published figure: ${what} = ${published}`, async () => {
      const parsed = parseEventObject(JSON.stringify(event), 'event.json');
      expect((await estimateCompute(fixture(file), parsed)).utilization).toBe(published);
    });
  }

  it('charges a loop less than its statements written out: iterations cost half a step', async () => {
    const unrolled = `function handler(event) {\n  var total = 0;\n${'  total += 1;\n'.repeat(20)}  return event.request;\n}`;
    const loop = await measureSteps(looping(20), requestEvent());
    expect(loop.steps).toBeLessThan((await measureSteps(unrolled, requestEvent())).steps + 20);
    expect(loop.work.iterations).toBe(20);
  });

  it('reaches 100 at the step budget, and a function that never ends exceeds it', async () => {
    expect(utilizationOf(COMPUTE_STEP_BUDGET)).toBe(100);
    expect(utilizationOf(COMPUTE_STEP_BUDGET - 6)).toBe(99);
    const endless = await estimateCompute('function handler(event) {\n  for (;;) {}\n}', requestEvent());
    expect(endless).toMatchObject({ utilization: 100, exceeded: true });
    expect((await estimateCompute(looping(10), requestEvent())).exceeded).toBe(false);
  });
});
