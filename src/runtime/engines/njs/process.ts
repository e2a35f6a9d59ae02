/**
 * One njs run in a child process, and the host side of its line protocol.
 *
 * The child writes one JSON object per line on fd 3: `{"ready":true}` just before
 * the function's code starts, then `{"c": name, "a": [args]}` for each bridge call,
 * each answered by one line on its stdin. njs has no timeout of its own: the
 * compute budget starts at `ready`, and a child still running when it is spent is
 * killed, which is the run's `timeout`. A run ends when the child exits (njs exits
 * once its job queue is empty), so work the function queued after its result is
 * seen, as under the vm engine.
 */
import { spawn } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import type { SandboxOutcome } from '../../sandbox.js';
import { EngineError } from '../types.js';
import { renameFile, type NjsBridge } from './bridge.js';
import { readLines } from './lines.js';
import { withNjsFiles } from './files.js';
import { HOST_MODULE_NAME, MAIN_FILE_NAME } from './module-text.js';

/** How long njs may take to reach the function's code before the engine is declared broken. */
export const NJS_START_LIMIT_MS = 10_000;
const STDERR_LIMIT = 16_384;

/** One run: the njs binary, the two files' text, the bridge and the compute budget. */
export interface NjsProcessRun {
  readonly binary: string;
  readonly hostText: string;
  readonly mainText: string;
  readonly bridge: NjsBridge;
  readonly budgetMs: number;
  readonly filename: string;
}

/**
 * Runs the function once in a fresh njs process.
 *
 * @throws EngineError when njs cannot be started or dies of something no function causes.
 */
export function runNjsProcess(run: NjsProcessRun): Promise<SandboxOutcome> {
  return withNjsFiles({ [HOST_MODULE_NAME]: run.hostText, [MAIN_FILE_NAME]: run.mainText }, (dir) => supervise(run, dir));
}

function supervise(run: NjsProcessRun, dir: string): Promise<SandboxOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(run.binary, ['-p', dir, MAIN_FILE_NAME], { cwd: dir, stdio: ['pipe', 'ignore', 'pipe', 'pipe'] });
    const [input, , errors, requests] = child.stdio as unknown as [Writable, null, Readable, Readable];
    let stderr = '';
    let timedOut = false;
    let budget: NodeJS.Timeout | undefined;
    const startLimit = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new EngineError('EngineFailed', `njs did not reach the function's code within ${NJS_START_LIMIT_MS} ms`));
    }, NJS_START_LIMIT_MS);
    const stopTimers = () => {
      clearTimeout(startLimit);
      if (budget) clearTimeout(budget);
    };

    input.on('error', () => undefined); // the child may exit before reading a reply
    errors.setEncoding('utf8');
    errors.on('data', (text: string) => {
      if (stderr.length < STDERR_LIMIT) stderr += text;
    });
    readLines(requests, (line) => {
      let message: { ready?: true; c?: string; a?: Array<{ u?: 1; v?: unknown }> };
      try {
        message = JSON.parse(line) as typeof message;
      } catch {
        child.kill('SIGKILL');
        return reject(new EngineError('EngineFailed', `njs sent a line the bridge cannot read: ${line.slice(0, 200)}`));
      }
      if (message.ready) {
        clearTimeout(startLimit);
        budget = setTimeout(() => {
          timedOut = true;
          child.kill('SIGKILL');
        }, run.budgetMs);
        return;
      }
      const call = message.c === undefined ? undefined : run.bridge.functions[message.c];
      const args = (message.a ?? []).map((arg) => (arg.u ? undefined : arg.v));
      const result = call ? call(...args) : undefined;
      input.write(`${JSON.stringify(result === undefined ? { u: 1 } : { v: result })}\n`);
    });

    child.on('error', (error: NodeJS.ErrnoException) => {
      stopTimers();
      const code = error.code === 'ENOENT' || error.code === 'EACCES' ? 'EngineUnavailable' : 'EngineFailed';
      reject(new EngineError(code, `njs could not be started (${run.binary}): ${error.message}`));
    });
    child.on('close', (exitCode, signal) => {
      stopTimers();
      if (timedOut) return resolve({ kind: 'timeout' });
      const outcome = run.bridge.outcome();
      if (outcome) return resolve(outcome);
      if (exitCode === 0) return resolve({ kind: 'unsettled' });
      // njs prints an error it could not hand to the function as "Thrown:\n<error>":
      // a syntax error in the function (njs refuses more than acorn does), or one
      // thrown where nothing catches it.
      const thrown = /(?:^|\n)Thrown:\n([^\n]+)/.exec(stderr)?.[1];
      if (thrown !== undefined && signal === null) return resolve({ kind: 'threw', message: renameFile(thrown, run.filename) });
      const why = signal ? `was killed by ${signal}` : `exited with code ${String(exitCode)}`;
      reject(new EngineError('EngineFailed', `njs ${why}${stderr ? `: ${stderr.trim().slice(0, 500)}` : ''}`));
    });
  });
}
