import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { cli } from '../control/support.js';
import { repoRoot } from '../package/installed-project.js';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cellfront-init-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const run = (...argv: string[]) => cli(dir, argv);

const read = async (name: string) => JSON.parse(await readFile(join(dir, name), 'utf8')) as Record<string, unknown>;

describe('cellfront init', () => {
  it('writes the project\'s own config, its $schema pointing at the schema from where it lies, and it validates', async () => {
    const res = await run('init');
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('Wrote cellfront.config.json: cells api1 and api2 on the demo APIs, 50/50, proxy mode.');
    const written = await read('cellfront.config.json');
    const own = JSON.parse(await readFile(join(repoRoot, 'cellfront.config.json'), 'utf8')) as Record<string, unknown>;
    expect({ ...written, $schema: own.$schema }).toEqual(own);
    expect(Object.keys(written)[0]).toBe('$schema');
    expect(existsSync(resolve(dir, String(written.$schema)))).toBe(true);
    await writeFile(join(dir, 'outputs.json'), JSON.stringify({ Local: { APIGATEWAY1URL: 'http://localhost:8082/prod/', APIGATEWAY2URL: 'http://localhost:8083/prod/' } }));
    const config = await loadConfig('cellfront.config.json', { cwd: dir, outputsFile: 'outputs.json' });
    expect(config.cells.map((cell) => [cell.id, cell.weight])).toEqual([['api1', 50], ['api2', 50]]);
  });

  it('writes to --config, with the $schema path from that folder', async () => {
    await mkdir(join(dir, 'routing'));
    const res = await run('init', '--config', 'routing/edge.json');
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('npx cellfront dev --config routing/edge.json');
    const written = await read('routing/edge.json');
    expect(existsSync(resolve(dirname(join(dir, 'routing/edge.json')), String(written.$schema)))).toBe(true);
  });

  it('never overwrites a config without --force, and says what to do', async () => {
    await writeFile(join(dir, 'cellfront.config.json'), '{"mine": true}\n');
    const res = await run('init');
    expect(res.code).toBe(1);
    expect(res.stderr).toBe('cellfront init: cellfront.config.json: already exists (keep it, or pass --force to replace it); nothing was written\n');
    expect(await read('cellfront.config.json')).toEqual({ mine: true });
    const forced = await run('init', '--force');
    expect(forced.code, forced.stderr).toBe(0);
    expect((await read('cellfront.config.json')).cells).toHaveLength(2);
  });

  it('refuses a missing folder (exit 1) and arguments or an empty --config (exit 2)', async () => {
    const missing = await run('init', '--config', 'nowhere/x.json');
    expect([missing.code, missing.stderr]).toEqual([1, 'cellfront init: nowhere/x.json: the folder nowhere does not exist; nothing was written\n']);
    expect(existsSync(join(dir, 'nowhere'))).toBe(false);
    expect((await run('init', 'extra')).code).toBe(2);
    expect((await run('init', '--config', ' ')).code).toBe(2);
  });
});
