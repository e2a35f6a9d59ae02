/**
 * Runs one invocation in a fresh `node:vm` context (see `./context-pool.ts`). The
 * context holds only the ES built-ins runtime 2.0 lists plus what the prelude
 * scripts in `./sandbox/` build inside it (console, require and the runtime's
 * modules, Buffer, ...); host and context talk through `./bridge.ts`.
 *
 * Compute: the function's top-level code, the call to `handler` (queued as a
 * microtask before the code runs) and everything the handler awaits run in one
 * `runInContext` under the budget: microtasks run in the context's own queue right
 * after the code (`microtaskMode: 'afterEvaluate'`), and KVS reads resolve at once.
 * One run means one watchdog thread, the largest fixed cost of a run after the
 * context itself.
 *
 * Memory: the prelude's guard (`sandbox/memory.js`) refuses allocations past the
 * runtime's 2 MB and reports them; such a run fails even if the function caught
 * the error, as CloudFront stops a function that runs out of memory.
 */
import { types } from 'node:util';
import type vm from 'node:vm';
import { HOOK, takeContext } from './context-pool.js';
import type { InvocationPorts } from './bridge.js';
import type { ContextSlot, Lease } from './warm-context.js';

/**
 * The local stand-in for CloudFront's unpublished compute limit: generous, so only
 * a function that loops or grinds trips it.
 */
export const LOCAL_COMPUTE_BUDGET_MS = 100;

/**
 * What one run needs: the compiled function, its event and the host's side of the
 * bridge. The function comes as the slot of its warm context (`./warm-context.ts`),
 * or as a script run at the top level of a fresh context (what step counting uses).
 */
export type SandboxRun = InvocationPorts & {
  readonly budgetMs: number;
  /**
   * Whether someone else enforces the budget: an invocation thread, which its host
   * stops from outside (`./threads/`). The run then has no watchdog of its own, a
   * thread per run that costs more than a warm invocation itself.
   */
  readonly supervised?: boolean;
  /**
   * Told when the function's code starts and when it has ended, so a supervisor
   * charges the budget for that span only, as the run's own watchdog does: making
   * the context before and auditing it after are the runtime's work, not the function's.
   */
  readonly marks?: RunMarks;
  /**
   * Takes the hand-back of the warm context (its audit) instead of the run doing it
   * before it returns, so a supervisor can send the outcome first and audit after:
   * the audit decides only whether the context serves again, never the outcome.
   * Whoever takes it must call it before the slot's next run.
   */
  readonly releaseLater?: (release: () => void) => void;
} & ({ readonly slot: ContextSlot } | { readonly script: vm.Script });

/** See `SandboxRun.marks`. */
export interface RunMarks {
  codeStarted(): void;
  codeEnded(): void;
}

/** How a run ended, before its result is checked against CloudFront's rules. */
export type SandboxOutcome =
  /** `json`: the result as JSON; `undefined` for no result, `null` when it cannot be serialized. */
  | { kind: 'returned'; json: string | undefined | null }
  | { kind: 'threw'; message: string }
  | { kind: 'timeout' }
  /** The handler's promise neither resolved nor rejected. */
  | { kind: 'unsettled' }
  /** The function asked for more memory than the runtime allows; `message` says what. */
  | { kind: 'memory'; message: string };

/**
 * How much longer a run may take when its first try was starved: stopped by the
 * wall-clock budget after using less than half of it on the CPU, because the
 * machine was busy elsewhere, not because the function was slow.
 */
const STARVED_RETRY_FACTOR = 10;

/** Runs the function once. Never throws for anything the function does. */
export function runInSandbox(run: SandboxRun): SandboxOutcome {
  if (run.supervised) return attempt(run, undefined).commit();
  const first = attempt(run, run.budgetMs);
  if (first.outcome.kind === 'timeout' && first.cpuMs < run.budgetMs / 2) {
    // A context with no state (a timed-out one is never reused): running again repeats nothing the viewer could see.
    return attempt(run, run.budgetMs * STARVED_RETRY_FACTOR).commit();
  }
  return first.commit();
}

/** One try: its outcome, the CPU time it used, and `commit`, which hands its calls to the run's callbacks. */
interface Attempt {
  readonly outcome: SandboxOutcome;
  readonly cpuMs: number;
  commit(): SandboxOutcome;
}

/** `budgetMs`: the run's watchdog; `undefined` for none (a supervised run). */
function attempt(run: SandboxRun, budgetMs: number | undefined): Attempt {
  let outcome: SandboxOutcome | undefined;
  let memory: string | undefined;
  // Calls are held until the try is kept, so a retried run does not log twice.
  const calls: Array<() => void> = [];
  const lease: Lease | undefined = 'slot' in run ? run.slot.take() : undefined;
  const prepared = lease?.prepared ?? takeContext();
  // Named one by one, not spread: a spread of `run` built an object of a new shape per run.
  prepared.bind({
    filename: run.filename,
    eventJson: run.eventJson,
    rawQuery: run.rawQuery,
    eventType: run.eventType,
    kvs: run.kvs,
    kvsId: run.kvsId,
    log: (line) => calls.push(() => run.log(line)),
    updateOrigin: (json) => calls.push(() => run.updateOrigin(json)),
    selectOrigin: run.selectOrigin && ((json) => calls.push(() => run.selectOrigin?.(json))),
    createOriginGroup: run.createOriginGroup && ((json) => calls.push(() => run.createOriginGroup?.(json))),
    settle: (kind, payload) => {
      outcome = kind === 'ok' ? { kind: 'returned', json: payload } : { kind: 'threw', message: payload ?? 'Uncaught exception' };
    },
    memoryExceeded: (description) => {
      memory ??= description;
    },
  });
  const { context, internal } = prepared;

  // Only a watched run needs its CPU time (to tell a starved run from a slow one).
  const cpuBefore = budgetMs === undefined ? undefined : process.cpuUsage();
  const started = performance.now();
  run.marks?.codeStarted();
  const limit = (): vm.RunningScriptOptions => (budgetMs === undefined ? {} : { timeout: Math.max(1, Math.ceil(budgetMs - (performance.now() - started))) });
  const runHook = (): SandboxOutcome | undefined => {
    try {
      HOOK.runInContext(context, limit());
    } catch (error) {
      return isTimeout(error) ? { kind: 'timeout' } : { kind: 'threw', message: 'The function broke the runtime' };
    }
    return undefined;
  };
  const ended = (result: SandboxOutcome | undefined, otherwise: SandboxOutcome): Attempt => {
    run.marks?.codeEnded();
    const final: SandboxOutcome = memory !== undefined ? { kind: 'memory', message: memory } : (result ?? outcome ?? otherwise);
    const cpu = cpuBefore === undefined ? { user: 0, system: 0 } : process.cpuUsage(cpuBefore);
    if (lease && 'slot' in run) {
      const slot = run.slot;
      const release = () => slot.release(lease, final.kind === 'returned');
      if (run.releaseLater) run.releaseLater(release);
      else release();
    }
    return {
      outcome: final,
      cpuMs: (cpu.user + cpu.system) / 1000,
      commit: () => {
        for (const call of calls) call();
        return final;
      },
    };
  };

  if (lease) {
    // The function's code, its microtasks and the call of handler: one run.
    internal.main = lease.main;
    internal.action = 'main';
    return ended(runHook(), { kind: 'unsettled' });
  }

  // The call of handler is queued to run right after the top-level code, in the same run.
  internal.action = 'invoke';
  (internal.arm as () => void)();
  try {
    (run as { script: vm.Script }).script.runInContext(context, limit());
  } catch (error) {
    if (memory !== undefined || isTimeout(error)) return ended({ kind: 'timeout' }, { kind: 'timeout' });
    // Describing the error runs its getters: do it in the context, under the budget.
    internal.thrown = error;
    internal.action = 'describe';
    return ended(runHook(), { kind: 'threw', message: 'Uncaught exception' });
  }
  return ended(undefined, { kind: 'unsettled' });
}

/**
 * vm's timeout error (created in the context's realm). Read through a property
 * descriptor: a getter the function put on an error it threw must not run here,
 * outside the budget.
 */
function isTimeout(error: unknown): boolean {
  if (!types.isNativeError(error)) return false;
  return Object.getOwnPropertyDescriptor(error, 'code')?.value === 'ERR_SCRIPT_EXECUTION_TIMEOUT';
}

