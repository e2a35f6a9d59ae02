/**
 * The warm-context audit (`src/runtime/sandbox/audit.js`) runs a `for...in` over every
 * object function code can reach, after every invocation. Over an object V8 keeps in
 * dictionary mode that costs about five times as much, so the prelude gives back fast
 * properties to the objects it remakes (`fastProperties` in `memory.js`). This checks,
 * with V8's own answer (`%HasFastProperties`, in a child process started with
 * `--allow-natives-syntax`), that no reachable object is left in dictionary mode: a
 * prelude change that leaves one would slow every warm invocation without failing any
 * other test.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runProcess } from '../support/dev-process.js';

const SCRIPT = fileURLToPath(new URL('../fixtures/dictionary-mode-objects.ts', import.meta.url));

async function reachableObjects(): Promise<{ objects: number; dictionary: string[] }> {
  const run = await runProcess(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', SCRIPT]);
  if (run.code !== 0) throw new Error(`the walk exited with ${run.code}: ${run.stderr}`);
  return JSON.parse(run.stdout) as { objects: number; dictionary: string[] };
}

describe('the objects a warm context audits', () => {
  it('are all in V8 fast mode once the baseline is sealed (none left a dictionary by the prelude)', async () => {
    const { objects, dictionary } = await reachableObjects();
    // Hundreds of built-ins and the runtime's own: the walk did reach them.
    expect(objects).toBeGreaterThan(300);
    expect(dictionary).toEqual([]);
  }, 60_000);
});
