/**
 * A very large POST through the edge in proxy mode (`cellfront dev`, a real process):
 * the body streams to the origin whole while other requests keep being answered, and
 * the process's resident memory stays under 300 MB throughout. `npm test` sends
 * 128 MB so the suite stays quick on a loaded machine; `npm run bench` sends 1 GB the
 * same way and reports the peak (CELLFRONT_BIG_BODY_MB=1024 runs this test at 1 GB).
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultOrigin, type FaultOrigin } from './fault-origin.js';
import { fetchOutcome, postGenerated, sampleRss, startFaultDev } from './support.js';

const MB = 1024 * 1024;
const BODY_MB = Number(process.env.CELLFRONT_BIG_BODY_MB ?? 128);
const RSS_LIMIT = 300 * MB;

describe(`a ${BODY_MB} MB POST through the edge`, () => {
  let origin: FaultOrigin;
  let dev: Awaited<ReturnType<typeof startFaultDev>>;

  beforeAll(async () => {
    origin = await startFaultOrigin();
    dev = await startFaultDev(origin.port, await mkdtemp(join(tmpdir(), 'cellfront-big-')));
  });
  afterAll(async () => {
    await dev?.stop();
    await origin?.close();
  });

  it('streams whole to the origin; other requests are answered meanwhile; RSS stays under 300 MB', async () => {
    const rss = sampleRss(dev.child.pid as number, 50);
    let uploading = true;
    const others: number[] = [];
    const upload = postGenerated(dev.port, '/fault/sink', BODY_MB * MB).finally(() => (uploading = false));
    while (uploading) {
      others.push((await fetchOutcome(dev.port, '/')).status);
      await new Promise((r) => setTimeout(r, 100));
    }
    const answer = await upload;
    const peak = await rss.stop();
    console.log(`${BODY_MB} MB POST: peak RSS ${(peak / MB).toFixed(0)} MB, ${others.length} other requests answered during the upload`);
    expect([answer.status, answer.body]).toEqual([200, String(BODY_MB * MB)]);
    expect(others.length).toBeGreaterThan(0);
    expect(others.every((s) => s === 200)).toBe(true);
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThan(RSS_LIMIT);
  }, 300_000);
});
