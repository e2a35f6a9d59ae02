import { pin } from '../../control/index.js';
import { PIN_KEY_PREFIX } from '../../router/table/index.js';
import type { Command } from '../command.js';
import { ExitCode } from '../errors.js';
import { controlFlags, positionals, printJson, runEdit, storeFlags } from './control-common.js';

/** `cellfront pin KEY CELL`: send one partition key to one cell. */
export const pinCommand: Command = {
  name: 'pin',
  summary: 'Send one partition key (a tenant, a session) to one cell, whatever its hash says.',
  positionals: 'KEY CELL',
  description: [
    `Writes ${PIN_KEY_PREFIX}KEY = CELL, and marks the table so the edge looks pins up, in one`,
    'conditional write. A pin to a drained cell is ignored until the cell is back. A later',
    '`cellfront apply` writes the overrides the config lists and removes the others.',
    'Exit codes: 0 pinned (or already so), 1 refused, 2 bad command line, 3 conflict.',
  ].join('\n'),
  flags: [...storeFlags, controlFlags.json],
  run: async (args, io) => {
    const [key, cell] = positionals(args, ['KEY', 'CELL']) as [string, string];
    const { changed, etag, live } = await runEdit(args, io, (state) => pin(state, key, cell), {
      action: 'pin',
      what: (_made, state) => `${key} -> ${cell}${state.pins.has(key) ? ` (was ${state.pins.get(key) ?? ''})` : ''}`,
    });
    const was = live.pins.get(key);
    if (args.flags.json === true) {
      printJson(io, { key, cell, was: was ?? null, changed, etag, previousEtag: live.etag });
      return ExitCode.ok;
    }
    if (!changed) io.stdout(`${key} is already pinned to ${cell}; nothing to do.\n`);
    else io.stdout(`Pinned ${key} to ${cell}${was === undefined ? '' : ` (was ${was})`}; the store is at ETag ${etag} (was ${live.etag}).\n`);
    return ExitCode.ok;
  },
};
