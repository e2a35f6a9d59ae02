import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The repository root, the package being packed. */
export const repoRoot = resolve(import.meta.dirname, '..', '..');

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a program to its end in `cwd` and collects its output; rejects after `timeoutMs`. */
export function run(program: string, args: readonly string[], cwd: string, timeoutMs = 180_000, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(program, args, { cwd, stdio: 'pipe', env: { ...process.env, npm_config_update_notifier: 'false', ...env } });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`${program} ${args.join(' ')} took over ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('exit', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

/** What `npm pack --json` says about the tarball it wrote. */
export interface Packed {
  readonly tarball: string;
  readonly files: readonly string[];
}

/**
 * Packs the repository with `npm pack`, as publishing would: `prepack` builds
 * dist/ first. The tarball goes to a fresh temporary folder.
 */
export async function packRepository(): Promise<Packed> {
  const out = await mkdtemp(join(tmpdir(), 'cellfront-pack-'));
  const packed = await run('npm', ['pack', '--json', '--pack-destination', out], repoRoot, 240_000);
  if (packed.code !== 0) throw new Error(`npm pack failed (${packed.code}):\n${packed.stderr}`);
  // npm prints the prepack script's output before the JSON.
  const json = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('[\n'))) as Array<{ filename: string; files: Array<{ path: string }> }>;
  const [first] = json;
  if (!first) throw new Error(`npm pack printed no package:\n${packed.stdout}`);
  const written = await readdir(out);
  if (!written.includes(first.filename)) throw new Error(`npm pack did not write ${first.filename} (found ${written.join(', ')})`);
  return { tarball: join(out, first.filename), files: first.files.map((f) => f.path) };
}

/**
 * An empty project that installs the tarball the way a user does, with the CDK
 * peers `aws-cdk-lib` and `constructs`. The peers are installed from this
 * repository's own node_modules (a local `file:` install, the versions the
 * construct is tested with) rather than downloaded again: aws-cdk-lib is over
 * 40 MB, and this keeps the test fast. cellfront's own dependencies come from
 * the npm cache `npm ci` filled (`--prefer-offline`), the registry otherwise.
 */
export async function installedProject(tarball: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cellfront-user-'));
  await writeFile(join(dir, 'package.json'), `${JSON.stringify({ name: 'cellfront-user', private: true, type: 'module' }, null, 2)}\n`);
  const peers = ['aws-cdk-lib', 'constructs'].map((name) => `file:${join(repoRoot, 'node_modules', name)}`);
  const installed = await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball, ...peers], dir, 240_000);
  if (installed.code !== 0) throw new Error(`npm install failed (${installed.code}):\n${installed.stderr}`);
  await mkdir(join(dir, 'functions'), { recursive: true });
  return dir;
}
