import { spawn } from 'node:child_process';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TABLE_KEY } from '../../src/router/table/index.js';
import { cliPath, runCli } from '../support/dev-process.js';
import { configWith, outputsFor, put, startLocalStore, type LocalStore } from '../control/support.js';

let local: LocalStore;
beforeAll(async () => {
  local = await startLocalStore();
  await put(local.dir, 'out.json', outputsFor(local));
  await put(local.dir, 'cellfront.config.json', configWith([50, 50]));
});
afterAll(async () => {
  await local.close();
});
beforeEach(async () => {
  await local.store.clear();
});

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Runs `cellfront apply` under a pseudo-terminal (util-linux `script`), typing `answer`. */
function applyOnTerminal(answer: string): Promise<{ code: number | null; output: string }> {
  return new Promise((done, fail) => {
    const command = [process.execPath, cliPath, 'apply', '--outputs-file', 'out.json'].map(quote).join(' ');
    const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: local.dir, env: { ...process.env, NODE_NO_WARNINGS: '1' }, stdio: 'pipe' });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, output }));
    child.stdin.end(`${answer}\n`);
  });
}

describe('apply asks before writing', () => {
  it('on a terminal, writes after "yes"', async () => {
    const r = await applyOnTerminal('yes');
    expect(r.output).toContain('Apply these changes to ');
    expect(r.output).toContain('Applied: 1 key in 1 UpdateKeys call');
    expect(r.code).toBe(0);
    expect(local.store.get(TABLE_KEY)).toBeDefined();
  });

  it('on a terminal, writes nothing after any other answer', async () => {
    const r = await applyOnTerminal('n');
    expect(r.output).toContain('cellfront apply: cancelled; nothing was written');
    expect(r.code).toBe(1);
    expect(local.store.get(TABLE_KEY)).toBeUndefined();
  });

  it('with no terminal (CI) and no --yes, refuses with exit 2 and says to pass --yes', async () => {
    const r = await runCli(['apply', '--config', `${local.dir}/cellfront.config.json`, '--outputs-file', `${local.dir}/out.json`], { NODE_NO_WARNINGS: '1' });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('cellfront apply: no terminal to confirm on (CI?); pass --yes to apply without asking\nRun `cellfront apply --help` for usage.\n');
    expect(local.store.get(TABLE_KEY)).toBeUndefined();
  });
});
