import { edgeShares, fallbackOf, setDrained } from '../../control/index.js';
import { percent } from '../../router/table/index.js';
import type { Command } from '../command.js';
import { ExitCode } from '../errors.js';
import { controlFlags, positionals, printJson, runEdit, storeFlags } from './control-common.js';

/** `cellfront drain` (`drained`) and `cellfront undrain`: take a cell out of routing at once, or bring it back. */
export function drainingCommand(drained: boolean): Command {
  return {
    name: drained ? 'drain' : 'undrain',
    summary: drained
      ? "Take a cell out of routing at once: its keys go to the fallback cell, every other key stays put."
      : 'Bring a drained cell back: its keys return to it, every other key stays put.',
    positionals: 'CELL',
    description: [
      drained
        ? "Marks the cell disabled in the live table (one conditional write). The edge sends the cell's keys,"
        : "Clears the cell's disabled mark in the live table (one conditional write). The keys that went to",
      drained
        ? 'and keys pinned to it, to the fallback cell (or the first enabled one). Refuses the last enabled cell.'
        : 'the fallback come back; nothing else moves.',
      'The replaced table is kept for `cellfront rollback`. A later `cellfront apply` writes what the',
      'config says (a cell is drained there with "disabled": true).',
      'Exit codes: 0 done (or already so), 1 refused, 2 bad command line, 3 conflict.',
    ].join('\n'),
    flags: [...storeFlags, controlFlags.json],
    run: async (args, io) => {
      const [cell] = positionals(args, ['CELL']) as [string];
      const { edit, changed, etag, live } = await runEdit(args, io, (state) => setDrained(state, cell, drained), {
        action: drained ? 'drain' : 'undrain',
        what: (made) => (drained ? `${cell}: its keys go to ${fallbackOf(made.after)}` : `${cell} takes its keys back`),
      });
      const share = edgeShares(edit.before).get(cell) ?? 0;
      const fallback = fallbackOf(edit.after);
      if (args.flags.json === true) {
        printJson(io, { cell, drained, changed, etag, previousEtag: live.etag, fallback });
        return ExitCode.ok;
      }
      const where = changed ? `; the store is at ETag ${etag} (was ${live.etag})` : '; nothing to do';
      if (!changed) io.stdout(`${cell} is already ${drained ? 'drained' : 'active'}${where}.\n`);
      else if (drained) io.stdout(`Drained ${cell}: its keys (${percent(share)}) go to ${fallback}${where}.\n`);
      else io.stdout(`Undrained ${cell}: it takes back its ${percent(edgeShares(edit.after).get(cell) ?? 0)} of keys${where}.\n`);
      return ExitCode.ok;
    },
  };
}

/** `cellfront drain CELL`. */
export const drainCommand: Command = drainingCommand(true);
