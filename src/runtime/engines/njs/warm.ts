/**
 * Warm njs processes for one function version. Each process loads the runtime's
 * scripts and the function's code once, then serves invocations one after another
 * over the line protocol (`host-module.js`, `serve`): each invocation runs the
 * function's code in a fresh scope, and a process whose invocation changed what
 * invocations share (a built-in, a global) is retired, so every invocation starts
 * as in a fresh VM (`./isolation.ts`). A process is also retired when njs's
 * memory (it has no garbage collector) passes a limit, when it is killed for its
 * budget, and after a spell of idleness.
 *
 * The compute budget starts when an invocation is handed to an idle process and
 * counts that process's CPU time (`./cpu.ts`): starting njs and waiting for a free
 * process or for a core on a busy machine are not the function's work.
 *
 * Protocol, one JSON object per line. njs → host on fd 3: `{"idle":1}` (ready for
 * an invocation), `{"c": name, "a": [args]}` (a bridge call, answered by one line
 * on stdin), `{"done":1,"dirty":bool,"bytes":n}` (the invocation ended: its job
 * queue is empty). Host → njs on stdin: `{"run": constants}` and bridge answers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { SandboxOutcome } from '../../sandbox.js';
import { EngineError } from '../types.js';
import { renameFile, type NjsBridge } from './bridge.js';
import { readLines } from './lines.js';
import { cpuMillis } from './cpu.js';
import { HOST_MODULE_NAME, MAIN_FILE_NAME } from './module-text.js';

/** How long a new njs process may take to load the function before the engine is declared broken. */
export const NJS_WARM_START_LIMIT_MS = 10_000;
/** njs keeps every allocation until it exits: a process past this is replaced after its invocation. */
export const NJS_RECYCLE_BYTES = 48 * 1024 * 1024;
/** An idle process is stopped after this long. */
export const NJS_IDLE_MS = 15_000;
/**
 * An invocation still running after this many budgets of wall-clock time is
 * stopped even if its process got less CPU than one budget: generous, so that a
 * process starved by a very busy machine is not a false timeout.
 */
const WALL_BUDGETS = 100;
const STDERR_LIMIT = 16_384;

/** The two files a warm process runs. */
export interface WarmFiles {
  readonly binary: string;
  readonly hostText: string;
  readonly mainText: string;
  readonly filename: string;
}

/** One invocation for the pool. */
export interface WarmRun {
  readonly bridge: NjsBridge;
  readonly budgetMs: number;
}

/** The processes of one function version, and the invocations waiting for one. */
export class NjsPool {
  readonly #files: WarmFiles;
  readonly #size: number;
  readonly #workers = new Set<NjsWorker>();
  readonly #waiting: Array<{ run: WarmRun; resolve: (o: SandboxOutcome) => void; reject: (e: unknown) => void }> = [];

  constructor(files: WarmFiles, size = defaultPoolSize()) {
    this.#files = files;
    this.#size = Math.max(1, size);
  }

  /** Runs one invocation on a free process, starting one if the pool has room. */
  invoke(run: WarmRun): Promise<SandboxOutcome> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ run, resolve, reject });
      this.#dispatch();
    });
  }

  /** Stops every process. */
  close(): void {
    for (const worker of this.#workers) worker.stop();
    this.#workers.clear();
  }

  #dispatch(): void {
    while (this.#waiting.length > 0) {
      const idle = [...this.#workers].find((w) => w.state === 'idle');
      if (idle) {
        const next = this.#waiting.shift();
        if (!next) return;
        idle.run(next.run).then(next.resolve, next.reject);
        continue;
      }
      if ([...this.#workers].filter((w) => w.state !== 'dead').length >= this.#size) return;
      if ([...this.#workers].some((w) => w.state === 'starting')) return;
      this.#startWorker();
      return;
    }
  }

  #startWorker(): void {
    const worker = new NjsWorker(this.#files, () => this.#dispatch(), (gone) => {
      this.#workers.delete(gone);
      this.#dispatch();
    });
    this.#workers.add(worker);
    worker.start().catch((error: unknown) => {
      // The function cannot even load (njs refuses its syntax, say): each waiting
      // invocation is told, as a fresh process per invocation would tell it.
      this.#workers.delete(worker);
      const waiting = this.#waiting.splice(0);
      for (const one of waiting) {
        if (error instanceof LoadFailure) one.resolve({ kind: 'threw', message: error.message });
        else one.reject(error);
      }
    });
  }
}

/** The process exited before it was ready, with this error of the function's. */
class LoadFailure extends Error {}

interface Current {
  readonly bridge: NjsBridge;
  readonly budgetMs: number;
  readonly startedAt: number;
  readonly cpuAtStart: number | undefined;
  readonly resolve: (outcome: SandboxOutcome) => void;
  readonly reject: (error: unknown) => void;
  timer?: NodeJS.Timeout;
}

class NjsWorker {
  state: 'starting' | 'idle' | 'busy' | 'dead' = 'starting';
  readonly #files: WarmFiles;
  readonly #ready: () => void;
  readonly #gone: (worker: NjsWorker) => void;
  #child: ChildProcess | undefined;
  #input: Writable | undefined;
  #stderr = '';
  #current: Current | undefined;
  #idleTimer: NodeJS.Timeout | undefined;

  constructor(files: WarmFiles, ready: () => void, gone: (worker: NjsWorker) => void) {
    this.#files = files;
    this.#ready = ready;
    this.#gone = gone;
  }

  async start(): Promise<void> {
    const dir = await mkdtemp(join(tmpdir(), 'cellfront-njs-'));
    try {
      await writeFile(join(dir, HOST_MODULE_NAME), this.#files.hostText, 'utf8');
      await writeFile(join(dir, MAIN_FILE_NAME), this.#files.mainText, 'utf8');
      await this.#spawn(dir);
    } finally {
      // njs has read both files by the time it is ready (or gone).
      await rm(dir, { recursive: true, force: true });
    }
  }

  #spawn(dir: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.#files.binary, ['-p', dir, MAIN_FILE_NAME], { cwd: dir, stdio: ['pipe', 'ignore', 'pipe', 'pipe'] });
      this.#child = child;
      const [input, , errors, requests] = child.stdio as unknown as [Writable, null, Readable, Readable];
      this.#input = input;
      const startLimit = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new EngineError('EngineFailed', `njs did not load the function within ${NJS_WARM_START_LIMIT_MS} ms`));
      }, NJS_WARM_START_LIMIT_MS);
      input.on('error', () => undefined);
      errors.setEncoding('utf8');
      errors.on('data', (text: string) => {
        if (this.#stderr.length < STDERR_LIMIT) this.#stderr += text;
      });
      readLines(requests, (line) => {
        let message: { idle?: 1; done?: 1; dirty?: boolean; bytes?: number; c?: string; a?: Array<{ u?: 1; v?: unknown }> };
        try {
          message = JSON.parse(line) as typeof message;
        } catch {
          return this.#fail(new EngineError('EngineFailed', `njs sent a line the bridge cannot read: ${line.slice(0, 200)}`));
        }
        if (message.idle) {
          clearTimeout(startLimit);
          this.#becomeIdle();
          resolve();
          this.#ready();
          return;
        }
        if (message.done) return this.#finish(message.dirty === true || (message.bytes ?? 0) > NJS_RECYCLE_BYTES);
        const current = this.#current;
        const call = message.c === undefined || !current ? undefined : current.bridge.functions[message.c];
        const args = (message.a ?? []).map((arg) => (arg.u ? undefined : arg.v));
        const result = call ? call(...args) : undefined;
        input.write(`${JSON.stringify(result === undefined ? { u: 1 } : { v: result })}\n`);
      });
      child.on('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(startLimit);
        const code = error.code === 'ENOENT' || error.code === 'EACCES' ? 'EngineUnavailable' : 'EngineFailed';
        const failure = new EngineError(code, `njs could not be started (${this.#files.binary}): ${error.message}`);
        if (this.state === 'starting') reject(failure);
        this.#fail(failure);
      });
      child.on('close', (exitCode, signal) => {
        clearTimeout(startLimit);
        const wasStarting = this.state === 'starting';
        this.#dead();
        // njs prints an error it could not hand to the function as "Thrown:\n<error>".
        const thrown = /(?:^|\n)Thrown:\n([^\n]+)/.exec(this.#stderr)?.[1];
        if (wasStarting) {
          if (thrown !== undefined && signal === null) reject(new LoadFailure(renameFile(thrown, this.#files.filename)));
          else reject(new EngineError('EngineFailed', `njs ${signal ? `was killed by ${signal}` : `exited with code ${String(exitCode)}`} while loading the function${this.#stderr ? `: ${this.#stderr.trim().slice(0, 500)}` : ''}`));
          return;
        }
        const current = this.#current;
        if (!current) return;
        this.#current = undefined;
        if (current.timer) clearTimeout(current.timer);
        const outcome = current.bridge.outcome();
        if (outcome) return current.resolve(outcome);
        if (thrown !== undefined && signal === null) return current.resolve({ kind: 'threw', message: renameFile(thrown, this.#files.filename) });
        if (exitCode === 0) return current.resolve({ kind: 'unsettled' });
        const why = signal ? `was killed by ${signal}` : `exited with code ${String(exitCode)}`;
        current.reject(new EngineError('EngineFailed', `njs ${why}${this.#stderr ? `: ${this.#stderr.trim().slice(0, 500)}` : ''}`));
      });
    });
  }

  /** Hands one invocation to this (idle) process. */
  run(run: WarmRun): Promise<SandboxOutcome> {
    return new Promise((resolve, reject) => {
      if (this.state !== 'idle' || !this.#input || !this.#child) {
        reject(new EngineError('EngineFailed', 'njs process is not ready'));
        return;
      }
      this.state = 'busy';
      if (this.#idleTimer) clearTimeout(this.#idleTimer);
      this.#ref(true);
      const current: Current = { bridge: run.bridge, budgetMs: run.budgetMs, startedAt: Date.now(), cpuAtStart: cpuMillis(this.#child.pid), resolve, reject };
      this.#current = current;
      this.#input.write(`${JSON.stringify({ run: run.bridge.host.constants })}\n`);
      this.#armBudget(current, run.budgetMs);
    });
  }

  stop(): void {
    this.#child?.kill('SIGKILL');
  }

  /** Checks the budget when it could be spent: by CPU time where /proc tells it, else by the clock. */
  #armBudget(current: Current, waitMs: number): void {
    current.timer = setTimeout(() => {
      if (this.#current !== current) return;
      const wall = Date.now() - current.startedAt;
      const cpuNow = cpuMillis(this.#child?.pid);
      const used = current.cpuAtStart === undefined || cpuNow === undefined ? wall : cpuNow - current.cpuAtStart;
      if (used < current.budgetMs && wall < current.budgetMs * WALL_BUDGETS) {
        this.#armBudget(current, Math.max(current.budgetMs - used, 5));
        return;
      }
      this.#current = undefined;
      current.resolve({ kind: 'timeout' });
      this.stop();
    }, waitMs);
  }

  #finish(retire: boolean): void {
    const current = this.#current;
    this.#current = undefined;
    if (current) {
      if (current.timer) clearTimeout(current.timer);
      current.resolve(current.bridge.outcome() ?? { kind: 'unsettled' });
    }
    if (retire) {
      this.stop();
      return;
    }
    this.#becomeIdle();
    this.#ready();
  }

  #becomeIdle(): void {
    this.state = 'idle';
    this.#ref(false);
    this.#idleTimer = setTimeout(() => this.stop(), NJS_IDLE_MS);
    this.#idleTimer.unref();
  }

  /** An idle process must not keep the host alive. */
  #ref(on: boolean): void {
    const child = this.#child;
    if (!child) return;
    for (const stream of child.stdio) {
      const handle = stream as unknown as { ref?: () => void; unref?: () => void } | null;
      if (on) handle?.ref?.();
      else handle?.unref?.();
    }
    if (on) child.ref();
    else child.unref();
  }

  #fail(error: unknown): void {
    const current = this.#current;
    this.#current = undefined;
    if (current) {
      if (current.timer) clearTimeout(current.timer);
      current.reject(error);
    }
    this.stop();
  }

  #dead(): void {
    if (this.state === 'dead') return;
    this.state = 'dead';
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    this.#gone(this);
  }
}

/** One process per core, at least two (one can start while the other serves), at most four. */
function defaultPoolSize(): number {
  return Math.min(4, Math.max(2, availableParallelism()));
}
