// CLI start-up, as an installed user runs it: the compiled dist/ (built first),
// each command timed from spawn to exit, against `node -e 0` in the same run.
// Medians of several runs, interleaved so a busy moment hits every command.
import { spawn } from 'node:child_process';
import { copyFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDist, DIST_ENV } from './dist.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'cellfront.js');
const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 11);
const DEV_RUNS = Number(process.env.BENCH_DEV_RUNS ?? 5);
/** The targets the issue set, as ratios to `node -e 0` (dev: seconds to the first answer). */
export const STARTUP_TARGETS = { help: 2, controlCommand: 4, devFirstAnswerSeconds: 1 } as const;

export interface StartupFigures {
  readonly runs: number;
  readonly baselineMs: number;
  readonly commands: ReadonlyArray<{ readonly label: string; readonly ms: number; readonly ratio: number; readonly target: number }>;
  readonly devFirstAnswerMs: number;
}

const env = { ...process.env, ...DIST_ENV };

function timed(args: readonly string[], cwd: string): Promise<number> {
  return new Promise((done, fail) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('exit', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0) fail(new Error(`node ${args.join(' ')} exited ${code}: ${stderr}`));
      else done(ms);
    });
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

/** Spawn to the first answer through the edge: `cellfront dev --port 0`, then GET / as soon as the port is printed. */
async function devFirstAnswer(cwd: string): Promise<number> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [BIN, 'dev', '--port', '0', '--data-dir', join(cwd, `data-${Date.now()}`)], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const domain = await new Promise<string>((done, fail) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const found = /CLOUDFRONTDOMAINNAME = (\S+)/.exec(out);
        if (found) done(found[1] as string);
      });
      child.on('exit', (code) => fail(new Error(`cellfront dev exited ${code}`)));
    });
    const res = await fetch(`http://${domain.replace('localhost', '127.0.0.1')}/`, { redirect: 'manual' });
    await res.arrayBuffer();
    if (res.status >= 500) throw new Error(`the edge answered ${res.status}`);
    return Number(process.hrtime.bigint() - started) / 1e6;
  } finally {
    child.kill('SIGTERM');
    await new Promise((done) => child.once('exit', done));
  }
}

/** Builds dist/ (what the installed package runs), then times the commands. */
export async function runStartupBench(): Promise<StartupFigures> {
  await buildDist();
  const dir = await mkdtemp(join(tmpdir(), 'cellfront-startup-'));
  // A running local system for the commands that read a store; the demo config in the folder.
  const dev = spawn(process.execPath, [BIN, 'dev', '--port', '0', '--data-dir', join(dir, 'data'), '--config', join(ROOT, 'cellfront.config.json')], { cwd: dir, env, stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    await new Promise<void>((done) => {
      let out = '';
      dev.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()).includes('Outputs:') && done());
    });
    await copyFile(join(ROOT, 'cellfront.config.json'), join(dir, 'cellfront.config.json'));
    const cases: Array<{ label: string; args: string[]; target: number }> = [
      { label: '`cellfront --help`', args: [BIN, '--help'], target: STARTUP_TARGETS.help },
      { label: '`cellfront validate`', args: [BIN, 'validate'], target: STARTUP_TARGETS.controlCommand },
      { label: '`cellfront status`', args: [BIN, 'status'], target: STARTUP_TARGETS.controlCommand },
      { label: '`cellfront plan`', args: [BIN, 'plan'], target: STARTUP_TARGETS.controlCommand },
    ];
    const baseline: number[] = [];
    const times = cases.map((): number[] => []);
    for (let run = 0; run < RUNS; run++) {
      baseline.push(await timed(['-e', '0'], dir));
      for (const [i, c] of cases.entries()) times[i]?.push(await timed(c.args, dir));
    }
    const baselineMs = median(baseline);
    const commands = cases.map((c, i) => {
      const ms = median(times[i] as number[]);
      return { label: c.label, ms, ratio: ms / baselineMs, target: c.target };
    });
    const devTimes: number[] = [];
    for (let run = 0; run < DEV_RUNS; run++) devTimes.push(await devFirstAnswer(dir));
    return { runs: RUNS, baselineMs, commands, devFirstAnswerMs: median(devTimes) };
  } finally {
    dev.kill('SIGTERM');
  }
}

/** The figures as Markdown. */
export function startupReport(f: StartupFigures): string {
  const rows = f.commands.map((c) => `| ${c.label} | ${c.ms.toFixed(0)} | ${c.ratio.toFixed(2)}x | ${c.target}x | ${c.ratio <= c.target ? 'ok' : 'OVER'} |`);
  const dev = f.devFirstAnswerMs / 1000;
  return [
    `## CLI start-up (compiled dist/, as installed; medians of ${f.runs} runs; baseline \`node -e 0\` ${f.baselineMs.toFixed(0)} ms in the same run)`,
    '',
    '| command | ms | ratio to `node -e 0` | target | |',
    '| --- | ---: | ---: | ---: | --- |',
    ...rows,
    '',
    `\`cellfront dev --port 0\` (demo config) to its first answer through the edge: ${f.devFirstAnswerMs.toFixed(0)} ms (${(f.devFirstAnswerMs / f.baselineMs).toFixed(1)}x \`node -e 0\`; target ${STARTUP_TARGETS.devFirstAnswerSeconds} s: ${dev <= STARTUP_TARGETS.devFirstAnswerSeconds ? 'ok' : 'OVER'})`,
    '',
  ].join('\n');
}
