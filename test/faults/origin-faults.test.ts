/**
 * Fault injection, origin side: `cellfront dev` as a real process in front of an
 * origin that hangs, resets, truncates, sends garbage or huge headers, or drips.
 * Each case asserts the status CloudFront gives, that the request reached the origin
 * once (no replay), and that the edge keeps serving.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Fault } from './fault-origin.js';
import { FAULT_READ_TIMEOUT_S, fetchOutcome, rssBytes, useFaultRig } from './support.js';

describe('the local edge in front of a misbehaving origin', () => {
  const rig = useFaultRig('cellfront-faults-');
  const { stillServing } = rig;

  it('an origin that never answers: 504 after the read timeout, asked once', async () => {
    const answer = await fetchOutcome(rig.dev.port, '/fault/hang');
    expect(answer.status).toBe(504);
    expect(answer.ms).toBeGreaterThanOrEqual(FAULT_READ_TIMEOUT_S * 1000 - 100);
    expect(rig.origin.count('hang')).toBe(1);
    await stillServing();
  });

  it.each<[string, Fault, string]>([
    ['resets on the request head: 502, and a POST is not sent again', 'reset-before', 'order=1'],
    ['resets after reading the body: 502, the POST reached it once', 'reset-after', 'order=2'],
    ['answers garbage: 502, the POST reached it once', 'garbage', 'order=3'],
  ])('an origin that %s', async (_name, fault, body) => {
    const answer = await fetchOutcome(rig.dev.port, `/fault/${fault}`, { method: 'POST', body });
    expect(answer.status).toBe(502);
    expect(rig.origin.count(fault)).toBe(1);
    await stillServing();
  });

  it('a body cut short by a reset: the viewer gets the status, then the connection closes promptly', async () => {
    const answer = await fetchOutcome(rig.dev.port, '/fault/truncated');
    expect(answer).toMatchObject({ status: 200, body: '0123456789', ended: 'cut-off' });
    expect(answer.ms).toBeLessThan(5_000);
    await stillServing();
  });

  it('a body that stalls: the connection closes once the read timeout passes', async () => {
    const answer = await fetchOutcome(rig.dev.port, '/fault/stall-body');
    expect(answer).toMatchObject({ status: 200, body: '0123456789', ended: 'cut-off' });
    expect(answer.ms).toBeLessThan(FAULT_READ_TIMEOUT_S * 1000 + 5_000);
    await stillServing();
  });

  it('a body that drips within the read timeout arrives whole', async () => {
    const answer = await fetchOutcome(rig.dev.port, '/fault/drip?n=8');
    expect(answer).toMatchObject({ status: 200, body: 'dddddddd', ended: 'complete' });
  });

  it('response headers over 20,480 bytes: 502', async () => {
    expect((await fetchOutcome(rig.dev.port, '/fault/huge-headers')).status).toBe(502);
    await stillServing();
  });

  it('a status outside 200-599 (999): 502, not passed on', async () => {
    const answer = await fetchOutcome(rig.dev.port, '/fault/status-999');
    expect(answer.status).toBe(502);
    expect(answer.body).toContain('502 ERROR');
  });

  it('error pages name no origin host or port', async () => {
    const answer = await fetchOutcome(rig.dev.port, '/fault/garbage');
    expect(answer.status).toBe(502);
    expect(answer.body).not.toContain(String(rig.origin.port));
    expect(answer.body).not.toMatch(/localhost|127\.0\.0\.1/);
  });

  it('after every fault: the process is alive, its memory bounded, its store intact', async () => {
    expect(rig.dev.child.exitCode).toBeNull();
    expect(await rssBytes(rig.dev.child.pid as number)).toBeLessThan(300 * 1024 * 1024);
    const files = await readdir(join(rig.dev.dir, 'data'));
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.json')).length).toBe(1);
    await stillServing();
  });
});
