import { rollback, shareChanges, shareMoves, tableChanges, type LiveState, type PlanChange, type RollbackEdit } from '../../control/index.js';
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
    'whole shift. Overrides (pins) are separate keys and are not rolled back. With no live table, or',
    'one the edge cannot use, there is nothing to keep: the previous table is written as the live one',
    'and left where it is, so the rollback cannot be undone. When the live table already is the',
    'previous one, byte for byte, nothing is written. Refuses when there is no previous table or it',
    'is not usable.',
    'Exit codes: 0 rolled back or nothing to do, 1 refused, 2 bad command line, 3 conflict.',
  ].join('\n'),
  flags: [...storeFlags, controlFlags.json],
  run: async (args, io) => {
    positionals(args, []);
    const { edit, live, etag } = await runEdit(args, io, rollback, { action: 'rollback', what: historyText });
    const cells = shareChanges(edit.before, edit.after);
    const changes = rollbackChanges(edit, live);
    const moved = cells.reduce((sum, c) => sum + c.movesOut, 0);
    if (args.flags.json === true) {
      printJson(io, { etag, previousEtag: live.etag, outcome: edit.outcome, table: live.previous?.encoded, cells, changes, movedShare: Math.round(moved * 10_000) / 10_000 });
      return ExitCode.ok;
    }
    if (edit.outcome === 'unchanged') {
      io.stdout(`Nothing to do: ${TABLE_KEY} already holds the previous table, byte for byte; nothing was written (the store is at ETag ${etag}).\n`);
      return ExitCode.ok;
    }
    io.stdout(
      [
        `Rolled back: ${TABLE_KEY} holds the previous table again; the store is at ETag ${etag} (was ${live.etag}).`,
        '',
        ...renderShareChanges(cells),
        '',
        'Changes:',
        ...(changes.length > 0 ? changes.map((c) => `  ${renderRollbackChange(c)}`) : ['  ~ the table layout only (runs), no cell or setting']),
        '',
        edit.outcome === 'restored' ? 'Every key is routed by the restored table.' : `${percent(moved)} of keys move to another cell.`,
        '',
        undoText(edit, live),
        '',
      ].join('\n'),
    );
    return ExitCode.ok;
  },
};

/** The whole difference the rollback writes, as `plan` shows it: origins, drains and settings too, not only shares. */
function rollbackChanges(edit: RollbackEdit, live: LiveState): PlanChange[] {
  if (edit.before) return tableChanges(edit.before, edit.after);
  return [live.table && !live.table.decoded.ok ? { kind: 'unusable-table', reason: live.table.decoded.reason } : { kind: 'first-table' }];
}

/** One change, one line; the table the rollback replaced, in a rollback's words. */
function renderRollbackChange(change: PlanChange): string {
  switch (change.kind) {
    case 'first-table':
      return `+ the routing table: the store held none in ${TABLE_KEY}`;
    case 'unusable-table':
      return `~ the routing table: the live one was not usable (${change.reason}) and is not kept`;
    default:
      return renderChange(change);
  }
}

/** What a second rollback would do: undo this one, or nothing when no table was kept. */
function undoText(edit: RollbackEdit, live: LiveState): string {
  if (edit.outcome === 'swapped') return `The replaced table is now in ${PREVIOUS_TABLE_KEY}: \`cellfront rollback\` again undoes this rollback.`;
  const replaced = live.table ? 'The replaced table was not usable, so it was not kept' : `There was no table in ${TABLE_KEY}, so none was kept`;
  return `${replaced} and this rollback cannot be undone: ${PREVIOUS_TABLE_KEY} is left as it was, the same table, and \`cellfront rollback\` again has nothing to do.`;
}

/** The rollback in words, for the store's history. */
function historyText(edit: RollbackEdit, live: LiveState): string {
  if (edit.outcome === 'restored') return `the previous table, in place of ${live.table ? 'an unusable one' : 'none'}`;
  return shareMoves(edit.before, edit.after) || 'the previous table, same shares';
}
