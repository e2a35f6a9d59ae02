/**
 * A 1 GB POST through the local edge in proxy mode (`cellfront dev`, a real process,
 * its function sending the request to a sink origin that counts the bytes): the
 * throughput against the same POST sent to the origin directly (the baseline, same
 * run), the process's peak resident memory while the body streams, and how many
 * other requests it answered meanwhile.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFaultOrigin } from '../test/faults/fault-origin.js';
import { fetchOutcome, postGenerated, sampleRss, startFaultDev } from '../test/faults/support.js';

const MB = 1024 * 1024;

export async function runBigBodyBench(totalMb = Number(process.env.BENCH_BODY_MB ?? 1024)): Promise<string> {
  const origin = await startFaultOrigin();
  const dev = await startFaultDev(origin.port, await mkdtemp(join(tmpdir(), 'cellfront-bench-body-')));
  try {
    const started = Date.now();
    const direct = await postGenerated(origin.port, '/fault/sink', totalMb * MB);
    const directS = (Date.now() - started) / 1000;

    const rss = sampleRss(dev.child.pid as number, 50);
    let uploading = true;
    let answered = 0;
    let failed = 0;
    const viaStart = Date.now();
    const upload = postGenerated(dev.port, '/fault/sink', totalMb * MB).finally(() => (uploading = false));
    while (uploading) {
      if ((await fetchOutcome(dev.port, '/')).status === 200) answered++;
      else failed++;
      await new Promise((r) => setTimeout(r, 100));
    }
    const via = await upload;
    const viaS = (Date.now() - viaStart) / 1000;
    const peak = await rss.stop();
    const ok = direct.body === String(totalMb * MB) && via.body === String(totalMb * MB);
    return [
      `## A ${totalMb} MB POST through the local edge (proxy mode, streamed)\n`,
      '| path | MB/s | seconds | body arrived whole |',
      '| --- | ---: | ---: | --- |',
      `| sink origin directly (baseline) | ${(totalMb / directS).toFixed(0)} | ${directS.toFixed(1)} | ${direct.body === String(totalMb * MB) ? 'yes' : 'NO'} |`,
      `| through cellfront dev's edge | ${(totalMb / viaS).toFixed(0)} | ${viaS.toFixed(1)} | ${via.body === String(totalMb * MB) ? 'yes' : 'NO'} |`,
      '',
      `Edge/baseline throughput ${(directS / viaS).toFixed(2)}x; peak RSS of the dev process ${(peak / MB).toFixed(0)} MB (limit 300 MB); ` +
        `${answered} other requests answered during the upload, ${failed} failed.${ok ? '' : ' THE BODY DID NOT ARRIVE WHOLE.'}\n`,
    ].join('\n');
  } finally {
    await dev.stop();
    await origin.close();
  }
}
