/**
 * The demo APIs in a worker thread of their own: their HTTP servers, parsing and
 * response writes leave the thread that starts them (`cellfront dev`'s main
 * thread, which runs the edge). Each API answers exactly as `startDemoApi`'s.
 */
import type { Worker } from 'node:worker_threads';
import { startModuleThread } from '../thread-module.js';
import { DEMO_STAGE, type DemoApi, type DemoApiOptions } from './demo-api.js';
import { errorFrom, type CloseMessage, type DemoApiSpec, type DemoThreadData, type DemoThreadMessage } from './demo-thread-protocol.js';

/**
 * The young generation of the thread's heap, in MB: a request's objects die with
 * it, so a small one is collected often and cheaply, and the thread stays small.
 */
const DEMO_THREAD_YOUNG_GENERATION_MB = 4;
/** A thread that stops this many times within `DEMO_THREAD_RESTART_WINDOW_MS` is not started again. */
export const DEMO_THREAD_MAX_RESTARTS = 3;
const DEMO_THREAD_RESTART_WINDOW_MS = 60_000;

export interface DemoApiThreadOptions {
  /** The APIs, started in this order (`host` defaults to 127.0.0.1, `port` to 0: a free one). */
  readonly apis: readonly DemoApiOptions[];
  /**
   * Told when the thread stops without being asked (an uncaught error, out of
   * memory), and whether it starts again on the same ports.
   * @default - not told
   */
  readonly log?: (line: string) => void;
}

/** Demo APIs running in one worker thread. */
export interface DemoApiThread {
  /** The APIs, in the order asked; each one's `close()` closes that one. */
  readonly apis: readonly DemoApi[];
  /**
   * The thread running the APIs now (another one after a stop), for diagnostics:
   * its `threadId`, its resource use, or `terminate()` to see a stop handled.
   */
  readonly thread: Worker;
  /** Closes every API and ends the thread. */
  close(): Promise<void>;
}

/** Why a thread stopped before it listened, when it said nothing. */
export class DemoThreadError extends Error {
  readonly code = 'DEMO_THREAD_STOPPED';
  constructor(why: string) {
    super(`the demo APIs' thread stopped before its APIs listened: ${why}`);
    this.name = 'DemoThreadError';
  }
}

interface Running {
  readonly worker: Worker;
  /** Set once the thread has been asked to end, or ended. */
  ending: boolean;
}

/**
 * Starts the demo APIs in one worker thread and resolves once all of them
 * listen. A port that cannot be had rejects with the error `startDemoApi` would
 * have thrown in-process (its `code`, e.g. EADDRINUSE, and message), the APIs
 * started before it closed and the thread ended. A thread that stops on its own
 * later is said through `log` and started again on the same ports, up to
 * `DEMO_THREAD_MAX_RESTARTS` times a minute; then the APIs stay down and say so.
 * The thread keeps the process alive while an API is open, as a server would.
 *
 * @example
 * const demo = await startDemoApiThread({ apis: [{ index: 1 }, { index: 2 }] });
 * await fetch(demo.apis[1].stageUrl); // {"message": "Hello from API 2"}
 * await demo.close();
 */
export async function startDemoApiThread(options: DemoApiThreadOptions): Promise<DemoApiThread> {
  const log = options.log ?? (() => undefined);
  let specs: DemoApiSpec[] = options.apis.map((api) => ({ index: api.index, host: api.host ?? '127.0.0.1', port: api.port ?? 0 }));
  const open = new Set(specs.map((spec) => spec.index));
  const pending = new Map<number, () => void>();
  const stops: number[] = [];
  let nextId = 1;
  let closing = false;
  /** The thread that runs the APIs (the first one, or the one started after it stopped). */
  let current: Running;
  /** Set while a thread starts again after a stop. */
  let restarting: Promise<void> | undefined;

  const onStop = (running: Running, why: string) => {
    running.ending = true;
    for (const done of pending.values()) done();
    pending.clear();
    if (closing || open.size === 0) return;
    const now = Date.now();
    stops.push(now);
    while ((stops[0] ?? now) < now - DEMO_THREAD_RESTART_WINDOW_MS) stops.shift();
    if (stops.length > DEMO_THREAD_MAX_RESTARTS) {
      log(`demo APIs: their thread stopped (${why}) ${stops.length} times within a minute; they stay down until restarted`);
      return;
    }
    log(`demo APIs: their thread stopped (${why}); starting it again on the same ports`);
    restarting = launch(specs.filter((spec) => open.has(spec.index))).then(
      (next) => {
        current = next.running;
      },
      (error: Error) => log(`demo APIs: their thread could not start again (${error.message}); they stay down until restarted`),
    );
  };

  const launch = (wanted: readonly DemoApiSpec[]) =>
    new Promise<{ running: Running; listening: Extract<DemoThreadMessage, { type: 'listening' }> }>((resolve, reject) => {
      const worker = startModuleThread(new URL('./demo-api-worker.js', import.meta.url), {
        workerData: { apis: wanted } satisfies DemoThreadData,
        youngGenerationMb: DEMO_THREAD_YOUNG_GENERATION_MB,
      });
      let failure: string | undefined;
      let started = false;
      const running: Running = { worker, ending: false };
      worker.on('error', (error: Error) => (failure = error.message));
      worker.on('message', (message: DemoThreadMessage) => {
        if (message.type === 'listening') {
          started = true;
          resolve({ running, listening: message });
        } else if (message.type === 'failed') {
          running.ending = true;
          reject(errorFrom(message.error));
        } else pending.get(message.id)?.();
      });
      worker.once('exit', (code) => {
        const why = failure ?? `exit code ${code}`;
        if (started) return onStop(running, why);
        running.ending = true;
        reject(new DemoThreadError(why));
      });
    });

  const first = await launch(specs);
  current = first.running;
  // Port 0 asked for a free port: a thread started again takes the one it got.
  specs = specs.map((spec) => ({ ...spec, port: first.listening.apis.find((api) => api.index === spec.index)?.port ?? spec.port }));

  const closeIndexes = async (indexes: readonly number[]) => {
    for (const index of indexes) open.delete(index);
    // A thread starting again after a stop: its APIs are closed once it listens.
    await restarting;
    const running = current;
    if (running.ending) return;
    await new Promise<void>((done) => {
      const id = nextId++;
      pending.set(id, () => (pending.delete(id), done()));
      running.worker.postMessage({ type: 'close', id, indexes } satisfies CloseMessage);
    });
  };

  const apis = first.listening.apis.map(
    (api): DemoApi => ({
      host: api.host,
      port: api.port,
      url: api.url,
      stageUrl: `${api.url}/${DEMO_STAGE}/`,
      close: async () => {
        if (!open.has(api.index)) return;
        await closeIndexes([api.index]);
        if (open.size === 0) await endThread();
      },
    }),
  );

  // The APIs are closed by now; the thread ends with them, or is ended here.
  const endThread = async () => {
    closing = true;
    await restarting;
    current.ending = true;
    await current.worker.terminate();
  };

  return {
    apis,
    get thread() {
      return current.worker;
    },
    close: async () => {
      if (closing) return endThread();
      await closeIndexes([...open]);
      await endThread();
    },
  };
}
