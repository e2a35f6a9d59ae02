import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Io } from '../../src/cli/command.js';
import { main } from '../../src/cli/main.js';
import { buildEdgeFunction } from '../../src/function/index.js';

function captureIo(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: {}, cwd };
  return { io, out, err };
}

describe('cellfront build', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cellfront-build-cli-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes dist/edge-function.js under the working directory and prints its size', async () => {
    const { io, out, err } = captureIo(dir);
    expect(await main(['build'], io)).toBe(0);
    const { code, bytes } = await buildEdgeFunction();
    expect(out.join('')).toBe(`dist/edge-function.js  ${bytes} bytes (limit 10240)\n`);
    expect(err).toEqual([]);
    expect(await readFile(join(dir, 'dist', 'edge-function.js'), 'utf8')).toBe(code);
  });

  it('prints {file, bytes, limit, config} with --json', async () => {
    const { io, out } = captureIo(dir);
    expect(await main(['build', '--out', 'fn/json.js', '--json'], io)).toBe(0);
    const { bytes } = await buildEdgeFunction();
    expect(JSON.parse(out.join(''))).toEqual({ file: join(dir, 'fn', 'json.js'), bytes, limit: 10240, config: null });
  });

  it('writes where --out says', async () => {
    const { io, out } = captureIo(dir);
    expect(await main(['build', '--out', 'fn/router.js'], io)).toBe(0);
    expect(out.join('')).toMatch(/^fn\/router\.js {2}\d+ bytes \(limit 10240\)\n$/);
    expect(await readFile(join(dir, 'fn', 'router.js'), 'utf8')).toMatch(/function handler\(\w+\)/);
  });

  it('embeds the table compiled from --config, origins resolved from --outputs-file', async () => {
    await writeFile(
      join(dir, 'routes.json'),
      JSON.stringify({ cells: [{ id: 'blue', origin: '${Api.BlueUrl}', weight: 1 }, { id: 'green', origin: 'https://green.example.com/v1', weight: 1 }] }),
    );
    await writeFile(join(dir, 'out.json'), JSON.stringify({ Api: { BlueUrl: 'https://blue.example.com/prod/' } }));
    const { io, out, err } = captureIo(dir);
    expect(await main(['build', '--config', 'routes.json', '--outputs-file', 'out.json', '--out', 'with-table.js'], io)).toBe(0);
    expect(err).toEqual([]);
    expect(out.join('')).toMatch(/^with-table\.js {2}\d+ bytes \(limit 10240\), embeds the table of routes\.json\n$/);
    const code = await readFile(join(dir, 'with-table.js'), 'utf8');
    expect(code).toContain('d:"blue.example.com",o:"/prod"');
    expect(code).not.toContain('APIGW');
  });

  it('says which config problem stops the build, in one line', async () => {
    await writeFile(join(dir, 'bad.json'), JSON.stringify({ cells: [{ id: 'a', origin: 'https://a.example.com', weight: -1 }] }));
    const { io, err } = captureIo(dir);
    expect(await main(['build', '--config', 'bad.json'], io)).toBe(1);
    expect(err.join('')).toBe('cellfront build: bad.json#/cells/0/weight: must be >= 0\n');
  });

  it('takes --outputs-file only with --config', async () => {
    const { io, err } = captureIo(dir);
    expect(await main(['build', '--outputs-file', 'out.json'], io)).toBe(2);
    expect(err.join('')).toContain('--outputs-file only applies with --config');
  });

  it('rejects arguments it does not take', async () => {
    const { io, err } = captureIo(dir);
    expect(await main(['build', 'extra'], io)).toBe(2);
    expect(err.join('')).toContain('cellfront build: takes no arguments, got: extra');
  });

  it('has stable help', async () => {
    const { io, out } = captureIo(dir);
    expect(await main(['build', '--help'], io)).toBe(0);
    expect(out.join('')).toMatchSnapshot();
  });
});
