/**
 * Starts one invocation thread. Compiled, the thread's module is the `.js` next
 * to this one; in a checkout run from the TypeScript sources (tsx, Vitest), the
 * thread registers tsx first, as `bin/cellfront.js` does for the main thread.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

const FROM_SOURCES = import.meta.url.endsWith('.ts');

/** A new thread running `./invocation-worker`, sharing `shared` with the host. */
export function startThread(shared: SharedArrayBuffer): Worker {
  const options = { workerData: { shared }, stdout: false, stderr: false };
  if (!FROM_SOURCES) return new Worker(new URL('./invocation-worker.js', import.meta.url), options);
  // tsx's ESM entry (its `require` condition resolves to the CommonJS build).
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href.replace(/\.cjs$/, '.mjs');
  const entry = new URL('./invocation-worker.ts', import.meta.url).href;
  return new Worker(`import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`, { ...options, eval: true });
}
