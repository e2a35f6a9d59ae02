/**
 * The local edge with its function on njs, over real HTTP: `cellfront dev
 * --engine njs`'s system (startLocalSystem), in the seed's redirect mode and in
 * proxy mode with a routing table embedded in the function.
 */
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Io } from '../../src/cli/command.js';
import { main } from '../../src/cli/main.js';
import { startLocalSystem, type LocalSystem } from '../../src/dev/local-system.js';

const opened: Array<{ system?: LocalSystem; dir: string }> = [];

afterEach(async () => {
  for (const { system, dir } of opened.splice(0)) {
    await system?.close();
    await rm(dir, { recursive: true, force: true });
  }
});

async function start(withConfig: boolean): Promise<LocalSystem> {
  const dir = await mkdtemp(join(tmpdir(), 'cellfront-edge-njs-'));
  const entry: { system?: LocalSystem; dir: string } = { dir };
  opened.push(entry);
  if (withConfig) await copyFile(new URL('../../cellfront.config.json', import.meta.url), join(dir, 'cellfront.config.json'));
  entry.system = await startLocalSystem({
    dataDir: join(dir, 'data'),
    port: 0,
    cwd: dir,
    configFile: withConfig ? 'cellfront.config.json' : undefined,
    engine: 'njs',
  });
  return entry.system;
}

describe('the local edge on njs', () => {
  it("redirects as the seed does, with cellfront's edge function running under njs", async () => {
    const system = await start(false);
    const edge = system.edge.url;
    const first = await fetch(edge, { redirect: 'manual' });
    expect(first.status).toBe(307);
    expect(first.headers.get('location')).toMatch(/^http:\/\/localhost:\d+\/prod\/$/);
    const followed = await fetch(edge);
    expect(await followed.text()).toMatch(/^\{"message": "Hello from API [12]"\}$/);
  });

  it('proxies to the cell its embedded routing table picks', async () => {
    const system = await start(true);
    const res = await fetch(system.edge.url);
    expect(res.status).toBe(200);
    const cell = res.headers.get('x-cellfront-cell');
    expect(cell).toMatch(/^api[12]$/);
    expect(await res.text()).toBe(`{"message": "Hello from API ${cell?.slice(3)}"}`);
  });
});

/** Runs `work` with a PATH on which there is no njs. */
async function withoutNjsOnPath<T>(work: () => Promise<T>): Promise<T> {
  const saved = process.env.PATH;
  process.env.PATH = '/nonexistent-cellfront-bin';
  try {
    return await work();
  } finally {
    process.env.PATH = saved;
  }
}

describe('cellfront dev --engine', () => {
  it('says in one line that njs is missing, and exits 1', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cellfront-edge-njs-'));
    opened.push({ dir });
    let stderr = '';
    const io: Io = { stdout: () => undefined, stderr: (t) => (stderr += t), env: {}, cwd: dir };
    const code = await withoutNjsOnPath(() => main(['dev', '--port', '0', '--data-dir', join(dir, 'data'), '--engine', 'njs'], io));
    expect(code).toBe(1);
    expect(stderr).toBe('cellfront dev: --engine njs: njs is not installed: apt-get install njs (no njs on PATH)\n');
  });

  it('names the accepted engines for an unknown one, before starting anything', async () => {
    let stderr = '';
    const io: Io = { stdout: () => undefined, stderr: (t) => (stderr += t), env: {}, cwd: tmpdir() };
    expect(await main(['dev', '--port', '0', '--engine', 'spidermonkey'], io)).toBe(2);
    expect(stderr.split('\n')[0]).toBe('cellfront dev: --engine must be vm or njs (got "spidermonkey")');
  });
});
