/*
 * The dashboard in a real browser: headless Chromium (Debian's) loads the page
 * from a running `cellfront dev` process, with every request that leaves the
 * dashboard's own origin blocked, while this test sends traffic through the
 * local edge. It writes a screenshot to test-output/dashboard.png.
 */
import { Agent, request } from 'node:http';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { repoRoot, runCli, startDevProcess, type DevProcess } from '../support/dev-process.js';

/** Requests the traffic generator sends at most (20 a second for the length of the suite). */
const MAX_REQUESTS = 4_000;
const SCREENSHOT = join(repoRoot, 'test-output', 'dashboard.png');

const config = (weights: [number, number]) => ({
  mode: 'proxy',
  cells: [
    { id: 'api1', origin: '${APIGATEWAY1URL}', weight: weights[0] },
    { id: 'api2', origin: '${APIGATEWAY2URL}', weight: weights[1] },
  ],
  partition: { from: [{ header: 'x-tenant-id' }] },
  fallback: 'api1',
});

let dev: DevProcess;
let browser: Browser;
let page: Page;
let dashboardUrl: string;
let stopTraffic: () => void;
/** Requests the page made to anywhere but the dashboard itself (blocked). */
const foreign: string[] = [];

/** Sends GETs with random tenant ids through the edge, every 50 ms, until stopped. */
function startTraffic(domain: string): () => void {
  const [host, port] = domain.split(':');
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  let sent = 0;
  const timer = setInterval(() => {
    if (sent++ >= MAX_REQUESTS) return;
    const req = request({ host: host === 'localhost' ? '127.0.0.1' : host, port, path: '/', agent, headers: { 'x-tenant-id': `tenant-${Math.floor(Math.random() * 100_000)}` } }, (res) => res.resume());
    req.on('error', () => undefined);
    req.end();
  }, 50);
  return () => {
    clearInterval(timer);
    agent.destroy();
  };
}

const cellText = (cell: string, column: string) => page.locator(`#cells tr[data-cell="${cell}"] .${column}`);
const chartLast = (cell: string, kind: string) => page.locator(`#share-chart path[data-cell="${cell}"][data-kind="${kind}"]`);

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cellfront-dashboard-'));
  await writeFile(join(dir, 'cellfront.config.json'), JSON.stringify(config([50, 50])));
  dev = await startDevProcess([], dir);
  dashboardUrl = dev.outputs.DASHBOARDURL as string;
  stopTraffic = startTraffic(dev.outputs.CLOUDFRONTDOMAINNAME as string);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
  const origin = new URL(dashboardUrl).origin;
  await page.route('**/*', (route) => {
    if (new URL(route.request().url()).origin === origin) return route.continue();
    foreign.push(route.request().url());
    return route.abort();
  });
  await page.goto(dashboardUrl);
}, 60_000);

afterAll(async () => {
  stopTraffic?.();
  await browser?.close();
  await dev?.stop();
});

describe('the dashboard served by cellfront dev', () => {
  it('prints its URL in the outputs and shows both cells: configured and observed shares', async () => {
    expect(dev.stdout()).toContain(`CellfrontDev.DASHBOARDURL = ${dashboardUrl}`);
    await expect.poll(() => cellText('api1', 'configured').textContent(), { timeout: 15_000 }).toBe('50.00%');
    await expect.poll(() => cellText('api2', 'configured').textContent(), { timeout: 10_000 }).toBe('50.00%');
    // Observed shares need traffic counted over a window: a percentage, not a dash.
    for (const cell of ['api1', 'api2']) {
      await expect.poll(() => cellText(cell, 'observed').textContent(), { timeout: 20_000 }).toMatch(/^\d+\.\d\d%$/);
      await expect.poll(() => chartLast(cell, 'observed').getAttribute('data-last'), { timeout: 20_000 }).toMatch(/^\d+\.\d\d%$/);
    }
    expect(await chartLast('api2', 'configured').getAttribute('data-last')).toBe('50.00%');
    expect(await page.locator('#history tbody tr[data-action="deploy"]').count()).toBe(1);
  }, 60_000);

  it('previews a shift, applies it from the page, and the table and chart follow within 5 s', async () => {
    await page.selectOption('#shift-cell', 'api2');
    await page.fill('#shift-to', '80');
    await page.fill('#shift-step', '100');
    await page.fill('#shift-interval', '0');
    await page.click('#shift-preview');
    // The plan comes first: what moves, at which ETag.
    await expect.poll(() => page.locator('#plan-cells tr[data-cell="api2"] .after').textContent(), { timeout: 10_000 }).toBe('80.00%');
    expect(await page.locator('#plan-moved').textContent()).toBe('30.00% of keys move to another cell.');
    expect(await cellText('api2', 'configured').textContent()).toBe('50.00%');

    await page.click('#plan-apply');
    const applied = Date.now();
    await expect.poll(() => cellText('api2', 'configured').textContent(), { timeout: 5_000, interval: 100 }).toBe('80.00%');
    await expect.poll(() => chartLast('api2', 'configured').getAttribute('data-last'), { timeout: 5_000, interval: 100 }).toBe('80.00%');
    expect(Date.now() - applied).toBeLessThan(5_000);
    expect(await cellText('api1', 'configured').textContent()).toBe('20.00%');
    await expect.poll(() => page.locator('#history tbody tr[data-action="shift"] td:nth-child(6)').first().textContent(), { timeout: 10_000 }).toBe('dashboard');

    // The traffic follows the table: api2's observed share climbs towards 80%.
    await expect.poll(async () => parseFloat((await cellText('api2', 'observed').textContent()) ?? '0'), { timeout: 30_000, interval: 500 }).toBeGreaterThan(65);
    await mkdir(join(repoRoot, 'test-output'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    // The store holds it, as the CLI sees it.
    const status = await runCli(['status', '--outputs-file', join(dev.dir, 'outputs.json'), '--json']);
    const cells = (JSON.parse(status.stdout) as { table: { cells: { id: string; share: number }[] } }).table.cells;
    expect(cells.map((c) => [c.id, c.share])).toEqual([
      ['api1', 0.2],
      ['api2', 0.8],
    ]);
  }, 90_000);

  it('shows a conflict when the store changed after the plan was shown, and keeps the other change', async () => {
    await page.selectOption('#shift-cell', 'api1');
    await page.fill('#shift-to', '40');
    await page.click('#shift-preview');
    await expect.poll(() => page.locator('#plan-cells tr[data-cell="api1"] .after').textContent(), { timeout: 10_000 }).toBe('40.00%');

    // Meanwhile, someone applies a config with the CLI.
    await writeFile(join(dev.dir, 'other.json'), JSON.stringify(config([70, 30])));
    const other = await runCli(['apply', '--config', join(dev.dir, 'other.json'), '--outputs-file', join(dev.dir, 'outputs.json'), '--yes']);
    expect(other.code, other.stderr).toBe(0);

    await page.click('#plan-apply');
    const message = page.locator('#message');
    await expect.poll(() => message.getAttribute('data-kind'), { timeout: 10_000 }).toBe('conflict');
    expect(await message.isVisible()).toBe(true);
    expect(await message.getAttribute('role')).toBe('alert');
    expect(await message.textContent()).toMatch(/^Conflict: the store changed since this plan was made, so nothing was written and the other change stays\. the store changed since the shift was planned \(ETag KV\w+ expected, the store is at KV\w+\); nothing was written\./);

    // The store keeps the CLI's change, and the page shows it.
    const status = await runCli(['status', '--outputs-file', join(dev.dir, 'outputs.json'), '--json']);
    const cells = (JSON.parse(status.stdout) as { table: { cells: { id: string; share: number }[] } }).table.cells;
    expect(cells.map((c) => [c.id, c.share])).toEqual([
      ['api1', 0.7],
      ['api2', 0.3],
    ]);
    await expect.poll(() => cellText('api1', 'configured').textContent(), { timeout: 5_000 }).toBe('70.00%');
    await expect.poll(() => page.locator('#history tbody tr').first().getAttribute('data-action'), { timeout: 10_000 }).toBe('apply');
  }, 60_000);

  it('loads nothing from anywhere but the dashboard: scripts from the package only', async () => {
    expect(foreign).toEqual([]);
    const sources = await page.locator('script').evaluateAll((nodes) => nodes.map((n) => (n as { src: string }).src));
    expect(sources).toEqual([new URL('/assets/app.js', dashboardUrl).href]);
    const res = await page.request.get(dashboardUrl);
    expect(res.headers()['content-security-policy']).toContain("script-src 'self'");
  });
});
