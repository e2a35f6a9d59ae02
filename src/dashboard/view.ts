import { cellOrigin, edgeShares, fallbackOf, liveStoreJson, tableForDisplay, tableSettings, type HistoryEntry, type LiveState } from '../control/index.js';
import { utf8Length, type RoutingTable } from '../router/table/index.js';

/** Table fields the view names; anything else a table carries (pools, rules) is shown as is. */
const KNOWN_TABLE_FIELDS = new Set(['v', 'm', 'rs', 'c', 'r', 'k', 'sc', 'sa', 'fh', 'fc', 'f', 'h', 'pn']);
const KNOWN_CELL_FIELDS = new Set(['i', 'd', 'p', 'n', 'o', 'u', 'x']);
/** Pins listed in the page; the count says how many more there are. */
const PINS_SHOWN = 50;

/** One cell as the page shows it. */
export interface CellView {
  readonly id: string;
  readonly origin: string;
  readonly drained: boolean;
  /** Its share of keys at the edge, 0 to 1. */
  readonly share: number;
  /** Pins to this cell. */
  readonly pins: number;
  /** Fields of the cell the view does not name (a pool, say), as stored. */
  readonly extra?: Readonly<Record<string, unknown>>;
}

/** The live table as the page shows it. */
export interface TableView {
  readonly bytes: number;
  readonly runs: number;
  readonly fallback: string;
  readonly settings: Readonly<Record<string, string>>;
  readonly cells: readonly CellView[];
  /** Fields of the table the view does not name (pools, rules), as stored. */
  readonly extra: Readonly<Record<string, unknown>>;
}

/** What the page shows of the store. */
export interface StoreView {
  readonly arn: string;
  readonly etag: string;
  readonly lastModified: string | null;
  readonly itemCount: number;
  readonly totalBytes: number;
  readonly table: TableView | null;
  /** Why the live table is not usable, when it is not. */
  readonly tableProblem?: string;
  readonly previous: boolean;
  readonly pins: { readonly count: number; readonly shown: readonly (readonly [string, string])[] };
  readonly history: readonly HistoryEntry[];
}

/** The store's state as the page shows it. */
export function storeView(live: LiveState): StoreView {
  // A pooled table shows as its default split, with its pools and rules among the extra fields.
  const shown = tableForDisplay(live);
  const table = shown.table;
  const pinCounts = new Map<string, number>();
  for (const cell of live.pins.values()) pinCounts.set(cell, (pinCounts.get(cell) ?? 0) + 1);
  return {
    ...liveStoreJson(live),
    table: table ? withPools(tableView(table, utf8Length(live.table?.encoded ?? ''), pinCounts), shown) : null,
    pins: { count: live.pins.size, shown: [...live.pins].slice(0, PINS_SHOWN) },
    history: live.history,
  };
}

function tableView(table: RoutingTable, bytes: number, pinCounts: ReadonlyMap<string, number>): TableView {
  const shares = edgeShares(table);
  const cells = table.c.map((c): CellView => {
    const extra = unknownFields(c, KNOWN_CELL_FIELDS);
    return {
      id: c.i,
      origin: cellOrigin(c),
      drained: c.x === 1,
      share: shares.get(c.i) ?? 0,
      pins: pinCounts.get(c.i) ?? 0,
      ...(Object.keys(extra).length > 0 ? { extra } : {}),
    };
  });
  return { bytes, runs: table.r.length / 2, fallback: fallbackOf(table), settings: tableSettings(table), cells, extra: unknownFields(table, KNOWN_TABLE_FIELDS) };
}

function withPools(view: TableView, shown: ReturnType<typeof tableForDisplay>): TableView {
  if (!shown.pooled || !shown.pools) return view;
  const pools = Object.fromEntries(shown.pools.map((p) => [p.id, `${p.rules.length > 0 ? `rules ${p.rules.join(', ')}: ` : ''}${p.cells.map((c) => `${c.id} ${(c.share * 100).toFixed(2)}%`).join(', ')}`]));
  return { ...view, extra: { ...view.extra, format: 'pooled (2): cell shares are the default split', generation: shown.pooled.head.g, pools } };
}

function unknownFields(object: object, known: ReadonlySet<string>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).filter(([key]) => !known.has(key)));
}

/** Each cell's configured share, by id (drained cells at 0): what the observed shares are compared with. */
export function configuredShares(view: StoreView | undefined): Map<string, number> {
  return new Map((view?.table?.cells ?? []).map((c) => [c.id, c.share]));
}
