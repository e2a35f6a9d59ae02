/**
 * Routing benchmark: weight accuracy, stickiness and movement of the cellfront
 * routing table, beside the seed's coin flip and stateless weighted rendezvous
 * hashing computed in the same run, plus a fuzz of corrupt encoded tables.
 * Everything is seeded, so the figures are the same on every run (except the
 * throughput line).
 */
import type { ResolvedCell, ResolvedConfig } from '../src/config/index.js';
import {
  buildTable,
  compileTable,
  decide,
  decodeTable,
  encodeTable,
  factsForKey,
  freshLayout,
  hash32,
  SLOT_COUNT,
  slotCounts,
  syntheticKeys,
  type RoutingTable,
} from '../src/router/table/index.js';
import { corruptTables, isSoundTable } from '../test/router-table/corrupt.js';
import { seededRandom } from '../src/router/table/prng.js';

const KEYS = 100_000;
const FUZZ_CASES = 1_000;
/** Limits the figures must stay within; `checks` reports each. */
export const ROUTING_BENCH_LIMITS = { maxErrorPoints: 0.5, movedOverTvd: 1.05 } as const;

/** Figures of one weight-accuracy case. */
export interface AccuracyFigure {
  readonly cells: number;
  readonly weights: readonly number[];
  /** Largest |observed − weight share| over the cells, in percentage points. */
  readonly maxErrorPoints: number;
  /** Encoded table size; over 1,024 means this many cells need shorter ids or origins to fit. */
  readonly tableBytes: number;
}

/** Figures of one weight change. */
export interface MovementFigure {
  readonly change: string;
  /** Total variation distance between the two splits: the least any scheme can move. */
  readonly tvd: number;
  /** cellfront (table compiled with the previous one): share of keys whose cell changed. */
  readonly moved: number;
  readonly movedOverTvd: number;
  /** The seed's coin flip: share of repeat requests landing on another cell. */
  readonly coinFlip: number;
  /** Stateless weighted rendezvous hashing: share of keys whose cell changed. */
  readonly rendezvous: number;
}

/** Everything `runRoutingBench` measures. */
export interface RoutingBenchFigures {
  readonly keys: number;
  readonly accuracy: readonly AccuracyFigure[];
  /** Share of keys routed to the same cell on a repeated request (keyed and new-visitor-with-cookie). */
  readonly stickiness: { readonly repeatedRequests: number; readonly newVisitors: number };
  readonly movement: readonly MovementFigure[];
  readonly fuzz: { readonly cases: number; readonly threw: number; readonly unusable: number; readonly usable: number; readonly unsound: number };
  readonly decisionsPerSecond: number;
  /** Each limit and whether it held. */
  readonly checks: readonly { readonly name: string; readonly ok: boolean; readonly detail: string }[];
}

const prng = seededRandom;

function cells(weights: readonly number[], prefix = 'c'): ResolvedCell[] {
  return weights.map((weight, i) => ({ id: `${prefix}${i}`, origin: `https://${prefix}${i}.example`, weight, disabled: false }));
}

function configOf(cellList: readonly ResolvedCell[]): ResolvedConfig {
  return {
    file: 'bench',
    mode: 'proxy',
    redirectStatus: 307,
    cells: cellList,
    partition: { from: [{ kind: 'header', name: 'x-tenant-id' }], sticky: { cookie: 'cellfront-visitor', maxAgeSeconds: 86_400 } },
    overrides: [],
    force: {},
    fallback: cellList[0]?.id ?? '',
    cellHeader: undefined,
  };
}

/** The table for a config, even one too large for a KVS value (accuracy does not depend on the encoding). */
function tableOf(config: ResolvedConfig): RoutingTable {
  return buildTable(config, freshLayout(slotCounts(config.cells.map((c) => c.weight), SLOT_COUNT)));
}

function route(table: RoutingTable, key: string): string {
  return decide(factsForKey(table, key), table).cell.i;
}

function accuracy(weights: readonly number[], keys: readonly string[]): AccuracyFigure {
  const config = configOf(cells(weights));
  const table = tableOf(config);
  const counts = new Map<string, number>();
  for (const key of keys) {
    const id = route(table, key);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  const total = weights.reduce((a, b) => a + b, 0);
  const maxErrorPoints = Math.max(...config.cells.map((c) => Math.abs((counts.get(c.id) ?? 0) / keys.length - c.weight / total) * 100));
  return { cells: weights.length, weights, maxErrorPoints, tableBytes: Buffer.byteLength(encodeTable(table)) };
}

/** Weighted rendezvous (highest random weight) hashing: stateless, moves about the TVD but not exactly. */
function rendezvous(cellList: readonly ResolvedCell[], key: string): string {
  let best = '';
  let bestScore = -Infinity;
  for (const c of cellList) {
    if (c.weight <= 0) continue;
    const u = (hash32(`${key}|${c.id}`) + 0.5) / 4294967296;
    const score = -c.weight / Math.log(u);
    if (score > bestScore) {
      bestScore = score;
      best = c.id;
    }
  }
  return best;
}

function coinFlip(cellList: readonly ResolvedCell[], random: () => number): string {
  const total = cellList.reduce((sum, c) => sum + c.weight, 0);
  let draw = random() * total;
  for (const c of cellList) {
    draw -= c.weight;
    if (draw < 0) return c.id;
  }
  return cellList[cellList.length - 1]?.id ?? '';
}

function movement(change: string, before: readonly ResolvedCell[], after: readonly ResolvedCell[], keys: readonly string[]): MovementFigure {
  const old = compileTable(configOf(before));
  const next = compileTable(configOf(after), { previous: old.table });
  const random = prng(11);
  let moved = 0;
  let flipped = 0;
  let hrw = 0;
  for (const key of keys) {
    if (route(old.table, key) !== route(next.table, key)) moved++;
    if (coinFlip(before, random) !== coinFlip(after, random)) flipped++;
    if (rendezvous(before, key) !== rendezvous(after, key)) hrw++;
  }
  const share = (c: readonly ResolvedCell[], id: string) => (c.find((x) => x.id === id)?.weight ?? 0) / c.reduce((s, x) => s + x.weight, 0);
  const ids = new Set([...before, ...after].map((c) => c.id));
  const tvd = [...ids].reduce((sum, id) => sum + Math.max(0, share(before, id) - share(after, id)), 0);
  return {
    change,
    tvd,
    moved: moved / keys.length,
    movedOverTvd: moved / keys.length / tvd,
    coinFlip: flipped / keys.length,
    rendezvous: hrw / keys.length,
  };
}

/**
 * Runs the routing benchmark and returns its figures (and whether each limit
 * held). Takes a few seconds on one core.
 *
 * @example const figures = runRoutingBench(); console.table(figures.movement);
 */
export function runRoutingBench(): RoutingBenchFigures {
  const keys = syntheticKeys(KEYS, 1);
  const random = prng(3);
  const accuracyFigures = [2, 3, 5, 8, 16, 32].map((n) => {
    // Random-ish weights with one deliberately small cell, so uneven splits are covered.
    const weights = Array.from({ length: n }, (_, i) => (i === n - 1 ? 1 : 1 + Math.floor(random() * 99)));
    return accuracy(weights, keys);
  });

  const sticky = compileTable(configOf(cells([50, 30, 20]))).table;
  let repeated = 0;
  let returning = 0;
  for (const key of keys) {
    if (route(sticky, key) === route(sticky, key)) repeated++;
    const first = decide({ headers: {}, cookies: {}, query: {}, path: '/', clientIp: '', newVisitorId: key }, sticky);
    const cookie = first.setVisitorCookie;
    const again = decide(
      { headers: {}, cookies: cookie ? { [cookie.name]: cookie.value } : {}, query: {}, path: '/', clientIp: '', newVisitorId: 'x' },
      sticky,
    );
    if (again.cell === first.cell) returning++;
  }

  const movementFigures = [
    movement('50/30/20 -> 40/30/30', cells([50, 30, 20]), cells([40, 30, 30]), keys),
    movement('50/50 -> 90/10 (canary back)', cells([50, 50]), cells([90, 10]), keys),
    movement('4 equal -> 5 equal (a cell added)', cells([1, 1, 1, 1]), cells([1, 1, 1, 1, 1]), keys),
    movement('5 equal -> 4 equal (a cell removed)', cells([1, 1, 1, 1, 1]), cells([1, 1, 1, 1, 1]).filter((c) => c.id !== 'c2'), keys),
  ];

  const base = compileTable(configOf(cells([3, 2, 1]))).table;
  const fuzz = { cases: FUZZ_CASES, threw: 0, unusable: 0, usable: 0, unsound: 0 };
  for (const input of corruptTables(base, FUZZ_CASES, 2024)) {
    try {
      const decoded = decodeTable(input);
      if (!decoded.ok) fuzz.unusable++;
      else if (isSoundTable(decoded.table)) fuzz.usable++;
      else fuzz.unsound++;
    } catch {
      fuzz.threw++;
    }
  }

  const started = process.hrtime.bigint();
  for (let i = 0; i < 20_000; i++) route(sticky, keys[i] as string);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;

  const worstError = Math.max(...accuracyFigures.map((a) => a.maxErrorPoints));
  const worstRatio = Math.max(...movementFigures.map((m) => m.movedOverTvd));
  return {
    keys: KEYS,
    accuracy: accuracyFigures,
    stickiness: { repeatedRequests: repeated / KEYS, newVisitors: returning / KEYS },
    movement: movementFigures,
    fuzz,
    decisionsPerSecond: Math.round(20_000 / seconds),
    checks: [
      { name: 'weight accuracy', ok: worstError <= ROUTING_BENCH_LIMITS.maxErrorPoints, detail: `worst ${worstError.toFixed(3)} pp (limit ${ROUTING_BENCH_LIMITS.maxErrorPoints})` },
      { name: 'stickiness', ok: repeated === KEYS && returning === KEYS, detail: `${repeated}/${KEYS} repeated, ${returning}/${KEYS} returning visitors` },
      { name: 'movement', ok: worstRatio <= ROUTING_BENCH_LIMITS.movedOverTvd, detail: `worst ${worstRatio.toFixed(3)} x TVD (limit ${ROUTING_BENCH_LIMITS.movedOverTvd})` },
      { name: 'corrupt tables', ok: fuzz.threw === 0 && fuzz.unsound === 0, detail: `${fuzz.threw} threw, ${fuzz.unsound} accepted but unsound, of ${FUZZ_CASES}` },
    ],
  };
}
