/**
 * The CPU time a child process has used, from Linux's `/proc/<pid>/stat`, so that
 * a compute budget counts the function's own work and not the time its process
 * waited for a core on a busy machine. `undefined` where `/proc` is not there; the
 * caller then falls back to wall-clock time.
 */
import { readFileSync } from 'node:fs';

/** Linux's USER_HZ: the unit of utime and stime in /proc/<pid>/stat. */
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * Milliseconds of CPU (user + system) process `pid` has used, or `undefined`.
 *
 * @example cpuMillis(child.pid) // 30
 */
export function cpuMillis(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return undefined;
  }
  // The command name, in parentheses, may hold spaces: the fields start after the last ")".
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 (utime, stime), counted from 1 with pid and comm as 1 and 2.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) return undefined;
  return ((utime + stime) * 1000) / CLOCK_TICKS_PER_SECOND;
}
