import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkFunction } from '../../src/check/index.js';
import type { Io } from '../../src/cli/command.js';
import { main } from '../../src/cli/main.js';

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

let dir: string;

async function run(argv: readonly string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env: {},
    cwd: dir,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

const fixture = (name: string): URL => new URL(`../fixtures/${name}`, import.meta.url);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cellfront-check-'));
  await mkdir(join(dir, 'fns'));
  await copyFile(fixture('check/broken-function.js'), join(dir, 'fns', 'broken.js'));
  await copyFile(fixture('check/warning-function.js'), join(dir, 'warning.js'));
  await copyFile(fixture('check/not-emulated-function.js'), join(dir, 'not-emulated.js'));
  await copyFile(fixture('functions/seed-function.js'), join(dir, 'seed.js'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('cellfront check-function', () => {
  it('prints its help', async () => {
    const result = await run(['check-function', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatchSnapshot();
  });

  it('is listed in the top-level help', async () => {
    const result = await run(['--help']);
    expect(result.stdout).toMatch(/^ {2}check-function +Check a CloudFront Function against the runtime 2\.0 allow-list/m);
  });

  it('passes a good function with a one-line summary and exit 0', async () => {
    const result = await run(['check-function', 'seed.js']);
    const bytes = Buffer.byteLength(await readFile(join(dir, 'seed.js'), 'utf8'));
    expect(result).toEqual({ code: 0, stdout: `seed.js: ok (${bytes} bytes of 10240)\n`, stderr: '' });
  });

  it('prints FILE:LINE:COL lines as the file was typed, a summary, and exits 1 on errors', async () => {
    const result = await run(['check-function', 'fns/broken.js']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatchSnapshot();
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.slice(0, -1).every((line) => /^fns\/broken\.js:\d+:\d+ (error|warning): .+ \[[a-z-]+\]$/.test(line))).toBe(true);
    expect(lines.at(-1)).toBe('5 problems (5 errors, 0 warnings)');
  });

  it('exits 0 when there are only warnings', async () => {
    const result = await run(['check-function', 'warning.js']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      'warning.js:4:52 warning: at() is not supported on arrays or strings; if this is one, index it: value[value.length - 1] [unsupported-method]\n' +
        '1 problem (0 errors, 1 warning)\n',
    );
  });

  it("warns, exit 0, that cf.cwt and cf.distributionTenant are CloudFront's and not emulated", async () => {
    const result = await run(['check-function', 'not-emulated.js']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      "not-emulated.js:5:19 warning: the cloudfront module's cwt is CloudFront's, not emulated by cellfront: reading it throws an Error locally, " +
        'so CWT validation and generation can only be tried on CloudFront [not-emulated-module-member]\n' +
        "not-emulated.js:6:51 warning: the cloudfront module's distributionTenant is CloudFront's, not emulated by cellfront: reading it throws a TypeError locally, " +
        'as CloudFront does for a distribution without tenants [not-emulated-module-member]\n' +
        '2 problems (0 errors, 2 warnings)\n',
    );
  });

  it('prints the diagnostics as JSON with --json', async () => {
    const result = await run(['check-function', 'fns/broken.js', '--json']);
    expect(result.code).toBe(1);
    const parsed = JSON.parse(result.stdout) as { file: string; bytes: number; limit: number; diagnostics: unknown[] };
    const source = await readFile(join(dir, 'fns', 'broken.js'), 'utf8');
    expect(parsed).toEqual({
      file: 'fns/broken.js',
      bytes: Buffer.byteLength(source),
      limit: 10240,
      diagnostics: checkFunction(source, 'fns/broken.js'),
    });
  });

  it('exits 2 with usage when FILE is missing', async () => {
    const result = await run(['check-function']);
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'cellfront check-function: missing FILE: the function source to check\n' +
        'Run `cellfront check-function --help` for usage.\n',
    });
  });

  it('exits 2 when given more than one FILE', async () => {
    const result = await run(['check-function', 'seed.js', 'warning.js']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('takes one FILE, got 2: seed.js warning.js');
  });

  it('exits 1 with one clear line when the file does not exist', async () => {
    const result = await run(['check-function', 'missing.js']);
    expect(result).toEqual({ code: 1, stdout: '', stderr: 'cellfront check-function: missing.js: no such file\n' });
  });

  it('exits 1 when FILE is a directory', async () => {
    const result = await run(['check-function', 'fns']);
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: 'cellfront check-function: fns: is a directory, not a function file\n',
    });
  });
});
