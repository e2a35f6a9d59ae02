/**
 * The vm engine's invocation threads (src/runtime/threads/): warm functions run
 * in worker threads, the budget is enforced by stopping a thread, and the
 * KeyValueStore a run reads always holds every write acknowledged before it.
 */
import { Worker } from 'node:worker_threads';
import { describe, expect, it, vi } from 'vitest';
import { loadFunction, type KvsReader } from '../../src/runtime/index.js';
import type { SandboxOutcome } from '../../src/runtime/sandbox.js';
import { decodeDone, decodeRun, encodeDone, encodeRun, type RunMessage } from '../../src/runtime/threads/protocol.js';
import { KeyValueStore } from '../../src/store/index.js';
import { expectKind, requestEvent } from './helpers.js';

const STORE_ID = '9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f';

/** A header of a response the function generated. */
const header = (outcome: Awaited<ReturnType<ReturnType<typeof loadFunction>['invoke']>>, name: string): string | undefined =>
  expectKind(outcome, 'response').response.headers.find(([n]) => n === name)?.[1];

const READ_CELL = `import cf from 'cloudfront';
async function handler(event) {
  var kvs = cf.kvs();
  var cell = (await kvs.exists('cell')) ? await kvs.get('cell') : 'none';
  return { statusCode: 200, headers: { 'x-cell': { value: cell }, 'x-uri': { value: event.request.uri } } };
}`;

const cellOf = async (fn: ReturnType<typeof loadFunction>, uri = '/'): Promise<string | undefined> =>
  header(await fn.invoke(requestEvent(uri)), 'x-cell');

describe('invocation threads', () => {
  it('a run sees every KeyValueStore write acknowledged before it, on every thread', async () => {
    const store = KeyValueStore.create({ name: 'threads', id: STORE_ID });
    const fn = loadFunction(READ_CELL, { kvs: store, kvsId: STORE_ID });
    expect(await cellOf(fn)).toBe('none');
    for (const cell of ['a', 'b', 'c']) {
      await store.put('cell', cell, store.etag);
      // As many at once as there can be threads, so each thread's copy is checked.
      const seen = await Promise.all(Array.from({ length: 8 }, () => cellOf(fn)));
      expect(seen).toEqual(Array(8).fill(cell));
    }
    await store.delete('cell', store.etag);
    expect(await cellOf(fn)).toBe('none');
  });

  it('a reader that is not a KeyValueStore is asked at each read, from the thread', async () => {
    let cell: string | undefined = 'x';
    let reads = 0;
    const reader: KvsReader = {
      get: (key) => {
        reads++;
        return key === 'cell' ? cell : undefined;
      },
      meta: () => ({ creationDateTime: '2024-01-02T03:04:05.000Z', lastUpdatedDateTime: '2024-02-03T04:05:06.000Z', keyCount: 1 }),
    };
    const fn = loadFunction(READ_CELL, { kvs: reader, kvsId: STORE_ID });
    expect(await cellOf(fn)).toBe('x');
    cell = 'y';
    expect(await cellOf(fn)).toBe('y');
    cell = undefined;
    expect(await cellOf(fn)).toBe('none');
    expect(reads).toBeGreaterThanOrEqual(5);
  });

  it('a reader that throws fails the read inside the function, not the runtime', async () => {
    const reader: KvsReader = {
      get: () => {
        throw new Error('disk on fire');
      },
      meta: () => ({ creationDateTime: '', lastUpdatedDateTime: '', keyCount: 0 }),
    };
    const source = `import cf from 'cloudfront';
async function handler(event) {
  try { await cf.kvs().get('k'); console.log('read'); } catch (e) { console.log('failed'); }
  return event.request;
}`;
    const outcome = expectKind(await loadFunction(source, { kvs: reader, kvsId: STORE_ID }).invoke(requestEvent()), 'request');
    expect(outcome.logs).toEqual(['failed']);
  });

  it('many runs at once each get their own event, logs and result', async () => {
    const source = `function handler(event) {
  console.log('uri ' + event.request.uri);
  return { statusCode: 200, headers: { 'x-uri': { value: event.request.uri } } };
}`;
    const fn = loadFunction(source);
    const uris = Array.from({ length: 40 }, (_, i) => `/n/${i}`);
    const outcomes = await Promise.all(uris.map((uri) => fn.invoke(requestEvent(uri))));
    outcomes.forEach((outcome, i) => {
      expect(header(outcome, 'x-uri')).toBe(uris[i]);
      expect(outcome.logs).toEqual([`uri ${uris[i]}`]);
    });
  });

  it('runs started in one turn of the event loop reach their threads batched, not one message each', async () => {
    const fn = loadFunction('function handler(event) { return { statusCode: 200, headers: { \'x-uri\': { value: event.request.uri } } }; }');
    // The threads are up and hold this function before the count starts.
    await Promise.all(Array.from({ length: 8 }, () => fn.invoke(requestEvent())));
    const posted = vi.spyOn(Worker.prototype, 'postMessage');
    try {
      const uris = Array.from({ length: 16 }, (_, i) => `/b/${i}`);
      const outcomes = await Promise.all(uris.map((uri) => fn.invoke(requestEvent(uri))));
      outcomes.forEach((outcome, i) => expect(header(outcome, 'x-uri')).toBe(uris[i]));
      const batches = posted.mock.calls.map(([message]) => message).filter((message): message is unknown[][] => Array.isArray(message));
      expect(batches.flat()).toHaveLength(16);
      expect(batches.length).toBeLessThan(16);
    } finally {
      posted.mockRestore();
    }
  });

  it("a test's fake timers do not hold runs back", async () => {
    const fn = loadFunction('function handler(event) { return { statusCode: 204 }; }');
    vi.useFakeTimers();
    try {
      const outcomes = await Promise.all(Array.from({ length: 4 }, () => fn.invoke(requestEvent())));
      for (const outcome of outcomes) expect(expectKind(outcome, 'response').response.statusCode).toBe(204);
    } finally {
      vi.useRealTimers();
    }
    // Without the pool's own timers this still ends, seconds later, when something else turns the loop.
  }, 3_000);

  it('a run past its budget is stopped with its thread; runs queued behind it and later runs still complete', async () => {
    const spin = loadFunction('function handler(event) { for (;;) {} }', { filename: 'spin.js' });
    const echo = loadFunction('function handler(event) { return { statusCode: 204 }; }');
    const [stopped, ...others] = await Promise.all([
      spin.invoke(requestEvent(), { computeBudgetMs: 50 }),
      ...Array.from({ length: 6 }, () => echo.invoke(requestEvent())),
    ]);
    const error = expectKind(stopped, 'error');
    expect(error.status).toBe(503);
    expect(error.message).toMatch(/maximum allowed compute time/);
    for (const outcome of others) expect(expectKind(outcome, 'response').response.statusCode).toBe(204);
    // The next run of the same function gets a new thread and a new context.
    expect(expectKind(await echo.invoke(requestEvent()), 'response').response.statusCode).toBe(204);
    expect(expectKind(await spin.invoke(requestEvent(), { computeBudgetMs: 50 }), 'error').status).toBe(503);
  });

  it("a run waiting in a thread behind a long one is not charged for the wait, and one behind a run that is stopped completes elsewhere", async () => {
    const slow = loadFunction('function handler(event) { var n = 0; for (var i = 0; i < 8e7; i++) n += i; return { statusCode: n > 0 ? 200 : 500 }; }', { filename: 'slow.js' });
    const spin = loadFunction('function handler(event) { for (;;) {} }', { filename: 'spin.js' });
    const echo = loadFunction('function handler(event) { return { statusCode: 204 }; }');
    // More short runs than the threads hold, each with a budget far below the long runs' time.
    const short = () => echo.invoke(requestEvent(), { computeBudgetMs: 30 });
    const [slowDone, stopped, ...others] = await Promise.all([
      slow.invoke(requestEvent(), { computeBudgetMs: 1_000 }),
      spin.invoke(requestEvent(), { computeBudgetMs: 100 }),
      ...Array.from({ length: 12 }, short),
    ]);
    expect(expectKind(slowDone, 'response').response.statusCode).toBe(200);
    expect(expectKind(stopped, 'error').message).toMatch(/maximum allowed compute time/);
    for (const outcome of others) expect(expectKind(outcome, 'response').response.statusCode).toBe(204);
  });

  it('a run with a short budget right after one with a long budget is stopped at its own budget', async () => {
    const fn = loadFunction(`function handler(event) {
  if (event.request.uri === '/spin') for (;;) {}
  return { statusCode: 204 };
}`);
    await fn.invoke(requestEvent('/'));
    // Past the warm-up's budget: its timer has fired, and the next is set for the long run; the short one follows it at once.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const long = fn.invoke(requestEvent('/'), { computeBudgetMs: 5_000 });
    const started = performance.now();
    const short = fn.invoke(requestEvent('/spin'), { computeBudgetMs: 50 });
    expect(expectKind(await long, 'response').response.statusCode).toBe(204);
    expect(expectKind(await short, 'error').message).toMatch(/maximum allowed compute time \(the local budget is 50 ms\)/);
    // Stopped at its 50 ms (up to ten times that if the machine starved it), not at the first run's 5 s.
    expect(performance.now() - started).toBeLessThan(2_500);
  });

  it('what a run left behind before it was stopped is not seen by the next run', async () => {
    const source = `var hits = 0;
function handler(event) {
  Array.prototype.marker = (Array.prototype.marker || 0) + 1;
  if (event.request.uri === '/spin') for (;;) {}
  return { statusCode: 200, headers: { 'x-marker': { value: String([].marker) } } };
}`;
    const fn = loadFunction(source);
    expect(expectKind(await fn.invoke(requestEvent('/spin'), { computeBudgetMs: 50 }), 'error').status).toBe(503);
    const after = await Promise.all(Array.from({ length: 4 }, () => fn.invoke(requestEvent('/'))));
    for (const outcome of after) expect(header(outcome, 'x-marker')).toBe('1');
  });

  it('a run handed over in the same message right behind a writer does not see the write (the outcome goes out before the audit)', async () => {
    const source = `function handler(event) {
  var seen = typeof globalThis.leaked + '/' + typeof Object.prototype.leaked;
  if (event.request.uri === '/write') { globalThis.leaked = 'yes'; Object.prototype.leaked = 'yes'; }
  return { statusCode: 200, headers: { 'x-seen': { value: seen } } };
}`;
    const fn = loadFunction(source);
    await Promise.all(Array.from({ length: 4 }, () => fn.invoke(requestEvent('/'))));
    const posted = vi.spyOn(Worker.prototype, 'postMessage');
    try {
      // Writers and readers in turn, all started in one turn: each thread gets several in one message.
      const uris = Array.from({ length: 16 }, (_, i) => (i % 2 === 0 ? '/write' : '/read'));
      const outcomes = await Promise.all(uris.map((uri) => fn.invoke(requestEvent(uri))));
      for (const outcome of outcomes) expect(header(outcome, 'x-seen')).toBe('undefined/undefined');
      const batches = posted.mock.calls.map(([message]) => message).filter((message): message is unknown[][] => Array.isArray(message));
      expect(Math.max(...batches.map((batch) => batch.length))).toBeGreaterThan(1);
    } finally {
      posted.mockRestore();
    }
    // The readers' contexts were kept: a later read still sees nothing.
    expect(header(await fn.invoke(requestEvent('/read')), 'x-seen')).toBe('undefined/undefined');
  });
});

describe('invocation thread messages', () => {
  it('carry a run and its outcome through their compact form unchanged', () => {
    const base = { type: 'run', fn: 7, filename: 'f.js', eventJson: '{"version":"1.0"}', rawQuery: 'a=1', eventType: 'viewer-request', kvsId: 'id', budgetMs: 100 } as const;
    const runs: RunMessage[] = [
      { ...base, kvs: undefined, selectOrigin: false, createOriginGroup: false },
      { ...base, kvs: { kind: 'ask' }, selectOrigin: true, createOriginGroup: false },
      { ...base, kvs: { kind: 'copy', store: 0 }, selectOrigin: false, createOriginGroup: true, rawQuery: undefined, kvsId: undefined },
      { ...base, kvs: { kind: 'copy', store: 12 }, selectOrigin: true, createOriginGroup: true, eventType: 'viewer-response' },
    ];
    for (const run of runs) expect(decodeRun(encodeRun(run))).toEqual(run);
    const outcomes: SandboxOutcome[] = [
      { kind: 'returned', json: '{}' },
      { kind: 'returned', json: undefined },
      { kind: 'returned', json: null },
      { kind: 'threw', message: 'Error: x' },
      { kind: 'memory', message: 'too big' },
      { kind: 'timeout' },
      { kind: 'unsettled' },
    ];
    for (const outcome of outcomes) {
      expect(decodeDone(encodeDone(outcome, []))).toEqual({ outcome, calls: [] });
      expect(decodeDone(encodeDone(outcome, [['log', 'a'], ['updateOrigin', null]]))).toEqual({ outcome, calls: [['log', 'a'], ['updateOrigin', null]] });
    }
  });
});
