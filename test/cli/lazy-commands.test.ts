// Commands load what they use, and nothing else: `cellfront --help` lists the
// commands without loading any, and the heavy packages (the AWS SDK, ajv,
// esbuild, acorn) load only on the run path of a command that needs them.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { commands } from '../../src/cli/commands/index.js';
import { cliPath, repoRoot } from '../support/dev-process.js';

const HOOK = fileURLToPath(new URL('../support/heavy-imports.mjs', import.meta.url));

/** The heavy packages `cellfront ARGS` loads. */
function heavyImports(args: readonly string[]): Promise<{ code: number | null; heavy: string[] }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', HOOK, cliPath, ...args], { stdio: ['ignore', 'ignore', 'pipe'], cwd: fileURLToPath(new URL('../fixtures/', import.meta.url)) });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, heavy: [...new Set([...stderr.matchAll(/^heavy-import (\S+)$/gm)].map((m) => m[1] as string))].sort() }));
  });
}

describe('the command list', () => {
  it('names each command as its module does, with the same summary', async () => {
    for (const listed of commands) {
      expect(listed.load, listed.name).toBeTypeOf('function');
      const loaded = await (listed.load as NonNullable<typeof listed.load>)();
      expect([loaded.name, loaded.summary]).toEqual([listed.name, listed.summary]);
      expect(loaded.run ?? loaded.subcommands, listed.name).toBeDefined();
    }
  });
});

describe('heavy packages load on the run path only', () => {
  it('cellfront --help loads none', async () => {
    expect(await heavyImports(['--help'])).toEqual({ code: 0, heavy: [] });
  });

  it('validate loads ajv, not the AWS SDK, esbuild or acorn', async () => {
    // The demo config references stack outputs it is not given: schema-checked, then refused.
    const { heavy } = await heavyImports(['validate', '--config', `${repoRoot}/cellfront.config.json`]);
    expect(heavy).toEqual(['ajv']);
  });

  it('status --help loads the AWS SDK client only, not ajv, esbuild or acorn', async () => {
    const { code, heavy } = await heavyImports(['status', '--help']);
    expect(code).toBe(0);
    expect(heavy).toEqual(['@aws-sdk/client-cloudfront-keyvaluestore']);
  });
});
