import { describe, expect, it } from 'vitest';
import type { Io } from '../../src/cli/command.js';
import { main } from '../../src/cli/main.js';

function capture(): Io & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: (text) => (out += text),
    stderr: (text) => (err += text),
    env: {},
    cwd: process.cwd(),
    out: () => out,
    err: () => err,
  };
}

describe('cellfront (top level)', () => {
  it('--help lists every command', async () => {
    const io = capture();
    expect(await main(['--help'], io)).toBe(0);
    expect(io.out()).toMatchSnapshot();
  });

  it('no command prints the help on stderr and exits 2', async () => {
    const io = capture();
    expect(await main([], io)).toBe(2);
    expect(io.err()).toContain('Usage: cellfront <command>');
  });

  it('an unknown command names the accepted ones and exits 2', async () => {
    const io = capture();
    expect(await main(['deploy'], io)).toBe(2);
    expect(io.err()).toMatchSnapshot();
  });

  it('dev --help', async () => {
    const io = capture();
    expect(await main(['dev', '--help'], io)).toBe(0);
    expect(io.out()).toMatchSnapshot();
  });

  it('a bad flag value names the flag and the accepted values', async () => {
    const io = capture();
    expect(await main(['dev', '--port', 'eighty'], io)).toBe(2);
    expect(io.err()).toMatchSnapshot();
  });
});
