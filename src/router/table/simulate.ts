import type { ResolvedConfig } from '../../config/types.js';
import { compileTable, type CompiledTable } from './compile.js';
import { SLOT_COUNT } from './constants.js';
import { decide } from './decide.js';
import { slotsPerCell, runsFromFlat } from './runs.js';
import type { RequestFacts, RoutingTable } from './types.js';
import { mulberry32 } from './prng.js';

/** What to simulate. */
export interface SimulationOptions {
  /** How many synthetic partition keys to route. */
  readonly keys: number;
  /** A second config: report how many keys move from the first to it (compiled with the first's table as previous). */
  readonly against?: ResolvedConfig;
  /** @default 1 */
  readonly seed?: number;
}

/** One cell's expected and observed share of keys. */
export interface CellShare {
  readonly id: string;
  readonly weight: number;
  readonly disabled: boolean;
  /** Weight over the enabled cells' total weight. */
  readonly expectedShare: number;
  /** The cell's slots over SLOT_COUNT. */
  readonly slotShare: number;
  readonly observedShare: number;
  readonly keys: number;
}

/** The result of `simulate`. */
export interface SimulationReport {
  readonly keys: number;
  readonly seed: number;
  readonly cells: readonly CellShare[];
  /** Largest |observed − expected| over the cells, in percentage points. */
  readonly maxErrorPoints: number;
  readonly stickiness: {
    /** Share of keys routed to the same cell when their request repeats. */
    readonly repeatedRequests: number;
    /** Share of new visitors whose second request (carrying the visitor cookie) reaches their first cell. */
    readonly newVisitors: number;
  };
  readonly against?: {
    readonly file: string;
    /** Share of the synthetic keys whose cell changed. */
    readonly movedShare: number;
    /** Share of slots whose cell changed. */
    readonly movedSlotShare: number;
    /** The fewest any table could move: the total variation distance between the two slot splits. */
    readonly minimumShare: number;
    readonly cells: readonly CellShare[];
  };
}

/**
 * A deterministic stream of distinct-looking keys (mulberry32), the same for
 * the same seed on every machine.
 *
 * @example syntheticKeys(2, 1) // ['k-…', 'k-…'], always the same two
 */
export function syntheticKeys(count: number, seed: number): string[] {
  const next = mulberry32(seed);
  const keys: string[] = [];
  for (let i = 0; i < count; i++) keys.push(`k-${next().toString(16)}${next().toString(16)}`);
  return keys;
}

/** Request facts carrying `key` in the table's first partition source (or the visitor cookie when there is none). */
export function factsForKey(table: RoutingTable, key: string): RequestFacts {
  const facts = { headers: {}, cookies: {}, query: {}, path: '/', clientIp: '', newVisitorId: 'unused' };
  const first = table.k[0] ?? `c:${table.sc}`;
  const name = first.slice(2);
  switch (first.charAt(0)) {
    case 'h':
      return { ...facts, headers: { [name]: key } };
    case 'c':
      return { ...facts, cookies: { [name]: key } };
    case 'q':
      return { ...facts, query: { [name]: key } };
    case 'p':
      return { ...facts, path: `/${'s/'.repeat(Number(name))}${key}` };
    default:
      return { ...facts, clientIp: key };
  }
}

function shares(config: ResolvedConfig, compiled: CompiledTable, counts: readonly number[], total: number): CellShare[] {
  const enabledWeight = config.cells.reduce((sum, c) => sum + (c.disabled ? 0 : c.weight), 0);
  const slots = slotsPerCell(runsFromFlat(compiled.table.r), config.cells.length);
  return config.cells.map((cell, i) => ({
    id: cell.id,
    weight: cell.weight,
    disabled: cell.disabled,
    expectedShare: cell.disabled ? 0 : cell.weight / enabledWeight,
    slotShare: (slots[i] as number) / SLOT_COUNT,
    observedShare: (counts[i] as number) / total,
    keys: counts[i] as number,
  }));
}

/**
 * Routes `keys` synthetic partition keys through `decide` with the table
 * compiled from `config`, and reports each cell's share, stickiness, and (with
 * `against`) how many keys a change moves beside the minimum possible.
 *
 * @example simulate(config, { keys: 100_000 }).maxErrorPoints // well under 0.5
 */
export function simulate(config: ResolvedConfig, options: SimulationOptions): SimulationReport {
  const seed = options.seed ?? 1;
  const compiled = compileTable(config);
  const table = compiled.table;
  const pins = new Map(config.overrides.map((o) => [o.key, o.cell]));
  const index = new Map(table.c.map((c, i) => [c, i]));
  const keys = syntheticKeys(options.keys, seed);
  const counts = new Array<number>(table.c.length).fill(0);
  const chosen: string[] = [];
  let repeatedSame = 0;
  let visitorSame = 0;
  for (const key of keys) {
    const facts = factsForKey(table, key);
    const first = decide(facts, table, pins.get(key));
    const i = index.get(first.cell) as number;
    counts[i] = (counts[i] as number) + 1;
    chosen.push(first.cell.i);
    if (decide(facts, table, pins.get(key)).cell === first.cell) repeatedSame++;
    const newcomer = decide({ headers: {}, cookies: {}, query: {}, path: '/', clientIp: '', newVisitorId: key }, table);
    const cookie = newcomer.setVisitorCookie;
    const returning = decide(
      { headers: {}, cookies: cookie ? { [cookie.name]: cookie.value } : {}, query: {}, path: '/', clientIp: '', newVisitorId: `${key}-again` },
      table,
    );
    if (returning.cell === newcomer.cell) visitorSame++;
  }
  const cells = shares(config, compiled, counts, keys.length);
  const report = {
    keys: keys.length,
    seed,
    cells,
    maxErrorPoints: Math.max(...cells.map((c) => Math.abs(c.observedShare - c.expectedShare) * 100)),
    stickiness: { repeatedRequests: repeatedSame / keys.length, newVisitors: visitorSame / keys.length },
  };
  const target = options.against;
  if (!target) return report;

  const next = compileTable(target, { previous: table });
  const nextPins = new Map(target.overrides.map((o) => [o.key, o.cell]));
  const nextIndex = new Map(next.table.c.map((c, i) => [c, i]));
  const nextCounts = new Array<number>(next.table.c.length).fill(0);
  let moved = 0;
  keys.forEach((key, k) => {
    const cell = decide(factsForKey(next.table, key), next.table, nextPins.get(key)).cell;
    const i = nextIndex.get(cell) as number;
    nextCounts[i] = (nextCounts[i] as number) + 1;
    if (cell.i !== chosen[k]) moved++;
  });
  return {
    ...report,
    against: {
      file: target.file,
      movedShare: moved / keys.length,
      movedSlotShare: (next.movement as NonNullable<CompiledTable['movement']>).movedShare,
      minimumShare: (next.movement as NonNullable<CompiledTable['movement']>).minimumShare,
      cells: shares(target, next, nextCounts, keys.length),
    },
  };
}
