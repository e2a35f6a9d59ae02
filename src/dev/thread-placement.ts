/**
 * `cellfront dev` keeps a core for its event loop (Linux, two or more cores):
 * every other thread of the process (the invocation threads, the demo APIs',
 * V8's and libuv's helpers) may run only on the other cores, so none of them
 * preempts the one thread every request passes through. The event loop itself
 * stays free to run anywhere; with the others kept off one core, that core is
 * its own.
 *
 * Measured in proxy mode on 2 cores, wrk at 16 connections: the event loop was
 * runnable but waiting for a core about 20% of its time
 * (`/proc/<pid>/task/<tid>/schedstat`), preempted by the process's own threads,
 * while the cores still idled about 20% of theirs. In 8 alternating pairs of
 * 4 s against `--share-cores`, keeping its core served more in 7 (8–24% more,
 * with less CPU per request) and 21% less in one. The demo APIs served directly
 * did not change (about 32,000 requests/s either way).
 *
 * Threads start later too (invocation threads start on demand and again after a
 * run overstays its budget), and inherit the event loop's cores: the process's
 * threads are looked at again every second. The affinity is set with
 * `taskset` (util-linux); where it is missing, nothing is changed.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** How often threads that started since are moved off the event loop's core. */
const RESCAN_MS = 1_000;

export interface ThreadPlacement {
  /** Stops looking for new threads; threads keep the cores they were given. */
  stop(): void;
}

/**
 * Keeps the first of the cores this process may use for its event loop, or
 * returns `undefined` when there is nothing to split (not Linux, one core).
 */
export function keepCoreForEventLoop(): ThreadPlacement | undefined {
  if (process.platform !== 'linux') return undefined;
  const cores = allowedCores();
  if (cores.length < 2) return undefined;
  const otherCores = cores.slice(1).join(',');
  let placed = new Set<number>();
  let usable = true;
  const scan = () => {
    if (!usable) return;
    const now = new Set<number>();
    for (const tid of taskIds()) {
      if (tid === process.pid) continue;
      now.add(tid);
      if (placed.has(tid)) continue;
      execFile('taskset', ['-p', '-c', otherCores, String(tid)], (error) => {
        // No taskset here: leave every thread where it is. A thread that ended meanwhile is no matter.
        if ((error as NodeJS.ErrnoException | null)?.code === 'ENOENT') stop();
      });
    }
    // A thread that ended drops out, so a later thread given its id is moved too.
    placed = now;
  };
  const timer = setInterval(scan, RESCAN_MS).unref();
  const stop = () => {
    usable = false;
    clearInterval(timer);
  };
  scan();
  return { stop };
}

/** This process's thread ids. */
function taskIds(): number[] {
  try {
    return readdirSync('/proc/self/task').map(Number).filter(Number.isInteger);
  } catch {
    return [];
  }
}

/** The `Cpus_allowed_list` of a `/proc/.../status` file's text, such as `0-3,6`. */
export function cpusAllowedList(status: string): string | undefined {
  return /^Cpus_allowed_list:\s*(\S+)/m.exec(status)?.[1];
}

/** The cores this process may run on (`Cpus_allowed_list` of `/proc/self/status`, such as `0-3,6`). */
export function allowedCores(status = readStatus()): number[] {
  const list = cpusAllowedList(status);
  if (!list) return [];
  const cores: number[] = [];
  for (const part of list.split(',')) {
    const [from, to] = part.split('-').map(Number);
    if (from === undefined || !Number.isInteger(from)) return [];
    const last = to === undefined ? from : to;
    if (!Number.isInteger(last) || last < from) return [];
    for (let core = from; core <= last; core++) cores.push(core);
  }
  return cores;
}

function readStatus(): string {
  try {
    return readFileSync('/proc/self/status', 'utf8');
  } catch {
    return '';
  }
}
