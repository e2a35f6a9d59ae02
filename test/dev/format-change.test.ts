import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Io } from '../../src/cli/command.js';
import { main } from '../../src/cli/main.js';
import { startLocalSystem, type LocalSystem } from '../../src/dev/local-system.js';
import { send } from '../e2e/http.js';

// A local system started with a config without rules (a format 1 table, embedded
// in its function), then given one with rules and pools (format 2) by `apply`:
// the edge routes by the new table, and plan and apply say that a function built
// for one format would not.
const api = (n: 1 | 2) => `\${APIGATEWAY${n}URL}echo`;
const PLAIN = {
  mode: 'proxy',
  cells: [
    { id: 'a', origin: api(1), weight: 1 },
    { id: 'b', origin: api(2), weight: 1 },
  ],
  partition: { from: [{ header: 'x-tenant-id' }] },
  cellHeader: 'x-served-by',
};
const POOLED = { ...PLAIN, pools: { eu: { b: 1 } }, rules: [{ name: 'eu', match: { country: ['DE'] }, pool: 'eu' }] };

describe('a config that gains rules, applied to a local system started without them', () => {
  let dir = '';
  let system: LocalSystem;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cellfront-dev-format-'));
    await writeFile(join(dir, 'plain.json'), JSON.stringify(PLAIN));
    await writeFile(join(dir, 'pooled.json'), JSON.stringify(POOLED));
    system = await startLocalSystem({ dataDir: join(dir, 'data'), port: 0, configFile: 'plain.json', cwd: dir });
  }, 60_000);
  afterAll(async () => {
    await system?.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const io: Io = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {}, cwd: dir };
    const store = ['--kvs-arn', system.store.arn, '--endpoint-url', system.kvsEndpoint, '--outputs-file', 'outputs.json'];
    const code = await main([...args, ...store], io);
    return { code, stdout, stderr };
  }

  async function servedBy(country: string): Promise<Set<string>> {
    const seen = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const answer = await send(system.edge.domainName, '/orders', { headers: { 'x-tenant-id': `tenant-${i}`, 'x-cellfront-dev-viewer-country': country } });
      expect(answer.status, answer.body).toBe(200);
      seen.add(String(answer.headers['x-served-by']));
    }
    return seen;
  }

  it('routes by the pooled table once applied, and plan and apply warn of the format change', async () => {
    await writeFile(join(dir, 'outputs.json'), JSON.stringify({ Local: system.outputs }));
    expect(await servedBy('DE')).toEqual(new Set(['a', 'b']));

    const same = await run(['plan', '--config', 'plain.json']);
    expect(same.code, same.stderr).toBe(0);
    expect(same.stderr).not.toContain('Warning');

    const planned = await run(['plan', '--config', 'pooled.json']);
    expect(planned.code, planned.stderr).toBe(0);
    expect(planned.stderr).toContain('Warning: the live table is format 1 (no rules or pools) and this one is format 2 (pooled: rules or pools).');

    const applied = await run(['apply', '--config', 'pooled.json', '--yes']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stderr).toContain('`cellfront:table bad v`');
    expect(await servedBy('DE')).toEqual(new Set(['b']));
    expect(await servedBy('US')).toEqual(new Set(['a', 'b']));
  });
});
