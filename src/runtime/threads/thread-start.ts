/**
 * Starts one invocation thread, on `./invocation-worker` (compiled, or bundled
 * from the sources: `../../thread-module.ts`).
 */
import type { Worker } from 'node:worker_threads';
import { startModuleThread } from '../../thread-module.js';

/**
 * The young generation of a thread's heap, in MB. An invocation's objects die with it,
 * so a small one is collected often and cheaply; V8's default (grown under load to
 * tens of MB per thread) only holds garbage longer, as resident memory.
 */
const THREAD_YOUNG_GENERATION_MB = 4;

/** A new thread running `./invocation-worker`, sharing `shared` with the host. */
export function startThread(shared: SharedArrayBuffer): Worker {
  return startModuleThread(new URL('./invocation-worker.js', import.meta.url), {
    workerData: { shared },
    youngGenerationMb: THREAD_YOUNG_GENERATION_MB,
    // The one module of the thread that reads files next to itself (`../context-pool.ts`: the
    // in-context scripts of `../sandbox/`): its own location, which a bundle would lose.
    importMetaUrl: new URL('../context-pool.ts', import.meta.url),
  });
}
