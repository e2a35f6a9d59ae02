/**
 * `cellfront dev` restarted on the same data directory (real processes): the
 * store comes back as it was left (a drained cell stays drained), `--reseed`
 * writes the config again keeping the replaced table as previous and the history
 * (with the reseed in it), and a second
 * process on a directory in use is refused with a clear message.
 */
import { GetKeyCommand } from '@aws-sdk/client-cloudfront-keyvaluestore';
import { copyFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createKvsClient } from '../../src/aws/kvs-client.js';
import { historyKey } from '../../src/control/history.js';
import { PREVIOUS_TABLE_KEY, TABLE_KEY } from '../../src/router/table/index.js';
import { repoRoot, runCli, startDevProcess, type DevProcess } from '../support/dev-process.js';

async function valueOf(dev: DevProcess, key: string): Promise<string | undefined> {
  const client = createKvsClient({ endpoint: dev.outputs.KVSENDPOINT as string });
  try {
    return (await client.send(new GetKeyCommand({ KvsARN: dev.outputs.KVSTOREARN as string, Key: key }))).Value;
  } catch {
    return undefined;
  } finally {
    client.destroy();
  }
}

describe('cellfront dev keeps its store across restarts', () => {
  it('a drain survives a restart; --reseed writes the config again and keeps the drained table as previous', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cellfront-restart-'));
    await copyFile(join(repoRoot, 'cellfront.config.json'), join(dir, 'cellfront.config.json'));
    await copyFile(join(repoRoot, 'cellfront.schema.json'), join(dir, 'cellfront.schema.json'));

    const first = await startDevProcess([], dir);
    expect(first.stdout()).toContain('the store was new: seeded with');
    const seeded = await valueOf(first, TABLE_KEY);
    const drain = await runCli(['drain', 'api2', '--outputs-file', join(dir, 'outputs.json')]);
    expect(drain.code, drain.stderr).toBe(0);
    const drained = await valueOf(first, TABLE_KEY);
    expect(drained).not.toBe(seeded);

    // A second process on the same directory is refused while the first runs.
    const second = await runCli(['dev', '--port', '0', '--data-dir', join(dir, 'data'), '--function', join(dir, 'missing-is-fine.js')]);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/in use by another cellfront process \(pid \d+\)/);
    expect(second.stderr).not.toMatch(/\n\s+at /);
    expect(await first.stop()).toBe(0);

    const restarted = await startDevProcess([], dir);
    expect(restarted.stdout()).toContain('the store was kept as it was');
    expect(await valueOf(restarted, TABLE_KEY)).toBe(drained);
    expect(await restarted.stop()).toBe(0);

    const reseeded = await startDevProcess(['--reseed'], dir);
    expect(reseeded.stdout()).toContain('the store was reseeded (--reseed)');
    const table = await valueOf(reseeded, TABLE_KEY);
    expect(table).not.toBe(drained);
    expect(await valueOf(reseeded, PREVIOUS_TABLE_KEY)).toBe(drained);
    // The history survives the reseed, which it records as its newest entry.
    const history = [];
    for (const seq of [1, 2, 3]) history.push(JSON.parse((await valueOf(reseeded, historyKey(seq))) ?? 'null') as { seq: number; action: string; via: string; what: string } | null);
    expect(history.map((entry) => [entry?.seq, entry?.action])).toEqual([
      [1, 'deploy'],
      [2, 'drain'],
      [3, 'deploy'],
    ]);
    expect(history[2]?.via).toBe('dev');
    expect(history[2]?.what).toBe('the table of cellfront.config.json, written again by `cellfront dev --reseed`');
    expect(await reseeded.stop()).toBe(0);
  }, 180_000);
});
