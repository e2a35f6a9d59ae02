/** Plans, shares and changes as the control-plane commands print them. */
import { KVS_UPDATE_MAX_KEYS, KVS_VALUE_MAX_BYTES } from '../../limits.js';
import type { CellShareChange, LiveState, Plan, PlanChange } from '../../control/index.js';
import { openStored, percent, TABLE_KEY } from '../../router/table/index.js';
import { grouped } from '../numbers.js';


/** Rows as aligned columns, indented; `align` has one `l` or `r` per column (default: the first left, the rest right). */
export function columns(rows: readonly (readonly string[])[], align?: string): string[] {
  const widths = (rows[0] ?? []).map((_, col) => Math.max(...rows.map((r) => (r[col] ?? '').length)));
  const left = (col: number) => (align ? align[col] === 'l' : col === 0);
  return rows.map(
    (r) =>
      '  ' +
      r
        .map((text, col) => (left(col) ? text.padEnd(widths[col] as number) : text.padStart(widths[col] as number)))
        .join('   ')
        .trimEnd(),
  );
}

/**
 * A warning when the plan writes a table of another format than the live one
 * (a config that gains rules or pools: format 1 to 2, or loses them): a function
 * built with `cellfront build --config` embeds its table and reads only that
 * table's format, so it would refuse the new one (`bad v`) and route by its
 * embedded table. Functions built without a table (the packaged one, the CDK
 * construct's) and `cellfront dev`'s read both. '' when the format stays.
 */
export function formatChangeWarning(live: LiveState, plan: Plan): string {
  const from = tableFormat(live.table?.encoded);
  const to = tableFormat(plan.writes.puts.find((put) => put.key === TABLE_KEY)?.value);
  if (from === undefined || to === undefined || from === to) return '';
  const kind = (v: number) => (v === 2 ? 'format 2 (pooled: rules or pools)' : 'format 1 (no rules or pools)');
  return [
    `Warning: the live table is ${kind(from)} and this one is ${kind(to)}.`,
    `  A function built with \`cellfront build --config\` from a config of ${kind(from).split(' (')[0]} reads only that format: it would`,
    `  refuse this table (\`cellfront:table bad v\` in its logs) and keep routing by its embedded table.`,
    '  Functions built without --config (the packaged one, the CDK construct\'s) and `cellfront dev`\'s read both.',
    '',
  ].join('\n');
}

/** The format (`v`) of a stored table's JSON, if it has one. */
function tableFormat(encoded: string | undefined): number | undefined {
  if (encoded === undefined) return undefined;
  const opened = openStored(encoded);
  return typeof opened === 'object' && (opened.v === 1 || opened.v === 2) ? opened.v : undefined;
}

/** Each cell's share before and after, and the keys moving in and out. */
export function renderShareChanges(cells: readonly CellShareChange[]): string[] {
  const share = (s: number | undefined) => (s === undefined ? '-' : percent(s));
  return columns([
    ['cell', 'before', 'after', 'moves in', 'moves out'],
    ...cells.map((c) => [c.id, share(c.before), share(c.after), c.before === undefined && c.movesIn === 0 ? '-' : percent(c.movesIn), c.before === undefined ? '-' : percent(c.movesOut)]),
  ]);
}

/** One change, one line: `+` added, `-` removed, `~` changed. */
export function renderChange(change: PlanChange): string {
  switch (change.kind) {
    case 'first-table':
      return '+ the routing table: the store has none yet';
    case 'unusable-table':
      return `~ the routing table: the live one is not usable (${change.reason}); the new one is laid out afresh and the unusable one is not kept for rollback`;
    case 'cell-added':
      return `+ cell ${change.cell}: ${change.origin}`;
    case 'cell-removed':
      return `- cell ${change.cell}`;
    case 'cell-origin':
      return `~ cell ${change.cell} origin: ${change.from} -> ${change.to}`;
    case 'cell-disabled':
      return `~ cell ${change.cell} disabled (drained): its keys go to the fallback`;
    case 'cell-enabled':
      return `~ cell ${change.cell} enabled (undrained)`;
    case 'setting':
      return `~ ${change.name}: ${change.from} -> ${change.to}`;
    case 'pin-added':
      return `+ pin ${change.key} -> ${change.cell}`;
    case 'pin-removed':
      return `- pin ${change.key} (was ${change.cell})`;
    case 'pin-changed':
      return `~ pin ${change.key}: ${change.from} -> ${change.to}`;
    case 'pool-moved':
      return `~ pool ${change.pool}: ${percent(change.movedShare)} of its keys move (the minimum: ${percent(change.minimumShare)})`;
  }
}

/** The whole plan, for a person to review. */
export function renderPlan(plan: Plan): string {
  const lines = [`Plan: ${plan.configFile} -> ${plan.arn}`, `(computed against ETag ${plan.etag})`, ''];
  const writes = [...plan.writes.puts.map((p) => p.key), ...plan.writes.deletes.map((d) => `${d} (delete)`)];
  if (writes.length === 0) {
    lines.push("No changes: the store already holds this config's table and overrides.");
    return `${lines.join('\n')}\n`;
  }
  lines.push(...renderShareChanges(plan.cells), '');
  lines.push('Changes:', ...plan.changes.map((c) => `  ${renderChange(c)}`));
  if (plan.changes.length === 0) lines.push('  ~ the table layout only (runs), no cell or setting');
  lines.push('');
  const how = plan.compacted ? ' (compacted to one run per cell: more than the minimum)' : '';
  const first = plan.changes.some((c) => c.kind === 'first-table' || c.kind === 'unusable-table');
  const moves = first ? 'Every key is routed by the new table.' : `${percent(plan.movedShare)} of keys move to another cell${how}.`;
  lines.push(`${moves} Table: ${grouped(plan.tableBytes)} of ${grouped(KVS_VALUE_MAX_BYTES)} bytes.`);
  const shown = writes.length > 6 ? `${writes.slice(0, 6).join(', ')}, ... (${writes.length - 6} more)` : writes.join(', ');
  lines.push(`Writes ${writes.length} key${writes.length === 1 ? '' : 's'} in ${plan.calls} UpdateKeys call${plan.calls === 1 ? '' : 's'} with If-Match ${plan.etag}: ${shown}.`);
  if (plan.calls > 1) {
    lines.push(
      `More than ${KVS_UPDATE_MAX_KEYS} keys change: the overrides go first and the table last, each call on condition of the`,
      'ETag the one before returned. A change by someone else in between stops the apply (exit 3) with the table not switched.',
    );
  }
  return `${lines.join('\n')}\n`;
}
