import { unpin } from '../../control/index.js';
import { PIN_KEY_PREFIX } from '../../router/table/index.js';
import type { Command } from '../command.js';
import { ExitCode } from '../errors.js';
import { controlFlags, positionals, printJson, runEdit, storeFlags } from './control-common.js';

/** `cellfront unpin KEY`: let a pinned key route by its hash again. */
export const unpinCommand: Command = {
  name: 'unpin',
  summary: 'Remove the pin of one partition key: it routes by its hash again.',
  positionals: 'KEY',
  description: [
    `Deletes ${PIN_KEY_PREFIX}KEY in one conditional write; with no pin left, also clears the`,
    "table's pin mark so the edge stops looking pins up. Refuses a key that is not pinned.",
    'Exit codes: 0 unpinned, 1 refused, 2 bad command line, 3 conflict.',
  ].join('\n'),
  flags: [...storeFlags, controlFlags.json],
  run: async (args, io) => {
    const [key] = positionals(args, ['KEY']) as [string];
    const { etag, live } = await runEdit(args, io, (state) => unpin(state, key), { action: 'unpin', what: (_made, state) => `${key} (was ${state.pins.get(key) ?? '?'})` });
    const was = live.pins.get(key) as string;
    if (args.flags.json === true) {
      printJson(io, { key, was, etag, previousEtag: live.etag });
      return ExitCode.ok;
    }
    io.stdout(`Unpinned ${key} (was ${was}): it routes by its hash again; the store is at ETag ${etag} (was ${live.etag}).\n`);
    return ExitCode.ok;
  },
};
