import { rollback, shareChanges, shareMoves, tableChanges } from '../../control/index.js';
import { percent, PREVIOUS_TABLE_KEY, TABLE_KEY } from '../../router/table/index.js';
import type { Command } from '../command.js';
import { ExitCode } from '../errors.js';
import { controlFlags, positionals, printJson, runEdit, storeFlags } from './control-common.js';
import { renderChange, renderShareChanges } from './control-render.js';

/** `cellfront rollback`: put the previous table back, in one write. */
export const rollbackCommand: Command = {
  name: 'rollback',
  summary: 'Put the previous routing table back, byte for byte, in one conditional write.',
  description: [
    `Writes the value of ${PREVIOUS_TABLE_KEY} to ${TABLE_KEY} and keeps the replaced table as the`,
    'previous one, in one UpdateKeys call with If-Match: a second rollback undoes the first. Every',
    'command that changes the table (apply, drain, undrain, pin, unpin) keeps the table it replaced,',
    'and a shift keeps the one from before its first step, so rollback undoes the last change or the',
    'whole shift. Overrides (pins) are separate keys and are not rolled back. Refuses when there is',
    'no previous table or it is not usable.',
    'Exit codes: 0 rolled back, 1 refused, 2 bad command line, 3 conflict.',
  ].join('\n'),
  flags: [...storeFlags, controlFlags.json],
  run: async (args, io) => {
    positionals(args, []);
    const { edit, live, etag } = await runEdit(args, io, rollback, { action: 'rollback', what: (made) => shareMoves(made.before, made.after) || 'the previous table, same shares' });
    const cells = shareChanges(edit.before, edit.after);
    // The whole difference, as `plan` shows it: origins, drains and settings too, not only shares.
    const changes = edit.before ? tableChanges(edit.before, edit.after) : [{ kind: 'first-table' as const }];
    const moved = cells.reduce((sum, c) => sum + c.movesOut, 0);
    if (args.flags.json === true) {
      printJson(io, { etag, previousEtag: live.etag, table: live.previous?.encoded, cells, changes, movedShare: Math.round(moved * 10_000) / 10_000 });
      return ExitCode.ok;
    }
    io.stdout(
      [
        `Rolled back: ${TABLE_KEY} holds the previous table again; the store is at ETag ${etag} (was ${live.etag}).`,
        '',
        ...renderShareChanges(cells),
        '',
        'Changes:',
        ...(changes.length > 0 ? changes.map((c) => `  ${renderChange(c)}`) : ['  ~ the table layout only (runs), no cell or setting']),
        '',
        `${percent(moved)} of keys move to another cell.`,
        '',
        `The replaced table is now in ${PREVIOUS_TABLE_KEY}: \`cellfront rollback\` again undoes this rollback.`,
        '',
      ].join('\n'),
    );
    return ExitCode.ok;
  },
};
