/**
 * CPU time of one thread, from Linux's `/proc` (elsewhere: unknown). The host of
 * the invocation threads uses it to tell a function that ran past its budget from
 * one that the machine starved of CPU, so a busy machine does not turn a fast
 * function into a timeout.
 */
import { closeSync, openSync, readlinkSync, readSync, readFileSync } from 'node:fs';

/** Linux's USER_HZ, the unit of `utime` and `stime` in `/proc/.../stat`. */
const TICKS_PER_SECOND = 100;
export const MS_PER_TICK = 1000 / TICKS_PER_SECOND;

/** utime + stime of a `stat` line (fields 14 and 15; the name in parentheses may hold spaces). */
function ticksOf(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return Number.isFinite(ticks) ? ticks : -1;
}

/** The calling thread's id in `/proc/self/task`, or `undefined` where there is no such file. */
export function ownThreadId(): number | undefined {
  try {
    return Number(readlinkSync('/proc/thread-self').split('/').pop());
  } catch {
    return undefined;
  }
}

/**
 * A reader of the calling thread's CPU ticks (-1 when unknown), cheap enough to call per run:
 * within one tick (10 ms) of the last read it answers that read again, so a figure is at most
 * one tick of wall time (so of CPU time) behind, the clock's own resolution.
 */
export function ownTicksReader(): () => number {
  let fd: number;
  try {
    fd = openSync('/proc/thread-self/stat', 'r');
  } catch {
    return () => -1;
  }
  const buffer = Buffer.alloc(1024);
  let open = true;
  let lastTicks = -1;
  let lastReadAt = -Infinity;
  return () => {
    if (!open) return -1;
    const now = performance.now();
    if (now - lastReadAt < MS_PER_TICK) return lastTicks;
    try {
      const length = readSync(fd, buffer, 0, buffer.length, 0);
      lastTicks = ticksOf(buffer.toString('latin1', 0, length));
      lastReadAt = now;
      return lastTicks;
    } catch {
      open = false;
      closeSync(fd);
      return -1;
    }
  };
}

/** The CPU ticks thread `tid` of this process has used, or -1 when unknown. */
export function threadTicks(tid: number | undefined): number {
  if (tid === undefined) return -1;
  try {
    return ticksOf(readFileSync(`/proc/self/task/${tid}/stat`, 'latin1'));
  } catch {
    return -1;
  }
}
