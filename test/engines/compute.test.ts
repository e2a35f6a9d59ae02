/**
 * ComputeUtilization: counted, not timed, so the same function and event give
 * the same figure every run; calibrated on the figures AWS publishes.
 */
import { describe, expect, it } from 'vitest';
import { COMPUTE_STEP_BUDGET, estimateCompute, type FunctionEvent } from '../../src/runtime/index.js';
import { measureSteps, utilizationOf } from '../../src/runtime/compute/index.js';
import { fixture, memoryKvs, requestEvent } from './support.js';

/** The event of AWS's published example: three query parameters, one repeated. */
function exampleEvent(withQuery: boolean): FunctionEvent {
  const query = withQuery ? '?name=example-name&test=example-test-query-string&querymv=val1&querymv=val2,val3' : '';
  return requestEvent(`/example-page${query}`);
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

  it('counts one step per statement run and per call: a loop costs its body each time round', async () => {
    // handler call, var, for, return: 4; each iteration: the block and the statement in it.
    expect((await measureSteps(looping(10), requestEvent())).steps).toBe(4 + 10 * 2);
    // An empty loop body still costs a step per iteration.
    const empty = 'function handler(event) {\n  var i = 0;\n  while (i++ < 50);\n  return event.request;\n}';
    expect((await measureSteps(empty, requestEvent())).steps).toBe(4 + 50);
    // A callback is a call per element.
    const callback = 'function handler(event) {\n  [1, 2, 3].map(function (x) { return x * 2; });\n  return event.request;\n}';
    expect((await measureSteps(callback, requestEvent())).steps).toBe(3 + 3 * 2);
  });

  it("matches AWS's published figures for the function it is calibrated on: 7 without a query, 10 with three parameters", async () => {
    const source = fixture('redirect-keeping-query.js');
    expect((await estimateCompute(source, exampleEvent(false))).utilization).toBe(7);
    expect((await estimateCompute(source, exampleEvent(true))).utilization).toBe(10);
  });

  it('reaches 100 at the step budget, and a function that never ends exceeds it', async () => {
    expect(utilizationOf(COMPUTE_STEP_BUDGET)).toBe(100);
    expect(utilizationOf(COMPUTE_STEP_BUDGET - 6)).toBe(99);
    const endless = await estimateCompute('function handler(event) {\n  for (;;) {}\n}', requestEvent());
    expect(endless).toMatchObject({ utilization: 100, exceeded: true });
    expect((await estimateCompute(looping(10), requestEvent())).exceeded).toBe(false);
  });
});
