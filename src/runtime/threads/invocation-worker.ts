/**
 * An invocation thread: runs functions in warm vm contexts of its own (one
 * `ContextSlot` per function, audited after each invocation as on the host), one
 * invocation at a time, with no watchdog: its host (`./invocation-pool.ts`) stops
 * the whole thread when a run overstays its budget. What the function does through
 * the bridge (logs, origin changes) is recorded and sent back with the outcome.
 * The outcome goes out before the context's audit, which only decides whether the
 * context serves the thread's next run of the function (the audit runs before that run).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runInSandbox, type RunMarks } from '../sandbox.js';
import type { KvsReader } from '../types.js';
import { codeMayDelete, ContextSlot, WarmContexts, wrapFunctionCode } from '../warm-context.js';
import { decodeRun, encodeDone, isRunBatch, SHARED, type HostMessage, type RecordedCall, type RunMessage, type ThreadMessage } from './protocol.js';
import { ownThreadId, ownTicksReader } from './thread-cpu.js';

const port = parentPort;
if (!port) throw new Error('invocation-worker runs in a worker thread');
const shared = (workerData as { shared: SharedArrayBuffer }).shared;
const slots32 = new Int32Array(shared, 0, SHARED.answerOffset / 4);
const answerBytes = new Uint8Array(shared, SHARED.answerOffset);
const ownTicks = ownTicksReader();
const decoder = new TextDecoder();

const functions = new Map<number, ContextSlot>();
/** Warm contexts kept at most, over all the thread's functions (see `WarmContexts`). */
const WARM_CONTEXTS_MAX = 64;
const warm = new WarmContexts(WARM_CONTEXTS_MAX);
const stores = new Map<number, { items: Map<string, string>; meta: ReturnType<KvsReader['meta']> }>();

const send = (message: ThreadMessage) => port.postMessage(message);

/** Asks the host and waits for the answer in the shared buffer. */
function ask(op: 'get' | 'meta', key: string): string | undefined {
  Atomics.store(slots32, SHARED.answerReady, 0);
  send({ type: 'kvs', op, key });
  Atomics.wait(slots32, SHARED.answerReady, 0);
  const length = Atomics.load(slots32, SHARED.answerLength);
  if (length === -2) throw new Error('the host could not read the store');
  return length < 0 ? undefined : decoder.decode(answerBytes.subarray(0, length));
}

const askingReader: KvsReader = {
  get: (key) => ask('get', key),
  meta: () => JSON.parse(ask('meta', '') ?? 'null') as ReturnType<KvsReader['meta']>,
};

function readerFor(run: RunMessage): KvsReader | undefined {
  if (run.kvs === undefined) return undefined;
  if (run.kvs.kind === 'ask') return askingReader;
  const store = stores.get(run.kvs.store);
  if (!store) throw new Error(`invocation thread: store ${run.kvs.store} was never sent`);
  return { get: (key) => store.items.get(key), meta: () => store.meta };
}

/** What the host's budget check reads: the thread's CPU ticks when the function's code started, -1 outside it. */
const chargedSpan: RunMarks = {
  codeStarted: () => Atomics.store(slots32, SHARED.runStartTicks, ownTicks()),
  codeEnded: () => Atomics.store(slots32, SHARED.runStartTicks, -1),
};

function invoke(run: RunMessage): void {
  const slot = functions.get(run.fn);
  if (!slot) throw new Error(`invocation thread: function ${run.fn} was never loaded`);
  const calls: RecordedCall[] = [];
  let release: (() => void) | undefined;
  const outcome = runInSandbox({
    slot,
    supervised: true,
    marks: chargedSpan,
    // The outcome goes out before the audit: the host goes on with the request while this thread audits.
    releaseLater: (hand) => {
      release = hand;
    },
    filename: run.filename,
    eventJson: run.eventJson,
    rawQuery: run.rawQuery,
    eventType: run.eventType,
    kvs: readerFor(run),
    kvsId: run.kvsId,
    budgetMs: run.budgetMs,
    log: (line) => calls.push(['log', line]),
    updateOrigin: (json) => calls.push(['updateOrigin', json]),
    selectOrigin: run.selectOrigin ? (json) => calls.push(['selectOrigin', json]) : undefined,
    createOriginGroup: run.createOriginGroup ? (json) => calls.push(['createOriginGroup', json]) : undefined,
  });
  send(encodeDone(outcome, calls));
  release?.();
  warm.ran(run.fn, slot);
}

port.on('message', (message: HostMessage) => {
  if (isRunBatch(message)) {
    for (const run of message) invoke(decodeRun(run));
    return;
  }
  switch (message.type) {
    case 'load': {
      const code = wrapFunctionCode(message.prepared);
      // The host sends only functions whose code wraps (it checked with the same call).
      if (code) functions.set(message.fn, new ContextSlot(code, 'warm', codeMayDelete(message.prepared)));
      return;
    }
    case 'store':
      stores.set(message.store, { items: new Map(message.items), meta: JSON.parse(message.metaJson) as ReturnType<KvsReader['meta']> });
      return;
    case 'forget':
      if (message.what === 'fn') {
        functions.delete(message.id);
        warm.forget(message.id);
      }
      else stores.delete(message.id);
      return;
  }
});
send({ type: 'ready', tid: ownThreadId() });
