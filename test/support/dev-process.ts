import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The repository root, where `bin/cellfront.js` lives. */
export const repoRoot = resolve(import.meta.dirname, '..', '..');
export const cliPath = join(repoRoot, 'bin', 'cellfront.js');

export interface DevProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly outputs: Record<string, string>;
  readonly dir: string;
  stdout(): string;
  stderr(): string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
}

/**
 * Starts `cellfront dev` as a real child process on free ports and resolves once it
 * has written its outputs file.
 */
export async function startDevProcess(extraArgs: readonly string[] = [], reuseDir?: string, env: Readonly<Record<string, string>> = {}): Promise<DevProcess> {
  const dir = reuseDir ?? (await mkdtemp(join(tmpdir(), 'cellfront-e2e-')));
  // A flag that takes one value may be given once: the caller's --data-dir or --outputs-file replaces the default.
  const given = (flag: string) => {
    const at = extraArgs.indexOf(flag);
    return at >= 0 ? extraArgs[at + 1] : undefined;
  };
  const outputsFile = resolve(dir, given('--outputs-file') ?? 'outputs.json');
  const defaults = [...(given('--data-dir') === undefined ? ['--data-dir', join(dir, 'data')] : []), ...(given('--outputs-file') === undefined ? ['--outputs-file', outputsFile] : [])];
  const child = spawn(
    process.execPath,
    [cliPath, 'dev', '--port', '0', ...defaults, ...extraArgs],
    { cwd: dir, stdio: 'pipe', env: { ...process.env, ...env } },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  await new Promise<void>((ready, fail) => {
    const timer = setInterval(() => {
      // With --json the outputs object is all of stdout, complete once it closes.
      if (out.includes('Outputs:') || (extraArgs.includes('--json') && out.endsWith('}\n'))) {
        clearInterval(timer);
        ready();
      }
    }, 50);
    void exited.then((code) => {
      clearInterval(timer);
      fail(new Error(`cellfront dev exited with ${code} before starting:\n${err}`));
    });
  });
  const file = JSON.parse(await readFile(outputsFile, 'utf8')) as Record<string, Record<string, string>>;
  const outputs = Object.values(file)[0] ?? {};
  return {
    child,
    outputs,
    dir,
    stdout: () => out,
    stderr: () => err,
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Runs the CLI as a child process, the way a user would. */
export function runCli(args: readonly string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return runProcess(process.execPath, [cliPath, ...args], env);
}

/** Runs any program and collects its output; `unset` names variables of this process's environment it must not see. */
export function runProcess(
  program: string,
  args: readonly string[],
  env: Record<string, string> = {},
  options: { readonly cwd?: string; readonly unset?: readonly string[] } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const childEnv: Record<string, string | undefined> = { ...process.env, ...env };
  for (const name of options.unset ?? []) delete childEnv[name];
  return new Promise((done, fail) => {
    const child = spawn(program, args, { env: childEnv, stdio: 'pipe', ...(options.cwd === undefined ? {} : { cwd: options.cwd }) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    // 'close', not 'exit': at 'exit' the child's last output may still be on its way through the pipes (an empty stderr under load).
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}
