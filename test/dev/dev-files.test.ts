/**
 * `cellfront dev` and the files around it (real processes, loopback): a file
 * it cannot write or a data directory that is a file stops it with one line
 * before anything starts; a closed stdout stops it cleanly; a second instance
 * in the same folder leaves the first one's `.cellfront/outputs.json` alone.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliPath, runProcess, startDevProcess, type DevProcess } from '../support/dev-process.js';

const LOCAL_OUTPUTS = '.cellfront/outputs.json';
const started: DevProcess[] = [];
const children: ChildProcess[] = [];
const dirs: string[] = [];

afterEach(async () => {
  await Promise.all(started.splice(0).map((dev) => dev.stop()));
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cellfront-dev-files-'));
  dirs.push(dir);
  return dir;
}

/** Runs `cellfront dev` in `cwd` with no store in the environment, as a user would. */
function dev(cwd: string, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return runProcess(process.execPath, [cliPath, 'dev', '--port', '0', ...args], {}, { cwd });
}

/** The KVSENDPOINT that `file` (an outputs file) names. */
async function endpointIn(file: string): Promise<string | undefined> {
  const outputs = JSON.parse(await readFile(file, 'utf8')) as Record<string, Record<string, string>>;
  return Object.values(outputs)[0]?.KVSENDPOINT;
}

describe('cellfront dev: files it cannot use', () => {
  it('--outputs-file naming a directory: one line, exit 1, before any store is made', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'folder'));
    const r = await dev(dir, '--data-dir', 'data', '--outputs-file', 'folder');
    expect(r.stderr).toBe('cellfront dev: cannot write --outputs-file folder: it is a directory\n');
    expect(r.code).toBe(1);
    expect(existsSync(join(dir, 'data'))).toBe(false);
    expect(existsSync(join(dir, LOCAL_OUTPUTS))).toBe(false);
  });

  it('--data-dir naming a regular file: one line, exit 1', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'plain'), 'a regular file\n');
    const r = await dev(dir, '--data-dir', 'plain');
    expect(r.stderr).toBe('cellfront dev: cannot use --data-dir plain: it is a file, not a directory\n');
    expect(r.code).toBe(1);
    expect(existsSync(join(dir, LOCAL_OUTPUTS))).toBe(false);
  });
});

describe('cellfront dev whose stdout closes (`cellfront dev | head -1`)', () => {
  it('stops cleanly: exit 0, no EPIPE, its local outputs removed', async () => {
    const dir = await tempDir();
    const child = spawn(process.execPath, [cliPath, 'dev', '--port', '0', '--no-dashboard'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    // The reader goes away before dev says anything: its first line to stdout meets a closed pipe.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(stderr).toContain('cellfront dev: stdout was closed; stopping\n');
    expect(code).toBe(0);
    expect(existsSync(join(dir, LOCAL_OUTPUTS))).toBe(false);
  });
});

describe('two `cellfront dev` in one folder', () => {
  it("the second leaves the first one's .cellfront/outputs.json alone, says how to reach it, and does not remove the file on exit", async () => {
    const dir = await tempDir();
    // A file left by an instance that is gone (nothing listens at its endpoint) is taken over.
    const gone = createServer().listen(0, '127.0.0.1');
    await once(gone, 'listening');
    const gonePort = (gone.address() as AddressInfo).port;
    await new Promise((done) => gone.close(done));
    await mkdir(join(dir, '.cellfront'));
    await writeFile(join(dir, LOCAL_OUTPUTS), JSON.stringify({ CellfrontDev: { KVSENDPOINT: `http://localhost:${gonePort}` } }));

    const first = await startDevProcess([], dir);
    started.push(first);
    expect(first.stderr()).not.toContain('names another');
    expect(await endpointIn(join(dir, LOCAL_OUTPUTS))).toBe(first.outputs.KVSENDPOINT);

    const secondOutputs = join(dir, 'second.json');
    const second = await startDevProcess(['--data-dir', join(dir, 'd2'), '--outputs-file', secondOutputs], dir);
    started.push(second);
    expect(second.stderr()).toContain(
      `cellfront dev: ${LOCAL_OUTPUTS} names another \`cellfront dev\` still running (KVS endpoint ${first.outputs.KVSENDPOINT}); it is left to that one, ` +
        `and the commands in this folder with no store flags keep using it. To use this one, pass --outputs-file ${secondOutputs}.\n`,
    );
    expect(second.stdout()).toContain(`  npx cellfront status --outputs-file ${secondOutputs}\n`);
    expect(await endpointIn(join(dir, LOCAL_OUTPUTS))).toBe(first.outputs.KVSENDPOINT);
    expect(await endpointIn(secondOutputs)).not.toBe(first.outputs.KVSENDPOINT);

    started.splice(started.indexOf(second), 1);
    expect(await second.stop()).toBe(0);
    expect(await endpointIn(join(dir, LOCAL_OUTPUTS))).toBe(first.outputs.KVSENDPOINT);
    const status = await runProcess(process.execPath, [cliPath, 'status', '--json'], {}, { cwd: dir, unset: ['CELLFRONT_KVS_ARN', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_CLOUDFRONT_KEYVALUESTORE'] });
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ arn: first.outputs.KVSTOREARN });

    started.splice(started.indexOf(first), 1);
    expect(await first.stop()).toBe(0);
    expect(existsSync(join(dir, LOCAL_OUTPUTS))).toBe(false);
  });
});
