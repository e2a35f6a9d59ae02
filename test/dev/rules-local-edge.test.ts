import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Io } from '../../src/cli/command.js';
import { main } from '../../src/cli/main.js';
import { liveStateFrom } from '../../src/control/index.js';
import { storeView } from '../../src/dashboard/view.js';
import { startLocalSystem, type LocalSystem } from '../../src/dev/local-system.js';
import { send } from '../e2e/http.js';

// Rules end to end through the local edge: the viewer's country set with the
// dev-only header, a path rule and a header rule, each reaching its pool, and
// everyone else the default split. Cells share the two demo APIs (the echo
// path answers any path); the cell header names the cell that served.
const api = (n: 1 | 2) => `\${APIGATEWAY${n}URL}echo`;
const CONFIG = {
  mode: 'proxy',
  cells: [
    { id: 'def1', origin: api(1), weight: 1 },
    { id: 'def2', origin: api(2), weight: 1 },
    { id: 'eu1', origin: api(1), weight: 0 },
    { id: 'eu2', origin: api(2), weight: 0 },
    { id: 'v2a', origin: api(1), weight: 0 },
    { id: 'v2b', origin: api(2), weight: 0 },
    { id: 'prem', origin: api(1), weight: 0 },
  ],
  partition: { from: [{ header: 'x-tenant-id' }] },
  pools: { eu: { eu1: 1, eu2: 1 }, v2: { v2a: 1, v2b: 1 }, premium: { prem: 1 } },
  rules: [
    { name: 'premium', match: { header: { name: 'x-plan', equals: 'premium' } }, pool: 'premium' },
    { name: 'v2', match: { pathPrefix: '/v2/' }, pool: 'v2' },
    { name: 'eu', match: { country: ['DE', 'FR', 'IT'] }, pool: 'eu' },
  ],
  cellHeader: 'x-served-by',
};

describe('rules through the local edge', () => {
  let dir = '';
  let system: LocalSystem;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cellfront-dev-rules-'));
    await writeFile(join(dir, 'routes.json'), JSON.stringify(CONFIG));
    system = await startLocalSystem({ dataDir: join(dir, 'data'), port: 0, configFile: 'routes.json', cwd: dir });
  }, 60_000);
  afterAll(async () => {
    await system?.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function cells(path: string, headers: Record<string, string>): Promise<Set<string>> {
    const seen = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const answer = await send(system.edge.domainName, path, { headers: { 'x-tenant-id': `tenant-${i}`, ...headers } });
      expect(answer.status, answer.body).toBe(200);
      seen.add(String(answer.headers['x-served-by']));
    }
    return seen;
  }

  it('sends a viewer in DE to the EU pool, /v2/ to the v2 cells, x-plan: premium to the premium pool, everyone else to the default split', async () => {
    expect(await cells('/orders', { 'x-cellfront-dev-viewer-country': 'DE' })).toEqual(new Set(['eu1', 'eu2']));
    expect(await cells('/v2/orders', {})).toEqual(new Set(['v2a', 'v2b']));
    expect(await cells('/v2/orders', { 'x-plan': 'premium', 'x-cellfront-dev-viewer-country': 'DE' })).toEqual(new Set(['prem']));
    expect(await cells('/orders', { 'x-cellfront-dev-viewer-country': 'US' })).toEqual(new Set(['def1', 'def2']));
    expect(await cells('/orders', {})).toEqual(new Set(['def1', 'def2']));
  });

  it('takes no viewer location from the viewer: a CloudFront-Viewer-Country the viewer sends is dropped, as CloudFront drops it', async () => {
    expect(await cells('/orders', { 'cloudfront-viewer-country': 'DE' })).toEqual(new Set(['def1', 'def2']));
  });

  it('hands the function CloudFront\'s header, not the dev-only one, and the origin sees neither dev header', async () => {
    const answer = await send(system.edge.domainName, '/orders', { headers: { 'x-tenant-id': 't', 'x-cellfront-dev-viewer-country': 'fr', 'x-cellfront-dev-viewer-country-region': 'idf' } });
    expect(answer.headers['x-served-by']).toMatch(/^eu[12]$/);
    const forwarded = Object.keys((JSON.parse(answer.body) as { headers: Record<string, string> }).headers);
    expect(forwarded).toContain('x-tenant-id');
    expect(forwarded.filter((h) => h.startsWith('x-cellfront-dev-'))).toEqual([]);
  });

  it('shows the pooled table in status and the dashboard: the default split, and each pool with its rules', async () => {
    let stdout = '';
    const io: Io = { stdout: (t) => (stdout += t), stderr: () => undefined, env: {}, cwd: dir };
    const code = await main(['status', '--kvs-arn', system.store.arn, '--endpoint-url', system.kvsEndpoint], io);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Table {5}pooled \(format 2\), head \d+ of 1,024 bytes, generation 1, 4 pools, 3 rules, proxy mode, fallback def1$/m);
    expect(stdout).not.toContain('NOT USABLE');
    expect(stdout).toMatch(/^ {2}eu \(rules eu\): eu1 50\.00%, eu2 50\.00%$/m);
    expect(stdout).toMatch(/^ {2}default \(no rule matches\): def1 50\.00%, def2 50\.00%$/m);
    const view = storeView(liveStateFrom({ ...system.store.describe(), totalBytes: 0 }, system.store.list({ maxResults: 50 }).items));
    expect(view.tableProblem).toBeUndefined();
    expect(view.table?.cells.map((c) => [c.id, c.share])).toEqual(expect.arrayContaining([['def1', 0.5], ['def2', 0.5], ['eu1', 0]]));
    expect(view.table?.extra.pools).toMatchObject({ eu: 'rules eu: eu1 50.00%, eu2 50.00%', premium: 'rules premium: prem 100.00%' });
  });
});
