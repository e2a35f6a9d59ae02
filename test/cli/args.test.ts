import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { parseArgs, type FlagSpec } from '../../src/cli/args.js';
import { UsageError } from '../../src/cli/errors.js';
import { cli } from '../control/support.js';

const specs: readonly FlagSpec[] = [
  { name: 'cell', type: 'string', description: 'One value.' },
  { name: 'kvs-arn', type: 'string', description: 'One value.' },
  { name: 'header', type: 'string', repeatable: true, description: 'Many values.' },
  { name: 'json', type: 'boolean', description: 'A switch.' },
];

/** The usage error `parseArgs` throws for `argv`. */
function refusal(argv: readonly string[]): string {
  try {
    parseArgs(argv, specs);
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error(`parseArgs accepted ${argv.join(' ')}`);
}

describe('parseArgs: flags given more than once', () => {
  it('refuses a flag that takes one value given twice, naming it and both values', () => {
    expect(refusal(['--cell', 'api2', '--cell', 'api1'])).toBe('--cell given twice (api2, api1): give it once');
    expect(refusal(['--cell=api2', '--cell=api2'])).toBe('--cell given twice (api2, api2): give it once');
    // The glued form (`--kvs-arnarn:...`) is the same flag.
    expect(refusal(['--kvs-arn', 'arn:a', '--kvs-arnarn:b'])).toBe('--kvs-arn given twice (arn:a, arn:b): give it once');
    // A value that would read ambiguously in the list is quoted.
    expect(refusal(['--cell=', '--cell', 'a, b'])).toBe('--cell given twice ("", "a, b"): give it once');
  });

  it('keeps every value of a repeatable flag, in order', () => {
    const args = parseArgs(['--header', 'a=1', '--header=b=2', '--header', 'a=3'], specs);
    expect(args.lists.header).toEqual(['a=1', 'b=2', 'a=3']);
    expect(args.flags.header).toBe('a=3');
  });

  it('accepts a switch given twice alike, and refuses one that contradicts itself', () => {
    expect(parseArgs(['--json', '--json=true'], specs).flags.json).toBe(true);
    expect(refusal(['--json', '--json=false'])).toBe('--json given twice (true, false): give it once');
  });

  it('makes every command exit 2 on a repeated flag, before acting', async () => {
    const r = await cli(tmpdir(), ['shift', '--cell', 'api2', '--cell', 'api1', '--to', '50', '--interval', '0']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('cellfront shift: --cell given twice (api2, api1): give it once\nRun `cellfront shift --help` for usage.\n');
  });
});
