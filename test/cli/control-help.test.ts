import { describe, expect, it } from 'vitest';
import { cli } from '../control/support.js';

const COMMANDS = ['validate', 'plan', 'apply', 'status', 'shift', 'rollback', 'pin', 'unpin', 'drain', 'undrain'];

describe('control-plane help', () => {
  it.each(COMMANDS)('cellfront %s --help is stable', async (name) => {
    const r = await cli('.', [name, '--help']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatchSnapshot();
  });

  it('lists the control commands in `cellfront --help`', async () => {
    const r = await cli('.', ['--help']);
    for (const name of COMMANDS) expect(r.stdout).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
  });
});
