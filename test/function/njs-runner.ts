/**
 * Runs a built edge function under NGINX njs (Debian's `njs` 0.7.9), the
 * engine CloudFront Functions appear to derive from: many calls in ONE njs
 * process, each with its own event and store, recording per call what the
 * function returned, the origin it chose (`cf.updateRequestOrigin`) and every
 * store read it made. The bench uses the same runner to time the function.
 *
 * As in `test/support/njs.ts`: the `cloudfront` module is a shim file literally
 * named `cloudfront` in the `-p` folder; it hides what njs has and the runtime
 * lacks (`process`, timers); results come back as JSON in marked chunks (njs
 * cuts a `console.log` line at 2,048 characters).
 */
import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** Debian's njs, the engine CloudFront Functions appear to derive from. */
export const NJS = '/usr/bin/njs';
const MARKER = 'CELLFRONT-NJS-BATCH ';
const CHUNK = 1000;

/** One call of `handler`. */
export interface EdgeCall {
  /** The event (JSON data; a fresh copy per call). */
  readonly event: unknown;
  /** The associated store's keys and values, or `null` when no store is associated. */
  readonly kvs: Readonly<Record<string, string>> | null;
  /** Keys whose `get` and `exists` reject as if the store failed. */
  readonly failingKeys?: readonly string[];
  /** Gives `event.request` a `rawQueryString()` returning this; omitted, the method is absent. */
  readonly rawQueryString?: { readonly returns: string | undefined };
}

/** What one call did. */
export type EdgeCallResult =
  | {
      readonly ok: true;
      readonly value: unknown;
      /** Every argument given to `cf.updateRequestOrigin`, merged; absent when not called. */
      readonly origin?: Record<string, unknown>;
      /** Store reads, in order: `get <key>` or `exists <key>`. */
      readonly reads: readonly string[];
    }
  | { readonly ok: false; readonly error: string };

export interface EdgeBatch {
  /** The function's code as CloudFront receives it (`import ... from 'cloudfront'` first). */
  readonly code: string;
  readonly calls: readonly EdgeCall[];
  /** Runs the calls this many times more, untimed results dropped, and reports the time taken. @default 0 */
  readonly timedRepeats?: number;
  /**
   * Models, in the timed passes, the work a runtime does on every invocation
   * to hand the function's result back: serializing the returned request or
   * response, and each `cf.updateRequestOrigin` argument (as a runtime must
   * to validate and apply it). Charged to whatever the function returns and
   * calls, so a function that changes the origin pays for that change too.
   * @default false
   */
  readonly convertResult?: boolean;
}

export interface EdgeBatchOutcome {
  /** One per call, from the first pass. */
  readonly results: readonly EdgeCallResult[];
  /** Every `console.log` line of the first pass, in order. */
  readonly logs: readonly string[];
  /** Uses the runtime forbids that njs allows (console.log with other than one argument). */
  readonly violations: readonly string[];
  /** Milliseconds the timed repeats took inside njs (0 without repeats). */
  readonly timedMs: number;
}

/** Runs `batch` in one fresh njs process. Fails (never skips) when njs is missing. */
export async function runBatchInNjs(batch: EdgeBatch, njs = NJS): Promise<EdgeBatchOutcome> {
  try {
    await access(njs, constants.X_OK);
  } catch {
    throw new Error('njs is not installed: apt-get install njs');
  }
  const dir = await mkdtemp(join(tmpdir(), 'cellfront-njs-batch-'));
  try {
    await writeFile(join(dir, 'cloudfront'), NJS_CLOUDFRONT_SHIM, 'utf8');
    const main = join(dir, 'function.js');
    await writeFile(main, batch.code + harness(batch), 'utf8');
    const { stdout } = await promisify(execFile)(njs, ['-p', dir, main], { timeout: 120_000, maxBuffer: 64 * 1024 * 1024 }).catch(
      (error: { stdout?: string; stderr?: string; message: string }) => {
        throw new Error(`njs failed: ${error.stderr || error.stdout || error.message}`);
      },
    );
    const chunks = stdout.split('\n').filter((l) => l.startsWith(MARKER));
    if (chunks.length === 0) throw new Error(`njs printed no outcome:\n${stdout}`);
    return JSON.parse(chunks.map((l) => l.slice(MARKER.length)).join('')) as EdgeBatchOutcome;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// The shim and the harness are njs code, in the runtime's own subset. The
// shim reads the current call's store from `globalThis.__cellfrontCall`.
/** The `cloudfront` module for njs runs: a store per call (`globalThis.__cellfrontCall`), `updateRequestOrigin` recorded. */
export const NJS_CLOUDFRONT_SHIM = `
delete globalThis.process;
['setTimeout', 'clearTimeout', 'setImmediate'].forEach(function (name) { globalThis[name] = undefined; });
function call() { return globalThis.__cellfrontCall; }
function has(c, key) { return Object.prototype.hasOwnProperty.call(c.kvs, key); }
function refuse(key) { return Promise.reject(new Error('InternalError: the store did not answer for ' + key)); }
var handle = {
  get: function (key) {
    var c = call();
    c.reads.push('get ' + key);
    if (c.failing.indexOf(key) !== -1) return refuse(key);
    return has(c, key) ? Promise.resolve(c.kvs[key]) : Promise.reject(new Error('KeyNotFound: ' + key));
  },
  exists: function (key) {
    var c = call();
    c.reads.push('exists ' + key);
    return c.failing.indexOf(key) !== -1 ? refuse(key) : Promise.resolve(has(c, key));
  }
};
export default {
  kvs: function () {
    if (call().kvs === null) throw new Error('KVSNamespaceNotFound: no KeyValueStore is associated with this function');
    return handle;
  },
  updateRequestOrigin: function (props) {
    var c = call();
    // Kept as given and merged when the call is recorded: copying here would
    // charge the function's timing for the harness's bookkeeping. Serialized
    // only when the batch models the runtime's conversion of results.
    if (c.convert) JSON.stringify(props);
    c.origins.push(props);
  }
};
`;

function harness(batch: EdgeBatch): string {
  const calls = batch.calls.map((c) => ({
    event: JSON.stringify(c.event),
    kvs: c.kvs,
    failing: c.failingKeys ?? [],
    raw: c.rawQueryString ? { returns: c.rawQueryString.returns ?? null, undef: c.rawQueryString.returns === undefined } : null,
  }));
  return `
;(function () {
  var out = { results: [], logs: [], violations: [], timedMs: 0 };
  var print = console.log;
  var recording = true;
  console.log = function (message) {
    if (!recording) return;
    if (arguments.length !== 1) out.violations.push('console.log called with ' + arguments.length + ' arguments');
    out.logs.push(String(message));
  };
  var calls = ${JSON.stringify(calls)};
  function once(spec, keep) {
    var event = JSON.parse(spec.event);
    if (spec.raw) event.request.rawQueryString = function () { return spec.raw.undef ? undefined : spec.raw.returns; };
    var state = { kvs: spec.kvs, failing: spec.failing, reads: [], origins: [], convert: !keep && ${batch.convertResult === true} };
    globalThis.__cellfrontCall = state;
    return Promise.resolve().then(function () { return handler(event); }).then(
      function (value) {
        if (state.convert) JSON.stringify(value);
        if (!keep) return;
        var origin = state.origins.length ? JSON.parse(JSON.stringify(Object.assign.apply(null, [{}].concat(state.origins)))) : undefined;
        out.results.push({ ok: true, value: value, origin: origin, reads: state.reads });
      },
      function (error) { if (keep) out.results.push({ ok: false, error: String((error && error.stack) || error) }); });
  }
  var chain = Promise.resolve();
  calls.forEach(function (spec) { chain = chain.then(function () { return once(spec, true); }); });
  var started = 0;
  chain = chain.then(function () { recording = false; started = Date.now(); });
  for (var r = 0; r < ${batch.timedRepeats ?? 0}; r++) {
    calls.forEach(function (spec) { chain = chain.then(function () { return once(spec, false); }); });
  }
  chain.then(function () {
    out.timedMs = ${batch.timedRepeats ? 'Date.now() - started' : '0'};
    var json = JSON.stringify(out);
    for (var at = 0; at < json.length; at += ${CHUNK}) print('${MARKER}' + json.slice(at, at + ${CHUNK}));
  });
})();
`;
}
