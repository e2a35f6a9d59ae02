/**
 * `cellfront dev` on ports someone else holds: the demo APIs listen in a worker
 * thread, and a port of theirs in use still stops the start with one clear line
 * (the same one as for the edge's port), exit code 1, and nothing left running.
 */
import { mkdtemp } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/dev-process.js';

/** Listens on the first base port (from 20000 up, by tens) whose next four ports are free too; holds `base + offset`. */
async function holdAfterFreeBase(offset: number): Promise<{ base: number; server: Server }> {
  for (let base = 20_000 + (process.pid % 500) * 10; base < 60_000; base += 10) {
    const probes: Server[] = [];
    try {
      for (let port = base - 1; port <= base + 3; port++) {
        const probe = createServer();
        probe.listen(port, '127.0.0.1');
        await once(probe, 'listening');
        probes.push(probe);
      }
    } catch {
      for (const probe of probes) probe.close();
      continue;
    }
    for (const probe of probes) probe.close();
    const server = createServer();
    server.listen(base + offset, '127.0.0.1');
    await once(server, 'listening');
    return { base, server };
  }
  throw new Error('no free ports');
}

describe('cellfront dev with a port in use', () => {
  it.each([
    ['the second demo API', 3],
    ['the edge', 0],
  ])('%s: one line naming the port, exit code 1', async (_, offset) => {
    const dir = await mkdtemp(join(tmpdir(), 'cellfront-dev-ports-'));
    const { base, server } = await holdAfterFreeBase(offset);
    try {
      const run = await runCli(['dev', '--port', String(base), '--no-dashboard', '--data-dir', join(dir, 'data')]);
      expect(run.code).toBe(1);
      expect(run.stderr.trim()).toBe(
        `cellfront dev: a port is already in use (listen EADDRINUSE: address already in use 127.0.0.1:${base + offset}); pick another --port or use --port 0`,
      );
      expect(run.stdout).toBe('');
    } finally {
      server.close();
    }
  });
});
