/**
 * Runs a CloudFront Function file under NGINX njs (Debian's `njs` 0.7.9), the
 * engine the CloudFront Functions runtime appears to derive from, with a small
 * test shim for `cloudfront` (failing keys, repeated calls) where the njs engine
 * (`src/runtime/engines/njs/`) uses the runtime's own module. Finding njs and the
 * temporary module folder are that engine's.
 *
 * How njs 0.7.9 is driven here:
 * - `import cf from 'cloudfront'` is resolved against the `-p` folder by the bare
 *   name, no extension added, so the shim is a file literally named `cloudfront`.
 * - The shim module is evaluated before the function's body; it removes what
 *   njs has and the runtime lacks (`process`, timers).
 * - The CLI drains the promise queue before exiting, so a harness appended to
 *   the function calls `handler`, waits for each result and prints the results
 *   and the captured `console.log` lines as JSON, in marked chunks: njs cuts a
 *   `console.log` line at 2,048 characters.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { resolveNjs, withNjsFiles } from '../../src/runtime/engines/index.js';

const MARKER = 'CELLFRONT-NJS-OUTCOME ';
const CHUNK = 1000;

/** One run of a function file against a store and an event. */
export interface FunctionInvocation {
  /** The function's code as CloudFront receives it (`import cf from 'cloudfront'` at the top). */
  readonly code: string;
  /** The event passed to `handler` (JSON data; a fresh copy per call). */
  readonly event: unknown;
  /** The associated store's keys and values, or `null` when no store is associated. */
  readonly kvs: Readonly<Record<string, string>> | null;
  /** Keys whose `get` and `exists` reject as if the store failed. */
  readonly failingKeys?: readonly string[];
  /** Gives `event.request` a `rawQueryString()` returning this; omitted, the method is absent. */
  readonly rawQueryString?: { readonly returns: string | undefined };
  /** How many times to call `handler`, one after the other. @default 1 */
  readonly times?: number;
}

/** What `handler` returned (or how it failed) on each call. */
export type CallResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string };

export interface FunctionOutcome {
  readonly results: readonly CallResult[];
  /** Every `console.log` line, in order. */
  readonly logs: readonly string[];
  /** Uses the runtime forbids that njs allows (console.log with other than one argument). */
  readonly violations: readonly string[];
}

/**
 * Runs `invocation` in a fresh njs process. Fails (never skips) when njs is
 * missing; `njs` is the binary's path, replaceable to test exactly that.
 */
export async function runInNjs(invocation: FunctionInvocation, njs?: string): Promise<FunctionOutcome> {
  const binary = resolveNjs(njs);
  const files = { cloudfront: shimModule(invocation), 'function.js': invocation.code + harness(invocation) };
  const stdout = await withNjsFiles(files, async (dir) => {
    const run = promisify(execFile)(binary, ['-p', dir, join(dir, 'function.js')], { timeout: 20_000 });
    const result = await run.catch((error: { stdout?: string; stderr?: string; message: string }) => {
      throw new Error(`njs failed: ${error.stderr || error.stdout || error.message}`);
    });
    return result.stdout;
  });
  const chunks = stdout.split('\n').filter((l) => l.startsWith(MARKER));
  if (chunks.length === 0) throw new Error(`njs printed no outcome:\n${stdout}`);
  return JSON.parse(chunks.map((l) => l.slice(MARKER.length)).join('')) as FunctionOutcome;
}

// The shim and the harness are njs code, written in the runtime's own subset.
function shimModule(invocation: FunctionInvocation): string {
  return `
var data = ${JSON.stringify(invocation.kvs)};
var failing = ${JSON.stringify(invocation.failingKeys ?? [])};
delete globalThis.process;
['setTimeout', 'clearTimeout', 'setImmediate'].forEach(function (name) { globalThis[name] = undefined; });
function has(key) { return Object.prototype.hasOwnProperty.call(data, key); }
function refuse(key) { return Promise.reject(new Error('InternalError: the store did not answer for ' + key)); }
function handle() {
  return {
    get: function (key, options) {
      if (failing.indexOf(key) !== -1) return refuse(key);
      if (!has(key)) return Promise.reject(new Error('KeyNotFound: ' + key));
      var format = (options && options.format) || 'string';
      if (format === 'json') { try { return Promise.resolve(JSON.parse(data[key])); } catch (e) { return Promise.reject(e); } }
      if (format === 'bytes') return Promise.resolve(Buffer.from(data[key]));
      return Promise.resolve(data[key]);
    },
    exists: function (key) { return failing.indexOf(key) !== -1 ? refuse(key) : Promise.resolve(has(key)); },
    meta: function () {
      return Promise.resolve({ creationDateTime: '2024-01-01T00:00:00Z', lastUpdatedDateTime: '2024-01-01T00:00:00Z', keyCount: Object.keys(data).length });
    }
  };
}
export default {
  kvs: function () {
    if (data === null) throw new Error('KVSNamespaceNotFound: no KeyValueStore is associated with this function');
    return handle();
  }
};
`;
}

function harness(invocation: FunctionInvocation): string {
  const raw = invocation.rawQueryString;
  return `
;(function () {
  var out = { results: [], logs: [], violations: [] };
  var print = console.log;
  console.log = function (message) {
    if (arguments.length !== 1) out.violations.push('console.log called with ' + arguments.length + ' arguments');
    out.logs.push(String(message));
  };
  var eventJson = ${JSON.stringify(JSON.stringify(invocation.event))};
  function makeEvent() {
    var event = JSON.parse(eventJson);
    ${raw ? `event.request.rawQueryString = function () { return ${JSON.stringify(raw.returns) ?? 'undefined'}; };` : ''}
    return event;
  }
  function once() {
    return Promise.resolve().then(function () { return handler(makeEvent()); }).then(
      function (value) { out.results.push({ ok: true, value: value }); },
      function (error) { out.results.push({ ok: false, error: String((error && error.stack) || error) }); });
  }
  var chain = Promise.resolve();
  for (var i = 0; i < ${invocation.times ?? 1}; i++) chain = chain.then(once);
  chain.then(function () {
    var json = JSON.stringify(out);
    for (var at = 0; at < json.length; at += ${CHUNK}) print('${MARKER}' + json.slice(at, at + ${CHUNK}));
  });
})();
`;
}
