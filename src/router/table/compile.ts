import type { ResolvedConfig } from '../../config/types.js';
import { KVS_VALUE_MAX_BYTES } from '../../limits.js';
import { SLOT_COUNT } from './constants.js';
import { buildTable, encodedBytes, encodeTable } from './encode.js';
import { TableError } from './errors.js';
import { rebalance } from './rebalance.js';
import { compactLayout, freshLayout, runsFromFlat, slotOwners, slotsPerCell, type Run } from './runs.js';
import type { RoutingTable } from './types.js';
import { slotCounts } from './weights.js';

/** How to compile. */
export interface CompileOptions {
  /**
   * The live table. The new table then moves the fewest keys: each cell keeps
   * as many of its slots as its new weight allows.
   * @default - none: runs are laid out afresh, one per cell, in config order
   */
  readonly previous?: RoutingTable;
  /**
   * With `previous`: lay out one run per cell (in the order the cells sat before)
   * instead of moving the fewest keys. Undoes fragmentation at the cost of extra movement.
   * @default false
   */
  readonly compact?: boolean;
}

/** How many keys a new table moves compared with the previous one, by slots. */
export interface Movement {
  /** Slots whose cell changed. */
  readonly movedSlots: number;
  /** The fewest slots any table with the new weights could move: the total variation distance times SLOT_COUNT. */
  readonly minimumSlots: number;
  /** `movedSlots / SLOT_COUNT`: the share of keys that move. */
  readonly movedShare: number;
  readonly minimumShare: number;
  readonly compacted: boolean;
}

/** A compiled table, ready to store. */
export interface CompiledTable {
  readonly table: RoutingTable;
  /** The KVS value. */
  readonly encoded: string;
  /** UTF-8 size of `encoded`. */
  readonly bytes: number;
  readonly runCount: number;
  /** Present when compiled against a previous table. */
  readonly movement?: Movement;
}

/**
 * Compiles a validated config into the routing table: weights become slot
 * counts (largest remainder over enabled cells), slots become runs. Throws
 * `TableError('table-too-large')` when the encoding exceeds one KVS value.
 * Deterministic: the same inputs give the same bytes.
 *
 * @example compileTable(await loadConfig('cellfront.config.json'), { previous: live }).encoded
 */
export function compileTable(config: ResolvedConfig, options: CompileOptions = {}): CompiledTable {
  const targets = slotCounts(
    config.cells.map((c) => (c.disabled ? 0 : c.weight)),
    SLOT_COUNT,
  );
  const previous = options.previous;
  if (!previous) return finish(config, freshLayout(targets), undefined);

  // Cells are matched by id. Cells the config dropped become extra indexes with
  // a target of 0, so they give all their slots away.
  const ids = config.cells.map((c) => c.id);
  for (const cell of previous.c) if (!ids.includes(cell.i)) ids.push(cell.i);
  const renumber = previous.c.map((cell) => ids.indexOf(cell.i));
  const before = runsFromFlat(previous.r).map((run) => ({ cell: renumber[run.cell] as number, length: run.length }));
  const allTargets = ids.map((_, i) => targets[i] ?? 0);
  const minimumSlots = slotsPerCell(before, ids.length).reduce(
    (sum, had, i) => sum + Math.max(0, had - (allTargets[i] as number)),
    0,
  );
  const measure = (runs: Run[], compacted: boolean): Movement => {
    const movedSlots = countMoved(slotOwners(before, ids), slotOwners(runs, ids));
    return {
      movedSlots,
      minimumSlots,
      movedShare: movedSlots / SLOT_COUNT,
      minimumShare: minimumSlots / SLOT_COUNT,
      compacted,
    };
  };
  const compact = compactLayout(before, allTargets);
  if (options.compact) return finish(config, compact, measure(compact, true));
  const minimal = rebalance(before, allTargets);
  try {
    return finish(config, minimal, measure(minimal, false));
  } catch (error) {
    if (!(error instanceof TableError) || error.code !== 'table-too-large') throw error;
    // Only fragmentation is to blame if one run per cell fits; otherwise the cells alone are too big.
    const bytes = encodedBytes(encodeTable(buildTable(config, compact)));
    if (bytes > KVS_VALUE_MAX_BYTES) throw error;
    const movedShare = measure(compact, true).movedShare;
    throw new TableError(
      'table-too-large',
      `${error.message}; fragmentation from earlier changes adds runs: a compact layout would take ${bytes} bytes and move ${percent(movedShare)} of keys (the minimum is ${percent(minimumSlots / SLOT_COUNT)})`,
      { bytes, movedShare },
    );
  }
}

function finish(config: ResolvedConfig, runs: Run[], movement: Movement | undefined): CompiledTable {
  const table = buildTable(config, runs);
  const encoded = encodeTable(table);
  // The edge counts bytes as characters and refuses anything else (see decode.ts);
  // validated configs only produce ASCII, so this is a bug check.
  if (/[^ -~]/.test(encoded)) throw new Error(`routing table is not printable ASCII: ${encoded}`);
  const bytes = encodedBytes(encoded);
  if (bytes > KVS_VALUE_MAX_BYTES) {
    const cellBytes = encodedBytes(JSON.stringify(table.c));
    const runBytes = encodedBytes(JSON.stringify(table.r));
    throw new TableError(
      'table-too-large',
      `the routing table takes ${bytes} bytes, over the ${KVS_VALUE_MAX_BYTES}-byte limit of one KVS value (cells: ${cellBytes} bytes for ${table.c.length}; runs: ${runBytes} bytes for ${runs.length})`,
    );
  }
  return movement ? { table, encoded, bytes, runCount: runs.length, movement } : { table, encoded, bytes, runCount: runs.length };
}

function countMoved(before: readonly (string | undefined)[], after: readonly (string | undefined)[]): number {
  let moved = 0;
  for (let slot = 0; slot < SLOT_COUNT; slot++) if (before[slot] !== after[slot]) moved++;
  return moved;
}

/** A share as a percentage with two decimals, e.g. `12.50%`. */
export function percent(share: number): string {
  return `${(share * 100).toFixed(2)}%`;
}
