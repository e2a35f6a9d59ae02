import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Io } from '../../src/cli/command.js';
import { CliError } from '../../src/cli/errors.js';
import { main } from '../../src/cli/main.js';
import { tableFailure } from '../../src/cli/commands/compile.js';
import { TableError } from '../../src/router/table/errors.js';
import { decodeTable } from '../../src/router/table/decode.js';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cellfront-compile-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function put(name: string, content: unknown): Promise<void> {
  await writeFile(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content), 'utf8');
}

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {}, cwd: dir };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

const config = (weights: readonly number[], extra: Record<string, unknown> = {}) => ({
  $schema: './cellfront.schema.json',
  cells: weights.map((weight, i) => ({ id: `api${i + 1}`, origin: `\${APIGATEWAY${i + 1}URL}`, weight })),
  partition: { from: [{ header: 'x-tenant-id' }], sticky: { cookie: 'cellfront-visitor', maxAgeSeconds: 86400 } },
  overrides: { 'tenant-42': 'api2' },
  force: { header: 'x-cellfront-cell' },
  fallback: 'api1',
  ...extra,
});

const outputs = {
  CellfrontStack: Object.fromEntries(
    [1, 2, 3].map((i) => [`APIGATEWAY${i}URL`, `https://gw${i}.execute-api.eu-west-1.amazonaws.com/prod/`]),
  ),
};

describe('cellfront compile', () => {
  it('prints the KVS import file on stdout and the byte budget on stderr', async () => {
    await put('cellfront.config.json', config([50, 50]));
    await put('outputs.json', outputs);
    const result = await run('compile', '--outputs-file', 'outputs.json');
    expect(result.code).toBe(0);
    const file = JSON.parse(result.stdout) as { data: { key: string; value: string }[] };
    expect(file.data.map((e) => e.key)).toEqual(['cellfront:table', 'cellfront:pin:tenant-42']);
    expect(file.data[1]?.value).toBe('api2');
    const decoded = decodeTable(file.data[0]?.value);
    expect(decoded.ok && decoded.table.c.map((c) => c.d)).toEqual([
      'gw1.execute-api.eu-west-1.amazonaws.com',
      'gw2.execute-api.eu-west-1.amazonaws.com',
    ]);
    expect(result.stderr).toMatchInlineSnapshot(`
      "table   cellfront:table: 301 of 1,024 bytes (29%), 2 runs, 2 cells
      store   2 keys (the table and 1 override), 343 of 5,242,880 bytes (0.01%)
      "
    `);
  });

  it('reads --config from another path and --previous from a compile output, reporting movement', async () => {
    await put('before.json', config([50, 30, 20]));
    await put('after.json', config([40, 30, 30]));
    await put('outputs.json', outputs);
    const first = await run('compile', '--config=before.json', '--outputs-file=outputs.json');
    await put('live.json', first.stdout);
    const second = await run('compile', '--config', 'after.json', '--outputs-file', 'outputs.json', '--previous', 'live.json');
    expect(second.code).toBe(0);
    expect(second.stderr).toContain('moves   10.00% of keys (the minimum for these weights: 10.00%)\n');
    const table = JSON.parse((JSON.parse(second.stdout) as { data: { value: string }[] }).data[0]!.value) as { r: number[] };
    expect(table.r).toEqual([0, 4000, 2, 1000, 1, 3000, 2, 2000]);
  });

  it('accepts the answer of get-key as --previous, and --compact with it', async () => {
    await put('cellfront.config.json', config([50, 30, 20]));
    await put('outputs.json', outputs);
    const first = await run('compile', '--outputs-file', 'outputs.json');
    const value = (JSON.parse(first.stdout) as { data: { value: string }[] }).data[0]!.value;
    await put('live.json', { Key: 'cellfront:table', Value: value, ItemCount: 2, TotalSizeInBytes: 500 });
    await put('cellfront.config.json', config([40, 30, 30]));
    const compact = await run('compile', '--outputs-file', 'outputs.json', '--previous', 'live.json', '--compact');
    expect(compact.code).toBe(0);
    expect(compact.stderr).toMatch(/moves {3}[\d.]+% of keys \(the minimum for these weights: 10\.00%, compacted to one run per cell\)/);
  });

  it('refuses an invalid config with every problem, exit 1', async () => {
    await put('cellfront.config.json', config([50, -1], { mode: 'proxi' }));
    const result = await run('compile');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatchInlineSnapshot(`
      "cellfront compile: 2 problems:
        cellfront.config.json#/mode: must be one of "proxy", "redirect", got "proxi"
        cellfront.config.json#/cells/1/weight: must be >= 0
      "
    `);
  });

  it('refuses a missing config file, exit 1', async () => {
    const result = await run('compile');
    expect(result).toEqual({ code: 1, stdout: '', stderr: 'cellfront compile: cellfront.config.json: no such file\n' });
  });

  it('refuses an unusable --previous', async () => {
    await put('cellfront.config.json', config([1, 1]));
    await put('outputs.json', outputs);
    await put('live.json', { v: 9 });
    const result = await run('compile', '--outputs-file', 'outputs.json', '--previous', 'live.json');
    expect(result).toEqual({ code: 1, stdout: '', stderr: 'cellfront compile: --previous live.json: not a usable routing table (bad v)\n' });
  });

  it('refuses a table over the 1,024-byte value, with the reason', async () => {
    const cells = Array.from({ length: 16 }, (_, i) => ({ id: `cell-${i}`, origin: `https://cell-${i}.execute-api.eu-west-1.amazonaws.com/prod`, weight: 1 }));
    await put('cellfront.config.json', { cells });
    const result = await run('compile');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^cellfront compile: the routing table takes \d+ bytes, over the 1024-byte limit of one KVS value \(cells: \d+ bytes for 16; runs: \d+ bytes for 16\)\n$/);
  });

  it('points to --compact when only fragmentation makes the table too large', () => {
    const fragmented = new TableError('table-too-large', 'too big; a compact layout would fit', { bytes: 900, movedShare: 0.2 });
    expect(() => tableFailure(fragmented)).toThrow(new CliError('too big; a compact layout would fit; run again with --compact to accept that'));
    expect(() => tableFailure(new TableError('table-too-large', 'too big'))).toThrow(new CliError('too big'));
  });

  it('treats --compact without --previous as a usage error, exit 2', async () => {
    const result = await run('compile', '--compact');
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('cellfront compile: --compact only applies with --previous\nRun `cellfront compile --help` for usage.\n');
  });

  it('rejects unknown flags with exit 2', async () => {
    const result = await run('compile', '--config-file', 'x');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown flag --config-file; accepted: --config, --outputs-file, --previous, --compact, --help');
  });

  it('has stable help', async () => {
    const result = await run('compile', '--help');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatchSnapshot();
  });
});
