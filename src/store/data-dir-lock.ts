/**
 * One process owns a data directory: `<dataDir>/.cellfront.lock` holds the owner's pid,
 * created exclusively. A lock whose process is gone (killed with SIGKILL, a crash) is
 * stale and taken over; a live one refuses the newcomer with StoreLockedError. Within
 * one process the lock is shared (a registry reopened in the same process, as tests do).
 */
import { readFileSync, unlinkSync } from 'node:fs';
import { open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { StoreLockedError } from './errors.js';

/** The lock file's name inside the data directory. */
export const LOCK_FILE = '.cellfront.lock';

const held = new Map<string, number>();
let exitHookInstalled = false;

/** A held lock; `release()` gives it up (the last holder in the process removes the file). */
export interface DataDirLock {
  release(): Promise<void>;
}

/** Takes the lock on `dataDir` (which must exist). Throws StoreLockedError when a live process holds it. */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  const file = join(dataDir, LOCK_FILE);
  const count = held.get(file) ?? 0;
  if (count === 0) await acquire(file, dataDir);
  held.set(file, count + 1);
  installExitHook();
  let released = false;
  return {
    release: async () => {
      if (released) return;
      released = true;
      const left = (held.get(file) ?? 1) - 1;
      if (left > 0) {
        held.set(file, left);
        return;
      }
      held.delete(file);
      if (ownerOf(await readFile(file, 'utf8').catch(() => '')) === process.pid) await unlink(file).catch(() => undefined);
    },
  };
}

async function acquire(file: string, dataDir: string): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(file, 'wx');
      try {
        await handle.writeFile(`${JSON.stringify({ pid: process.pid, since: new Date().toISOString() })}\n`);
      } catch (error) {
        // A full disk: no half-written lock is left behind.
        await handle.close();
        await unlink(file).catch(() => undefined);
        throw error;
      }
      await handle.close();
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = ownerOf(await readFile(file, 'utf8').catch(() => ''));
    if (owner === process.pid) return;
    if (owner !== undefined && isAlive(owner)) throw new StoreLockedError(dataDir, owner);
    // The owner is gone (or the file is unreadable, left by a crash mid-write): a stale lock.
    await unlink(file).catch(() => undefined);
  }
  throw new Error(`could not take the lock ${file}: other processes keep taking it`);
}

function ownerOf(text: string): number | undefined {
  try {
    const pid = (JSON.parse(text) as { pid?: unknown }).pid;
    return typeof pid === 'number' && Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes this process's lock files when it exits without releasing them (Ctrl-C paths, uncaught errors). */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const file of held.keys()) {
      try {
        if (ownerOf(readFileSync(file, 'utf8')) === process.pid) unlinkSync(file);
      } catch {
        // Already gone.
      }
    }
  });
}
