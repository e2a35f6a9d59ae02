/**
 * One loaded function's warm context: the vm engine keeps a context per function
 * and runs invocation after invocation in it, as long as none of them changes
 * anything the next could observe. The function's code is compiled as a function
 * (`wrapFunctionCode`) whose call runs the top-level code in a scope of its own
 * and returns `handler`, so what the code declares (imports, `const`, `let`,
 * `var`, functions, closures) is made anew by each invocation, as on the njs
 * engine. What the code can reach besides its own scope (the global object, the
 * built-ins, the runtime's modules) is audited after each invocation
 * (`sandbox/audit.js`): on any difference, or when the invocation did not end by
 * returning (a throw, a timeout, the memory limit, a promise left pending), the
 * context is dropped and the next invocation gets a fresh one from the pool.
 */
import vm from 'node:vm';
import { takeContext, type PreparedContext } from './context-pool.js';
import type { PreparedSource } from './source.js';
import { STRICT_PREFIX } from './strict-prefix.js';
import { compileValueReads, type ValueRead } from './value-reads.js';

import type { ContextMode } from './context-mode.js';

const WRAP_HEAD = '(function () {';
const WRAP_TAIL = "\n;return typeof handler === 'function' ? handler : undefined;})";

/**
 * Compiles prepared code as a function expression: its top level becomes the
 * function's body. Columns and lines in stack traces stay the file's own.
 * Returns `undefined` for code that compiles as a script and not as a function
 * body (none is known; such code runs in a fresh context each time).
 */
export function wrapFunctionCode(prepared: PreparedSource): vm.Script | undefined {
  try {
    return new vm.Script(WRAP_HEAD + prepared.code + WRAP_TAIL, {
      filename: prepared.filename,
      columnOffset: -(WRAP_HEAD.length + STRICT_PREFIX.length),
    });
  } catch {
    return undefined;
  }
}

/**
 * Whether the function's code may delete a property: whether it holds the `delete`
 * operator (read off the text, so a word in a string or a comment counts too). Code
 * that cannot delete gets a lighter audit (`sandbox/audit.js`).
 */
export function codeMayDelete(prepared: PreparedSource): boolean {
  return /\bdelete\b/.test(prepared.code);
}

/**
 * Done once per context, when it is first kept: a context dropped after each
 * invocation never pays for the compile.
 */
function compileValueReadsOf(prepared: PreparedContext): void {
  const reads = (prepared.internal.valueReads as () => readonly ValueRead[])();
  (prepared.internal.useValueReads as (compiled: () => boolean) => void)(compileValueReads(prepared.context, reads));
}

/** A context ready for one invocation of a function, and its compiled code there. */
export interface Lease {
  readonly prepared: PreparedContext;
  /** The function's code in this context (`internal.main`). */
  readonly main: unknown;
  /** Whether the context was kept before: its audit then reads values through a function compiled for it (`./value-reads.ts`). */
  kept: boolean;
}

/** Where one loaded function's warm context waits between invocations. */
export class ContextSlot {
  #idle: Lease | undefined;
  /** Invocations served by a reused context, and contexts dropped after an invocation changed something. */
  readonly counts = { reused: 0, dropped: 0 };

  /** `mayDelete`: see `codeMayDelete` (`true` when unknown). */
  constructor(
    private readonly code: vm.Script,
    private readonly mode: ContextMode,
    private readonly mayDelete = true,
  ) {}

  /** The warm context if there is one, else a fresh one with the code in it. */
  take(): Lease {
    const idle = this.#idle;
    if (idle) {
      this.#idle = undefined;
      this.counts.reused++;
      (idle.prepared.internal.resetRun as () => void)();
      return idle;
    }
    const prepared = takeContext();
    // The baseline the audit compares with, taken before any function code runs
    // (only a context that may be reused needs it).
    if (this.mode === 'warm') (prepared.internal.seal as (mayDelete: boolean) => number)(this.mayDelete);
    // Evaluating the function expression runs none of the function's code.
    return { prepared, main: this.code.runInContext(prepared.context), kept: false };
  }

  /**
   * Hands the context back after an invocation: kept when the invocation returned
   * and the audit finds every reachable object as it was, dropped otherwise.
   */
  release(lease: Lease, returned: boolean): void {
    if (this.mode === 'warm' && returned && (lease.prepared.internal.audit as () => boolean)()) {
      if (!lease.kept) {
        compileValueReadsOf(lease.prepared);
        lease.kept = true;
      }
      this.#idle = lease;
      return;
    }
    this.counts.dropped++;
  }

  /** Whether a warm context waits for the next invocation. */
  get warm(): boolean {
    return this.#idle !== undefined;
  }

  /** Lets the warm context go (to free its memory); the next invocation makes a fresh one. */
  dropWarm(): void {
    this.#idle = undefined;
  }
}

/**
 * The warm contexts one thread keeps, at most `max`: past it, the context of the
 * function used least recently goes (`ContextSlot.dropWarm`), and that function's
 * next invocation makes a fresh one. A context holds about a quarter of a MB; a
 * test suite that loads thousands of functions would otherwise keep every one, and
 * the thread's garbage collections over that heap grow long enough to eat an
 * invocation's compute budget.
 */
export class WarmContexts {
  readonly #used = new Map<number, ContextSlot>();

  constructor(private readonly max: number) {}

  /** `slot` (function `id`) has just run: the most recent, and any over the limit goes. */
  ran(id: number, slot: ContextSlot): void {
    this.#used.delete(id);
    if (!slot.warm) return;
    this.#used.set(id, slot);
    if (this.#used.size <= this.max) return;
    for (const [oldest, oldestSlot] of this.#used) {
      this.#used.delete(oldest);
      oldestSlot.dropWarm();
      return;
    }
  }

  /** Function `id` is gone. */
  forget(id: number): void {
    this.#used.delete(id);
  }
}
