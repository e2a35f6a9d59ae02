/**
 * Starts one invocation thread. Compiled, the thread's module is the `.js` next
 * to this one. In a checkout run from the TypeScript sources (tsx, Vitest), the
 * thread's modules are bundled once per process with esbuild (a dependency
 * already) and the thread runs the bundle: no TypeScript loader per thread, so a
 * thread starts in a fraction of the time and memory.
 */
import { createRequire } from 'node:module';
import type * as Esbuild from 'esbuild';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

const FROM_SOURCES = import.meta.url.endsWith('.ts');

/**
 * The young generation of a thread's heap, in MB. An invocation's objects die with it,
 * so a small one is collected often and cheaply; V8's default (grown under load to
 * tens of MB per thread) only holds garbage longer, as resident memory.
 */
const THREAD_YOUNG_GENERATION_MB = 8;

let bundled: string | undefined;

/** The thread's modules as one CommonJS script, made on first use. */
function bundle(): string {
  if (bundled !== undefined) return bundled;
  const esbuild = createRequire(import.meta.url)('esbuild') as typeof Esbuild;
  const result = esbuild.buildSync({
    entryPoints: [fileURLToPath(new URL('./invocation-worker.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    logLevel: 'silent',
    // The one module of the thread that reads files next to itself (`../context-pool.ts`: the
    // in-context scripts of `../sandbox/`): its own location, which a bundle would lose.
    define: { 'import.meta.url': JSON.stringify(new URL('../context-pool.ts', import.meta.url).href) },
  });
  bundled = result.outputFiles[0]?.text ?? '';
  return bundled;
}

/** A new thread running `./invocation-worker`, sharing `shared` with the host. */
export function startThread(shared: SharedArrayBuffer): Worker {
  const options = { workerData: { shared }, stdout: false, stderr: false, resourceLimits: { maxYoungGenerationSizeMb: THREAD_YOUNG_GENERATION_MB } };
  if (!FROM_SOURCES) return new Worker(new URL('./invocation-worker.js', import.meta.url), options);
  return new Worker(bundle(), { ...options, eval: true });
}
