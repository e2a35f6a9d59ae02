/**
 * Fresh vm contexts, prepared ahead of time: no code has run in them but the
 * runtime's own prelude (`./sandbox/*.js`). A context taken from here serves one
 * function: one invocation, or many while its warm slot (`./warm-context.ts`)
 * finds that none of them changed anything. A context and its prelude cost most
 * of a fresh invocation, so a few are kept ready and replaced off the request
 * path (in a `setImmediate` after each one is taken).
 *
 * Contexts are created with `vm.constants.DONT_CONTEXTIFY` where Node has it: the
 * context's global is then an ordinary V8 global, not one whose every property
 * access goes through Node's interceptors, which makes function code several
 * times faster. The prelude has no host object in its reach either way.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { createBridge, type BridgeRun } from './bridge.js';

/** In the order they run: each may use what the earlier ones left in `internal`. */
const PRELUDE_FILES = [
  'codecs.js',
  'memory.js',
  'encoding.js',
  'buffer.js',
  'globals.js',
  'crypto.js',
  'querystring.js',
  'cloudfront.js',
  'driver.js',
  'audit.js',
  'restrict.js',
];

/** Each file is one function expression: together, an array of installers, compiled once. */
const PRELUDE = new vm.Script(
  `[${PRELUDE_FILES.map((name) => readFileSync(new URL(`./sandbox/${name}`, import.meta.url), 'utf8').trim().replace(/;$/, '')).join(',\n')}]`,
  { filename: 'runtime:prelude' },
);

/** Only a call carrying this runs the hook; the function's code cannot know it. */
const HOOK_TOKEN = randomBytes(16).toString('hex');
/** Runs the in-context hook (`sandbox/driver.js`): calls `handler`, or describes a thrown error. */
export const HOOK = new vm.Script(`__cellfront__(${JSON.stringify(HOOK_TOKEN)})`, { filename: 'runtime:hook' });

// Node 20 before 20.18 lacks DONT_CONTEXTIFY: contextify an empty object instead.
const CONTEXT_SEED: () => object = () => (vm.constants as unknown as { DONT_CONTEXTIFY?: object }).DONT_CONTEXTIFY ?? (Object.create(null) as object);
const CONTEXT_OPTIONS: vm.CreateContextOptions = {
  codeGeneration: { strings: false, wasm: false },
  microtaskMode: 'afterEvaluate',
};

/** A context whose prelude has run, waiting for its one invocation. */
export interface PreparedContext {
  readonly context: vm.Context;
  /** The prelude's `internal` object (an object of the context). */
  readonly internal: Record<string, unknown>;
  /** `Promise.prototype` of the context, to tell its rejections apart. */
  readonly promisePrototype: object;
  bind(run: BridgeRun): void;
}

/** How many prepared contexts wait at most. */
const POOL_SIZE = 2;
const pool: PreparedContext[] = [];
let refillScheduled = false;

/** A prepared context for one invocation; the caller must not use it for another. */
export function takeContext(): PreparedContext {
  const prepared = pool.pop() ?? prepareContext();
  scheduleRefill();
  return prepared;
}

function prepareContext(): PreparedContext {
  const bridge = createBridge();
  const context = vm.createContext(CONTEXT_SEED(), CONTEXT_OPTIONS);
  const installers = PRELUDE.runInContext(context) as Array<(host: object, internal: object) => void>;
  const internal = vm.runInContext('Object.create(null)', context) as Record<string, unknown>;
  internal.token = HOOK_TOKEN;
  const promisePrototype = vm.runInContext('Promise.prototype', context) as object;
  trackRejections(promisePrototype);
  for (const install of installers) install(bridge.host, internal);
  return { context, internal, promisePrototype, bind: bridge.bind };
}

function scheduleRefill(): void {
  if (refillScheduled) return;
  refillScheduled = true;
  // unref: a process that is done must not wait for contexts nobody will use.
  setImmediate(() => {
    refillScheduled = false;
    while (pool.length < POOL_SIZE) pool.push(prepareContext());
  }).unref();
}

const sandboxPromisePrototypes = new WeakSet<object>();
let listening = false;

/**
 * A promise the function rejects and never handles (an unawaited `kvs.get` of a
 * missing key) must not crash the process, as an unhandled rejection does by
 * default; on CloudFront it is simply dropped. One process listener swallows
 * rejections of sandbox promises and keeps Node's behaviour for every other one.
 * Each context is registered once, as it is prepared.
 */
function trackRejections(promisePrototype: object): void {
  sandboxPromisePrototypes.add(promisePrototype);
  if (listening) return;
  listening = true;
  process.on('unhandledRejection', (reason, promise) => {
    if (sandboxPromisePrototypes.has(Object.getPrototypeOf(promise) as object)) return;
    // Nobody else listens: do what Node does without listeners, and crash.
    if (process.listenerCount('unhandledRejection') === 1) throw reason;
  });
}
