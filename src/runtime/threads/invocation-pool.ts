/**
 * The vm engine's invocation threads: warm functions run in worker threads, each
 * with contexts of its own, so invocations use the cores the event loop leaves and none needs a
 * watchdog thread of its own (node:vm's `timeout` starts one per run, the largest
 * cost of a warm invocation). The budget is enforced from here: a run still going
 * when its budget is spent is stopped with its thread (`worker.terminate()`), the
 * invocation ends as a timeout, and a new thread takes the old one's place. A run
 * the machine starved (its function's code got less than half the budget of CPU, as
 * `/proc` tells on Linux) gets up to ten times the budget first, as the in-thread
 * watchdog does. The thread's own work around the code (making a context, auditing
 * it after) is not charged, as it is not by the watchdog.
 *
 * A thread is handed its next invocations while it still runs one (up to
 * `JOBS_PER_THREAD` at a time), so a busy thread goes from one to the next
 * without waiting for its host. The runs the host dispatches to a thread in one
 * turn of its event loop cross in one message, posted once the turn's I/O is
 * handled (`setImmediate`): a post that wakes a sleeping thread costs the host
 * far more than the message itself, and under load a turn dispatches several.
 * The outcomes come back one message per run, so the host goes on with each
 * request as soon as its run ends. Only the
 * first of a thread's invocations is running; its budget is timed from when the
 * thread took it (when it was handed over, or when the one before it ended).
 * A thread stopped for the budget takes no one else's invocation with it: those
 * still waiting in it are handed to a thread again (they had not started, or
 * nothing of them reached anyone).
 *
 * Threads start on demand (up to one per core but one) and keep nothing between
 * invocations that the audit of `../warm-context.ts` would not also let a
 * context keep on the host. A KeyValueStore (`KeyValueStore`: versioned by its
 * ETag) is copied to a thread before the first run that reads it after each
 * change, so a run always sees every write acknowledged before it started; any
 * other reader is asked from the thread, which waits for the answer.
 */
import { availableParallelism } from 'node:os';
// The module's own: a test's fake timers replace the global ones; a run never posted would
// never end, and a budget timer made fake would stay the thread's timer (see `startRun`).
import { clearTimeout, setImmediate, setTimeout } from 'node:timers';
import type { Worker } from 'node:worker_threads';
import { EngineError, type EngineRun } from '../engines/types.js';
import type { SandboxOutcome } from '../sandbox.js';
import type { PreparedSource } from '../source.js';
import type { KvsReader } from '../types.js';
import { decodeDone, encodeRun, isDoneWire, SHARED, type HostMessage, type KvsLink, type RunWire, type ThreadMessage } from './protocol.js';
import { MS_PER_TICK, threadTicks } from './thread-cpu.js';
import { startThread } from './thread-start.js';

/** At most this many invocation threads, whatever the core count. */
export const MAX_INVOCATION_THREADS = 8;
/**
 * How many invocations a thread holds at once: the one it runs and those waiting
 * behind it (16: a lone thread holds all the runs of 16 requests in flight).
 */
export const JOBS_PER_THREAD = 16;
/** How much longer than its budget a starved run may take (the in-thread watchdog's retry factor). */
const STARVED_FACTOR = 10;
/** How much of a KVS answer fits the shared buffer. */
const ANSWER_CAPACITY = SHARED.bytes - SHARED.answerOffset;

/** A function the pool can run: its code, sent to each thread once. */
export interface PooledFunction {
  readonly id: number;
  readonly prepared: PreparedSource;
}

/** A KeyValueStore that says when it changed (the project's `KeyValueStore`). */
interface VersionedStore extends KvsReader {
  readonly etag: string;
  snapshot(): { readonly items: ReadonlyArray<readonly [string, string]> };
}

function isVersioned(kvs: KvsReader): kvs is VersionedStore {
  const candidate = kvs as Partial<VersionedStore>;
  return typeof candidate.etag === 'string' && typeof candidate.snapshot === 'function';
}

interface Job {
  readonly fn: PooledFunction;
  readonly run: EngineRun;
  readonly done: (outcome: SandboxOutcome) => void;
  readonly failed: (error: Error) => void;
}

interface Thread {
  readonly worker: Worker;
  readonly slots: Int32Array;
  readonly bytes: Uint8Array;
  ready: boolean;
  tid: number | undefined;
  /** Handed to the thread, in order: the first is running, the others wait in the thread. */
  readonly jobs: Job[];
  /** Runs dispatched this turn of the event loop and not yet posted: they cross together (`flushOutboxes`). */
  outbox: RunWire[];
  /** The budget's timer, armed while the thread runs anything (see `startRun`), and when it fires (`clock()`). */
  timer: NodeJS.Timeout | undefined;
  timerDue: number;
  /** When the running job started (`clock()`), and whether its budget was extended (a starved run). */
  runStartedAt: number;
  extended: boolean;
  readonly loaded: Set<number>;
  /** Store id → the ETag of the copy this thread holds. */
  readonly stores: Map<number, string>;
  /** Why the thread stopped, when it failed (an uncaught error, out of memory). */
  failure: string | undefined;
}

let nextId = 1;
const storeIds = new WeakMap<object, number>();
const threads: Thread[] = [];
const queue: Job[] = [];
const encoder = new TextEncoder();
/** The budget's clock, taken now: a test's fake timers may replace `performance` later. */
const clock = performance.now.bind(performance);

/**
 * The most threads this machine gets: one per core but the one the host's event loop
 * needs (it parses, forwards and answers every request), and at least one.
 * `cellfront dev` keeps a core for its event loop (`../../dev/thread-placement.ts`),
 * so on two cores both threads would share the other one and only take turns on it:
 * in 16 alternating pairs of 2 s in proxy mode, one thread served 6.9% more (ahead
 * in 12) at 244 against 264 µs of the process's CPU per request.
 */
const THREAD_LIMIT = Math.max(1, Math.min(MAX_INVOCATION_THREADS, availableParallelism() - 1));

// A function or store nobody holds any more: the threads drop their context or copy.
const forgotten = new FinalizationRegistry<{ what: 'fn' | 'store'; id: number }>(({ what, id }) => {
  for (const thread of threads) {
    if (what === 'fn' ? thread.loaded.delete(id) : thread.stores.delete(id)) post(thread, { type: 'forget', what, id });
  }
});

/** Registers a function's code with the pool. */
export function pooledFunction(prepared: PreparedSource): PooledFunction {
  const fn = { id: nextId++, prepared };
  forgotten.register(fn, { what: 'fn', id: fn.id });
  return fn;
}

/** Runs the function once in a thread. Rejects only when no thread can start (EngineError). */
export function runPooled(fn: PooledFunction, run: EngineRun): Promise<SandboxOutcome> {
  return new Promise((done, failed) => {
    queue.push({ fn, run, done, failed });
    pump();
  });
}

/** Posts `message` after the runs dispatched to the thread before it. */
function post(thread: Thread, message: HostMessage): void {
  flushOutbox(thread);
  thread.worker.postMessage(message);
}

/** Threads with runs waiting in their outbox. */
const unposted = new Set<Thread>();
let flushScheduled = false;

function flushOutbox(thread: Thread): void {
  if (thread.outbox.length === 0) return;
  const runs = thread.outbox;
  thread.outbox = [];
  unposted.delete(thread);
  thread.worker.postMessage(runs);
}

function flushOutboxes(): void {
  flushScheduled = false;
  for (const thread of unposted) flushOutbox(thread);
}

/** Queues a run for the thread; all those of this turn of the event loop cross in one message. */
function send(thread: Thread, run: RunWire): void {
  thread.outbox.push(run);
  unposted.add(thread);
  if (!flushScheduled) {
    flushScheduled = true;
    setImmediate(flushOutboxes);
  }
}

function pump(): void {
  while (queue.length > 0) {
    // The least busy ready thread with room: an idle one if there is one.
    let least: Thread | undefined;
    for (const thread of threads) {
      if (thread.ready && thread.jobs.length < JOBS_PER_THREAD && (!least || thread.jobs.length < least.jobs.length)) least = thread;
    }
    if (!least || least.jobs.length > 0) {
      // No thread is idle: start one more, and meanwhile a busy one with room takes the next.
      const starting = threads.filter((thread) => !thread.ready).length;
      if (threads.length < THREAD_LIMIT && starting < queue.length) spawn();
      if (!least) return;
    }
    dispatch(least, queue.shift() as Job);
  }
}

function storeIdOf(kvs: KvsReader): number {
  let id = storeIds.get(kvs);
  if (id === undefined) {
    id = nextId++;
    storeIds.set(kvs, id);
    forgotten.register(kvs, { what: 'store', id });
  }
  return id;
}

function linkFor(thread: Thread, kvs: KvsReader | undefined): KvsLink | undefined {
  if (kvs === undefined) return undefined;
  if (!isVersioned(kvs)) return { kind: 'ask' };
  const store = storeIdOf(kvs);
  const etag = kvs.etag;
  if (thread.stores.get(store) !== etag) {
    post(thread, { type: 'store', store, items: kvs.snapshot().items, metaJson: JSON.stringify(kvs.meta()) });
    thread.stores.set(store, etag);
  }
  return { kind: 'copy', store };
}

function dispatch(thread: Thread, job: Job): void {
  const { fn, run } = job;
  thread.jobs.push(job);
  if (thread.jobs.length === 1) thread.worker.ref();
  if (!thread.loaded.has(fn.id)) {
    post(thread, { type: 'load', fn: fn.id, prepared: fn.prepared });
    thread.loaded.add(fn.id);
  }
  // Not while the thread runs another: that run's figure stays.
  if (thread.jobs.length === 1) Atomics.store(thread.slots, SHARED.runStartTicks, -1);
  send(
    thread,
    encodeRun({
      fn: fn.id,
    filename: run.filename,
    eventJson: run.eventJson,
    rawQuery: run.rawQuery,
    eventType: run.eventType,
    kvs: linkFor(thread, run.kvs),
    kvsId: run.kvsId,
    budgetMs: run.budgetMs,
      selectOrigin: run.selectOrigin !== undefined,
      createOriginGroup: run.createOriginGroup !== undefined,
    }),
  );
  if (thread.jobs.length === 1) startRun(thread);
}

/**
 * The thread's first job is running from now: its budget is timed from here. One
 * timer serves a thread's runs one after another, set again only when it fires
 * (for what is left of the running job's budget) or for a run whose budget ends
 * before it, not per run: most runs end long before it, and a timer set and cleared
 * per invocation cost the event loop more than the check. Unreferenced: a thread
 * with work is kept alive by `worker.ref()`.
 */
function startRun(thread: Thread): void {
  const now = clock();
  thread.runStartedAt = now;
  thread.extended = false;
  const job = thread.jobs[0];
  // Set again only for a run whose budget ends before the timer fires (a shorter budget than the run's before).
  if (job && (thread.timer === undefined || thread.timerDue > now + job.run.budgetMs)) armTimer(thread, job.run.budgetMs);
}

function armTimer(thread: Thread, ms: number): void {
  clearTimeout(thread.timer);
  thread.timer = setTimeout(checkBudget, ms, thread).unref();
  thread.timerDue = clock() + ms;
}

/** The running job's budget may be spent: stop it, unless the machine starved it of CPU, or wait out the rest. */
function checkBudget(thread: Thread): void {
  thread.timer = undefined;
  const job = thread.jobs[0];
  if (!job) return;
  const budgetMs = job.run.budgetMs;
  const elapsed = clock() - thread.runStartedAt;
  const limit = thread.extended ? budgetMs * STARVED_FACTOR : budgetMs;
  if (elapsed < limit) {
    armTimer(thread, limit - elapsed);
    return;
  }
  if (!thread.extended) {
    const started = Atomics.load(thread.slots, SHARED.runStartTicks);
    const now = threadTicks(thread.tid);
    const usedMs = started < 0 || now < 0 ? 0 : (now - started) * MS_PER_TICK;
    if (usedMs < budgetMs / 2) {
      thread.extended = true;
      armTimer(thread, budgetMs * STARVED_FACTOR - elapsed);
      return;
    }
  }
  finish(thread, { kind: 'timeout' });
  retire(thread);
}

/** Ends the thread's running job with `outcome`; the next it holds (if any) is running now. */
function finish(thread: Thread, outcome: SandboxOutcome): Job | undefined {
  const job = thread.jobs.shift();
  if (thread.jobs.length === 0) thread.worker.unref();
  else startRun(thread);
  job?.done(outcome);
  return job;
}

/** Stops a thread; the jobs it held but had not started go back to the front of the queue. */
function retire(thread: Thread): void {
  const at = threads.indexOf(thread);
  if (at !== -1) threads.splice(at, 1);
  requeue(thread);
  void thread.worker.terminate();
  pump();
}

function requeue(thread: Thread): void {
  thread.outbox = [];
  unposted.delete(thread);
  clearTimeout(thread.timer);
  thread.timer = undefined;
  queue.unshift(...thread.jobs.splice(0));
}

function spawn(): void {
  const shared = new SharedArrayBuffer(SHARED.bytes);
  const worker = startThread(shared);
  const thread: Thread = {
    worker,
    slots: new Int32Array(shared, 0, SHARED.answerOffset / 4),
    bytes: new Uint8Array(shared, SHARED.answerOffset),
    ready: false,
    tid: undefined,
    jobs: [],
    outbox: [],
    timer: undefined,
    timerDue: 0,
    runStartedAt: 0,
    extended: false,
    loaded: new Set(),
    stores: new Map(),
    failure: undefined,
  };
  threads.push(thread);
  worker.on('message', (message: ThreadMessage) => {
    if (isDoneWire(message)) {
      const { outcome, calls } = decodeDone(message);
      const job = finish(thread, outcome);
      if (job) replay(job.run, calls);
      pump();
      return;
    }
    switch (message.type) {
      case 'ready':
        thread.ready = true;
        thread.tid = message.tid;
        worker.unref();
        pump();
        return;
      case 'kvs':
        answer(thread, message.op, message.key);
        return;
    }
  });
  worker.on('error', (error: Error & { code?: string }) => {
    thread.failure = error.code ?? error.message;
  });
  worker.on('exit', () => {
    const wasReady = thread.ready;
    const at = threads.indexOf(thread);
    if (at === -1) return;
    threads.splice(at, 1);
    if (thread.jobs.length > 0) {
      const why = thread.failure === undefined ? '' : ` (its invocation thread stopped: ${thread.failure})`;
      finish(thread, { kind: 'threw', message: `The function broke the runtime${why}` });
    }
    requeue(thread);
    if (!wasReady) {
      // The thread could not even start: nothing queued can run; say so rather than retry forever.
      const error = new EngineError('EngineFailed', 'The vm engine could not start an invocation thread');
      for (const job of queue.splice(0)) job.failed(error);
      return;
    }
    pump();
  });
}

/** Hands the function's recorded calls to the run's callbacks, in order. */
function replay(run: EngineRun, calls: ReadonlyArray<readonly [string, string | null]>): void {
  for (const [kind, value] of calls) {
    if (kind === 'log') run.log(value ?? '');
    else if (kind === 'updateOrigin') run.updateOrigin(value);
    else if (kind === 'selectOrigin') run.selectOrigin?.(value);
    else if (kind === 'createOriginGroup') run.createOriginGroup?.(value);
  }
}

/** Answers a thread's KVS read in the shared buffer and wakes it. */
function answer(thread: Thread, op: 'get' | 'meta', key: string): void {
  const kvs = thread.jobs[0]?.run.kvs;
  let length: number;
  try {
    const value = op === 'get' ? kvs?.get(key) : JSON.stringify(kvs?.meta() ?? null);
    if (value === undefined) length = -1;
    else {
      const bytes = encoder.encode(value);
      length = bytes.length <= ANSWER_CAPACITY ? bytes.length : -2;
      if (length >= 0) thread.bytes.set(bytes);
    }
  } catch {
    length = -2;
  }
  Atomics.store(thread.slots, SHARED.answerLength, length);
  Atomics.store(thread.slots, SHARED.answerReady, 1);
  Atomics.notify(thread.slots, SHARED.answerReady);
}
