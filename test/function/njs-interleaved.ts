/**
 * Times several built edge functions against each other in ONE njs process,
 * interleaved: round after round, each function runs its own calls once more,
 * the order alternating (A B, then B A) so that neither always runs first
 * after the other. Two functions timed in separate processes minutes apart
 * compare the machine's load as much as the functions; timed side by side in
 * short rounds, a burst of load lands on both, and the median of the rounds'
 * ratios drops the rounds a burst hit harder on one side.
 *
 * Every function is timed the same way: the same harness as `runBatchInNjs`
 * (the event parsed from JSON, the store shim, the handler awaited), its own
 * module scope (the built code, then `export default handler`), one warm-up
 * pass whose results are checked before any timing.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { NJS, NJS_CLOUDFRONT_SHIM, type EdgeCall } from './njs-runner.js';

const MARKER = 'CELLFRONT-NJS-INTERLEAVED ';
/** Functions one njs process is given to time side by side. */
export const MAX_FUNCTIONS = 3;

/** One function to time, with the calls it answers each round. */
export interface TimedFunction {
  /** The function's code as CloudFront receives it (`import ... from 'cloudfront'` first, `handler` defined). */
  readonly code: string;
  readonly calls: readonly EdgeCall[];
}

export interface InterleavedOutcome {
  /** Per function, the wall-clock milliseconds of each round (Date.now() resolution: 1 ms). */
  readonly roundMs: readonly (readonly number[])[];
  /**
   * Per function, the CPU milliseconds the njs process spent in each round
   * (`/proc/self/schedstat`, which moves in scheduler ticks of a few ms while
   * the process runs): time the process waited
   * for a core on a loaded machine is not in it. Empty where `/proc` is missing.
   */
  readonly roundCpuMs: readonly (readonly number[])[];
  /** Calls of the warm-up pass that threw or rejected, per function: none for a fair comparison. */
  readonly failures: readonly (readonly string[])[];
}

/**
 * Runs `functions` in one njs process: a warm-up pass, then `rounds` rounds,
 * each running every function's calls `repeats` times, in alternating order.
 *
 * @example const { roundMs } = await timeInterleavedInNjs([demo, pooled], 20, 2);
 */
export async function timeInterleavedInNjs(functions: readonly TimedFunction[], rounds: number, repeats: number, njs = NJS): Promise<InterleavedOutcome> {
  // njs 0.7.9 crashed (SIGSEGV) importing four or more built functions into one process.
  if (functions.length < 1 || functions.length > MAX_FUNCTIONS) throw new RangeError(`1 to ${MAX_FUNCTIONS} functions per njs process, got ${functions.length}`);
  const dir = await mkdtemp(join(tmpdir(), 'cellfront-njs-interleaved-'));
  try {
    await writeFile(join(dir, 'cloudfront'), NJS_CLOUDFRONT_SHIM, 'utf8');
    for (const [i, f] of functions.entries()) await writeFile(join(dir, `f${i}.js`), `${f.code}\nexport default handler;\n`, 'utf8');
    const main = join(dir, 'main.js');
    await writeFile(main, harness(functions, rounds, repeats), 'utf8');
    const { stdout } = await promisify(execFile)(njs, ['-p', dir, main], { timeout: 600_000, maxBuffer: 16 * 1024 * 1024 }).catch(
      (error: { stdout?: string; stderr?: string; message: string }) => {
        throw new Error(`njs failed: ${error.stderr || error.stdout || error.message}`);
      },
    );
    const line = stdout.split('\n').find((l) => l.startsWith(MARKER));
    if (!line) throw new Error(`njs printed no outcome:\n${stdout.slice(0, 2000)}`);
    return JSON.parse(line.slice(MARKER.length)) as InterleavedOutcome;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The median of `values` (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function harness(functions: readonly TimedFunction[], rounds: number, repeats: number): string {
  // Each store once (calls share them), named by its index: the script stays small.
  const stores: (Readonly<Record<string, string>> | null)[] = [];
  const storeIndex = (kvs: Readonly<Record<string, string>> | null): number => {
    const at = stores.findIndex((s) => s === kvs || JSON.stringify(s) === JSON.stringify(kvs));
    return at >= 0 ? at : stores.push(kvs) - 1;
  };
  const calls = functions.map((f) =>
    f.calls.map((c) => ({
      event: JSON.stringify(c.event),
      kvs: storeIndex(c.kvs),
      failing: c.failingKeys ?? [],
      raw: c.rawQueryString ? { returns: c.rawQueryString.returns ?? null, undef: c.rawQueryString.returns === undefined } : null,
    })),
  );
  return `import fs from 'fs';
${functions.map((_, i) => `import f${i} from 'f${i}.js';`).join('\n')}
// The process's CPU time in ns (Linux: the first field of /proc/self/schedstat), or NaN.
function cpu() {
  try { return +fs.readFileSync('/proc/self/schedstat').toString().split(' ')[0]; } catch (e) { return NaN; }
}
var handlers = [${functions.map((_, i) => `f${i}`).join(', ')}];
var stores = ${JSON.stringify(stores)};
var calls = ${JSON.stringify(calls)};
var out = { roundMs: handlers.map(function () { return []; }), roundCpuMs: handlers.map(function () { return []; }), failures: handlers.map(function () { return []; }) };
var print = console.log;
console.log = function () {};
function once(h, spec, failures) {
  var event = JSON.parse(spec.event);
  if (spec.raw) event.request.rawQueryString = function () { return spec.raw.undef ? undefined : spec.raw.returns; };
  globalThis.__cellfrontCall = { kvs: stores[spec.kvs], failing: spec.failing, reads: [], origins: [], convert: false };
  return Promise.resolve().then(function () { return h(event); }).then(undefined, function (error) { if (failures && failures.length < 5) failures.push(String(error).slice(0, 200)); });
}
function pass(f, times, failures) {
  var chain = Promise.resolve();
  for (var t = 0; t < times; t++) calls[f].forEach(function (spec) { chain = chain.then(function () { return once(handlers[f], spec, failures); }); });
  return chain;
}
var chain = Promise.resolve();
handlers.forEach(function (_, f) { chain = chain.then(function () { return pass(f, 1, out.failures[f]); }); });
for (var r = 0; r < ${rounds}; r++) {
  handlers.forEach(function (_, k) {
    var f = r % 2 ? handlers.length - 1 - k : k;
    var started = 0;
    var cpuStarted = 0;
    chain = chain
      .then(function () { cpuStarted = cpu(); started = Date.now(); return pass(f, ${repeats}, null); })
      .then(function () { out.roundMs[f].push(Date.now() - started); var used = cpu() - cpuStarted; if (used === used) out.roundCpuMs[f].push(used / 1e6); });
  });
}
chain.then(function () { print('${MARKER}' + JSON.stringify(out)); });
`;
}
