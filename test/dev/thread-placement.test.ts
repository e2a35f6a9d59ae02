/**
 * `cellfront dev` keeps a core for its event loop (src/dev/thread-placement.ts):
 * on Linux with two or more cores, every other thread of the real process, those
 * that start later included, may use only the other cores, and `--share-cores`
 * leaves every thread on all of them.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allowedCores, cpusAllowedList } from '../../src/dev/thread-placement.js';
import { startDevProcess } from '../support/dev-process.js';

/** Each thread of `pid` and the cores it may use, as `Cpus_allowed_list` says. */
function threadCores(pid: number): Map<number, string> {
  const cores = new Map<number, string>();
  for (const tid of readdirSync(`/proc/${pid}/task`).map(Number)) {
    try {
      cores.set(tid, cpusAllowedList(readFileSync(`/proc/${pid}/task/${tid}/status`, 'utf8')) ?? '');
    } catch {
      // The thread ended meanwhile.
    }
  }
  return cores;
}

const OWN_CORES = process.platform === 'linux' ? allowedCores(readFileSync('/proc/self/status', 'utf8')) : [];
/** Without `taskset` (util-linux) dev leaves every thread where it is. */
const HAS_TASKSET = spawnSync('taskset', ['--version']).error === undefined;

describe('allowedCores', () => {
  it('reads the ranges and single cores of Cpus_allowed_list', () => {
    expect(allowedCores('Name:\tnode\nCpus_allowed_list:\t0-3,6,8-9\n')).toEqual([0, 1, 2, 3, 6, 8, 9]);
    expect(allowedCores('Cpus_allowed_list:\t1\n')).toEqual([1]);
  });

  it('gives no cores for a list it cannot read, so nothing is moved', () => {
    expect(allowedCores('')).toEqual([]);
    expect(allowedCores('Cpus_allowed_list:\t3-1\n')).toEqual([]);
    expect(allowedCores('Cpus_allowed_list:\tx\n')).toEqual([]);
  });
});

describe.runIf(process.platform === 'linux')('cellfront dev on this machine', () => {
  /** Starts dev, routes a request (the invocation threads start on demand) and waits for the next look at the threads. */
  async function devAfterARequest(args: string[] = []) {
    const dev = await startDevProcess(['--no-dashboard', ...args]);
    const response = await fetch(`http://${dev.outputs.CLOUDFRONTDOMAINNAME}/`, { redirect: 'manual' });
    expect(response.status).toBeLessThan(500);
    await response.arrayBuffer();
    await new Promise((done) => setTimeout(done, 1_500));
    return dev;
  }

  it('keeps the first core for the event loop: every other thread, those started later too, uses the rest', async () => {
    const dev = await devAfterARequest();
    try {
      const pid = dev.child.pid as number;
      const cores = threadCores(pid);
      const all = cpusAllowedList(readFileSync(`/proc/${pid}/status`, 'utf8'));
      expect(cores.get(pid)).toBe(all);
      const others = [...cores].filter(([tid]) => tid !== pid);
      // V8's and libuv's helpers, the demo APIs' thread and at least one invocation thread.
      expect(others.length).toBeGreaterThanOrEqual(3);
      if (OWN_CORES.length < 2 || !HAS_TASKSET) {
        for (const [, list] of others) expect(list).toBe(all);
      } else {
        for (const [tid, list] of others) expect(allowedCores(`Cpus_allowed_list:\t${list}`), `thread ${tid}`).toEqual(OWN_CORES.slice(1));
      }
    } finally {
      await dev.stop();
    }
  }, 30_000);

  it('--share-cores leaves every thread on every core', async () => {
    const dev = await devAfterARequest(['--share-cores']);
    try {
      const pid = dev.child.pid as number;
      const lists = new Set(threadCores(pid).values());
      expect([...lists].map((list) => allowedCores(`Cpus_allowed_list:\t${list}`))).toEqual([OWN_CORES]);
    } finally {
      await dev.stop();
    }
  }, 30_000);
});
