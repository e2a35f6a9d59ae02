/**
 * A full disk (a real one: a 512 KiB tmpfs in a private mount namespace, so no root
 * on the host is needed): writes fail with a clear error and leave no temp file, the
 * store keeps its last state, a restart explains itself instead of dumping a stack
 * trace, and writes succeed again as soon as space returns. Needs `unshare` with
 * user namespaces; where the system forbids them the test says so and is skipped.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliPath, repoRoot } from '../support/dev-process.js';

const probe = spawnSync('unshare', ['-rm', 'true']);
const namespaces = probe.status === 0;
if (!namespaces) console.warn(`full-disk test skipped: unshare -rm is not permitted here (${probe.error?.message ?? probe.stderr?.toString().trim()})`);

describe('the store on a full disk', () => {
  it.skipIf(!namespaces)('fails writes cleanly, keeps its state, and recovers when space returns', async () => {
    const mountPoint = await mkdtemp(join(tmpdir(), 'cellfront-disk-'));
    const run = spawnSync('unshare', ['-rm', process.execPath, '--import', 'tsx', join(repoRoot, 'test/faults/full-disk-run.ts'), mountPoint, cliPath], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout.trim().split('\n').pop() as string) as Record<string, unknown>;
    expect(out.putWhileFull).toMatch(/the disk is full \(ENOSPC\).*Nothing was written; the store is unchanged/);
    expect(out.tempsAfterFailedPut).toEqual([]);
    expect(out.deleteWhileFull).toMatch(/the disk is full/);
    expect(out.tempsAfterFailedDelete).toEqual([]);
    expect(out.valueWhileFull).toBe(500);
    const dev = out.devWhileFull as { code: number; stderr: string };
    expect(dev.code).toBe(1);
    expect(dev.stderr).toMatch(/ENOSPC|disk is full/);
    expect(dev.stderr).not.toMatch(/\n\s+at /);
    expect(out.putAfterSpace).toBe('ok');
    expect(out.deleteAfterSpace).toBe('ok');
    expect(out.finalKeys).toEqual(['after']);
    expect(out.finalTemps).toEqual([]);
  }, 150_000);
});
