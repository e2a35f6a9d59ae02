/**
 * How the vm engine uses contexts:
 * - `warm`: one context per loaded function, reused while the audit finds nothing
 *   an invocation left behind (the default);
 * - `fresh`: a new context for every invocation (slower; the figure warm contexts are measured against).
 * Both isolate invocations completely; they differ only in cost.
 */
export type ContextMode = 'warm' | 'fresh';

/** Every context mode, default first. */
export const CONTEXT_MODES: readonly ContextMode[] = ['warm', 'fresh'];

/** Whether `value` names a context mode. */
export function isContextMode(value: string): value is ContextMode {
  return (CONTEXT_MODES as readonly string[]).includes(value);
}
