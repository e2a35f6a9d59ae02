import type { PoolHead, RoutingTable } from '../router/table/edge.js';

/**
 * How the built function sees the last known good routing table that
 * `cellfront build --config` embeds: the build defines
 * `globalThis.CELLFRONT_EMBEDDED_TABLE` as the compiled table (or `null`) and
 * `globalThis.CELLFRONT_HAS_EMBEDDED_TABLE` as a literal boolean, so the
 * bundler drops the code of whichever case does not apply. Unbuilt (in Node,
 * in tests) both are simply undefined.
 */
export interface WithEmbeddedTable {
  readonly CELLFRONT_HAS_EMBEDDED_TABLE?: boolean;
  readonly CELLFRONT_EMBEDDED_TABLE?: RoutingTable | PoolHead | null;
  /**
   * The one table format the build serves: 1 (one value) or 2 (pooled), the
   * embedded table's; 0 for both (no table embedded).
   */
  readonly CELLFRONT_FORMAT?: 0 | 1 | 2;
}

/** The expressions the build replaces (esbuild `define`), given the table to embed. */
export function embeddedTableDefines(table: RoutingTable | PoolHead | undefined): Record<string, string> {
  return {
    'globalThis.CELLFRONT_FORMAT': table ? String(table.v) : '0',
    'globalThis.CELLFRONT_HAS_EMBEDDED_TABLE': table ? 'true' : 'false',
    'globalThis.CELLFRONT_EMBEDDED_TABLE': table ? JSON.stringify(table) : 'null',
  };
}
