import { cellOrigin, ControlError, edgeShares, fallbackOf, liveStoreJson, readEdgeStats, tableForDisplay, type CellCounters, type LiveState, type TableForDisplay } from '../../control/index.js';
import { KVS_VALUE_MAX_BYTES } from '../../limits.js';
import { percent, PREVIOUS_TABLE_KEY, TABLE_KEY, utf8Length, type RoutingTable } from '../../router/table/index.js';
import type { Command } from '../command.js';
import { ExitCode } from '../errors.js';
import { controlFlags, mapped, positionals, printJson, storeFlags, targetFromFlags, withStore } from './control-common.js';
import { columns } from './control-render.js';
import { grouped } from '../numbers.js';
import { SEED_TARGET_KEYS_MAX, seedTargetKey } from '../../router/seed-layout.js';

/** What the local edge counted, or why it could not be read. */
type Observed = { readonly edge: string; readonly cells: Map<string, CellCounters> } | { readonly edge: string; readonly error: string };

/** `cellfront status`: the live table, its ETag and age, and (locally) what the edge observes. */
export const statusCommand: Command = {
  name: 'status',
  summary: 'Show the live routing table: cells, shares, ETag, last change, overrides, and observed traffic.',
  description: [
    'Reads the store and prints its ETag and the time of its last change, each cell with its state',
    '(active or drained), its share of keys and its origin, the overrides, and whether a previous',
    'table is kept for rollback. With a local edge (--edge, or a local CLOUDFRONTDOMAINNAME in',
    "--outputs-file), adds each cell's observed share of requests and its 5xx count, from the",
    "edge's counters since it started.",
    'Exit codes: 0 shown, 1 the store refused, 2 bad command line.',
  ].join('\n'),
  flags: [...storeFlags, controlFlags.edge, controlFlags.json],
  run: async (args, io) => {
    positionals(args, []);
    const { live, observed } = await mapped(async () => {
      const target = await targetFromFlags(args, io);
      const state = await withStore(target, io, (store) => store.read());
      const table = tableForDisplay(state).table;
      let seen: Observed | undefined;
      if (target.edgeUrl !== undefined && table) {
        seen = await readEdgeStats(target.edgeUrl, table).then(
          (cells) => ({ edge: target.edgeUrl as string, cells }),
          (error: unknown) => {
            if (error instanceof ControlError) return { edge: target.edgeUrl as string, error: error.message };
            throw error;
          },
        );
      }
      return { live: state, observed: seen };
    });
    const shown = tableForDisplay(live);
    if (args.flags.json === true) {
      printJson(io, statusJson(live, shown, observed));
      return ExitCode.ok;
    }
    io.stdout(renderStatus(live, shown, observed));
    return ExitCode.ok;
  },
};

function cellRows(table: RoutingTable) {
  const shares = edgeShares(table);
  return table.c.map((c) => ({ id: c.i, state: c.x ? 'drained' : 'active', share: shares.get(c.i) ?? 0, origin: cellOrigin(c) }));
}

function observedShares(cells: Map<string, CellCounters>): Map<string, number> {
  const total = [...cells.values()].reduce((sum, c) => sum + c.requests, 0);
  return new Map([...cells].map(([id, c]) => [id, total > 0 ? c.requests / total : 0]));
}

function statusJson(live: LiveState, shown: TableForDisplay, observed: Observed | undefined) {
  const table = shown.table;
  const pooled = shown.pooled;
  return {
    ...liveStoreJson(live),
    table: table
      ? {
          bytes: utf8Length(live.table?.encoded ?? ''),
          runs: table.r.length / 2,
          mode: table.m === 'p' ? 'proxy' : 'redirect',
          fallback: fallbackOf(table),
          cells: cellRows(table),
          // A pooled table: cells' shares are the default split's; each pool's beside.
          ...(pooled ? { format: 2, generation: pooled.head.g, rules: pooled.rules, pools: shown.pools } : {}),
        }
      : null,
    pins: Object.fromEntries(live.pins),
    ...(observed
      ? {
          observed:
            'error' in observed
              ? observed
              : {
                  edge: observed.edge,
                  cells: Object.fromEntries([...observed.cells].map(([id, c]) => [id, { ...c, share: observedShares(observed.cells).get(id) ?? 0 }])),
                },
        }
      : {}),
  };
}

/** `1 run`, `2 runs`. */
function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * With no table, what cellfront's function does with the store instead: the
 * seed layout's targets it would read (`APIGW1URL` on, up to the first missing
 * key, as `routeBySeedLayout` walks them), to be said before "write one with `apply`".
 */
function seedLayoutNote(live: LiveState): string {
  const targets: string[] = [];
  for (let n = 1; n <= SEED_TARGET_KEYS_MAX && live.items?.has(seedTargetKey(n)); n++) targets.push(seedTargetKey(n));
  if (targets.length === 0) return '';
  return `cellfront's function routes by the seed layout (${targets.join(', ')}: an even split) until you `;
}

function renderStatus(live: LiveState, shown: TableForDisplay, observed: Observed | undefined): string {
  const table = shown.table;
  const pooled = shown.pooled;
  const lines = [`Store     ${live.arn}`, `ETag      ${live.etag}`, `Changed   ${live.lastModified?.toISOString() ?? 'unknown'}`];
  if (!live.table) lines.push(`Table     none: the store holds no ${TABLE_KEY}; ${seedLayoutNote(live)}write one with \`cellfront apply\``);
  else if (!table) lines.push(`Table     NOT USABLE (${live.table.decoded.ok ? '' : live.table.decoded.reason}): the edge cannot route with it; \`cellfront apply\` or \`cellfront rollback\``);
  else if (pooled) {
    const bytes = utf8Length(live.table.encoded);
    lines.push(
      `Table     pooled (format 2), head ${grouped(bytes)} of ${grouped(KVS_VALUE_MAX_BYTES)} bytes, generation ${pooled.head.g}, ${plural(pooled.pools.length, 'pool')}, ${plural(pooled.rules.length, 'rule')}, ${table.m === 'p' ? 'proxy' : 'redirect'} mode, fallback ${fallbackOf(table)}`,
    );
  } else {
    const bytes = utf8Length(live.table.encoded);
    lines.push(`Table     ${grouped(bytes)} of ${grouped(KVS_VALUE_MAX_BYTES)} bytes, ${plural(table.r.length / 2, 'run')}, ${table.m === 'p' ? 'proxy' : 'redirect'} mode, fallback ${fallbackOf(table)}`);
  }
  lines.push(`Rollback  ${live.previous ? `a previous table is kept in ${PREVIOUS_TABLE_KEY}; \`cellfront rollback\` restores it` : 'no previous table kept'}`);
  const pins = [...live.pins];
  const pinList = pins.slice(0, 5).map(([key, cell]) => `${key} -> ${cell}`).join(', ');
  lines.push(`Pins      ${pins.length === 0 ? 'none' : `${pins.length}: ${pinList}${pins.length > 5 ? ', ...' : ''}`}`);
  if (table) {
    const rows = cellRows(table);
    const seen = observed && !('error' in observed) ? observed.cells : undefined;
    const seenShares = seen ? observedShares(seen) : undefined;
    const header = ['cell', 'state', 'share', 'origin', ...(seen ? ['observed', 'requests', '5xx'] : [])];
    const body = rows.map((r) => {
      const counters = seen?.get(r.id);
      const extra = seen ? (counters ? [percent(seenShares?.get(r.id) ?? 0), String(counters.requests), String(counters.errors5xx)] : ['?', '?', '?']) : [];
      return [r.id, r.state, percent(r.share), r.origin, ...extra];
    });
    lines.push('', ...columns([header, ...body], seen ? 'llrlrrr' : 'llrl'));
  }
  if (pooled && shown.pools) {
    lines.push('', 'Pools     share is of the default split above (requests no rule matches); each pool splits its own:');
    for (const pool of shown.pools) {
      const who = pool.rules.length > 0 ? `rules ${pool.rules.join(', ')}` : pool.id === 'default' ? 'no rule matches' : 'no rule';
      const cells = pool.cells.map((c) => `${c.id} ${percent(c.share)}`);
      lines.push(`  ${pool.id} (${who}): ${cells.slice(0, 8).join(', ')}${cells.length > 8 ? `, ... (${cells.length} cells)` : ''}`);
    }
  }
  if (observed) {
    lines.push('', 'error' in observed ? `Observed  unavailable: ${observed.error}` : `Observed  requests counted by the local edge at ${observed.edge} since it started`);
  }
  return `${lines.join('\n')}\n`;
}
