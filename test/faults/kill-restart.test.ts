/**
 * Crash safety of the store under `cellfront dev` (a real process): a write loop
 * through the KVS endpoint, `kill -9` of the process in the middle of it, then a
 * restart on the same data directory, repeated. Every time: the process starts (the
 * store is readable and the stale lock taken over), no temp file is left, and
 * every write the endpoint acknowledged is there. CELLFRONT_KILL_LOOPS sets the
 * number of rounds: 3 in `npm test` (a dev start costs seconds on a loaded machine);
 * CELLFRONT_KILL_LOOPS=20 runs the full twenty.
 */
import { DescribeKeyValueStoreCommand, ListKeysCommand, PutKeyCommand } from '@aws-sdk/client-cloudfront-keyvaluestore';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createKvsClient } from '../../src/aws/kvs-client.js';
import { startDevProcess } from '../support/dev-process.js';

const ROUNDS = Number(process.env.CELLFRONT_KILL_LOOPS ?? 3);

describe(`kill -9 of cellfront dev during a write loop, ${ROUNDS} times`, () => {
  it('restarts every time with every acknowledged write and no temp file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cellfront-kill-'));
    // A plain function keeps each start quick (no bundling); the store is the same.
    const fn = join(dir, 'pass.js');
    await writeFile(fn, 'function handler(event) { return event.request; }\n');
    const acknowledged = new Map<string, string>();
    let killedMidWrite = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const dev = await startDevProcess(['--function', fn], dir);
      const arn = dev.outputs.KVSTOREARN as string;
      const client = createKvsClient({ endpoint: dev.outputs.KVSENDPOINT as string });
      try {
        // Everything acknowledged in earlier rounds survived the kill.
        const stored = await listAll(client, arn);
        for (const [key, value] of acknowledged) expect(stored.get(key), `round ${round}: ${key}`).toBe(value);
        const files = await readdir(join(dir, 'data'));
        expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);

        let etag = (await client.send(new DescribeKeyValueStoreCommand({ KvsARN: arn }))).ETag as string;
        let stop = false;
        let inFlight = false;
        let thisRound = 0;
        let ended = false;
        const loop = (async () => {
          for (let n = 0; !stop; n++) {
            const key = `r${round}-w${n}`;
            inFlight = true;
            const out = await client.send(new PutKeyCommand({ KvsARN: arn, Key: key, Value: `v${n}`, IfMatch: etag })).catch(() => undefined);
            inFlight = false;
            if (!out) return;
            acknowledged.set(key, `v${n}`);
            thisRound++;
            etag = out.ETag as string;
          }
        })().finally(() => (ended = true));
        // A few writes in, then a kill at a different moment each round.
        while (thisRound < 3 && !ended) await new Promise((r) => setTimeout(r, 5));
        await new Promise((r) => setTimeout(r, (round * 7) % 40));
        if (inFlight) killedMidWrite++;
        dev.child.kill('SIGKILL');
        stop = true;
        await loop;
        await new Promise<void>((r) => (dev.child.exitCode !== null || dev.child.signalCode !== null ? r() : dev.child.once('exit', () => r())));
      } finally {
        client.destroy();
        if (dev.child.exitCode === null && dev.child.signalCode === null) dev.child.kill('SIGKILL');
      }
    }
    // One more start reads what the last round wrote.
    const dev = await startDevProcess(['--function', fn], dir);
    const client = createKvsClient({ endpoint: dev.outputs.KVSENDPOINT as string });
    try {
      const stored = await listAll(client, dev.outputs.KVSTOREARN as string);
      for (const [key, value] of acknowledged) expect(stored.get(key)).toBe(value);
      expect((await readdir(join(dir, 'data'))).filter((f) => f.endsWith('.tmp'))).toEqual([]);
      console.log(`kill -9 loop: ${ROUNDS} rounds, ${acknowledged.size} acknowledged writes all present, ${killedMidWrite} kills landed with a write in flight`);
      expect(acknowledged.size).toBeGreaterThanOrEqual(3 * ROUNDS);
    } finally {
      client.destroy();
      await dev.stop();
    }
  }, 600_000);
});

async function listAll(client: ReturnType<typeof createKvsClient>, arn: string): Promise<Map<string, string>> {
  const items = new Map<string, string>();
  let token: string | undefined;
  do {
    const page = await client.send(new ListKeysCommand({ KvsARN: arn, MaxResults: 50, ...(token ? { NextToken: token } : {}) }));
    for (const item of page.Items ?? []) items.set(item.Key as string, item.Value as string);
    token = page.NextToken;
  } while (token);
  return items;
}
