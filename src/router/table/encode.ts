import type { PartitionSource, ResolvedCell, ResolvedConfig } from '../../config/types.js';
import { TABLE_VERSION } from './constants.js';
import { utf8Length } from './bytes.js';
import { runsToFlat, type Run } from './runs.js';
import type { RoutingTable, SourceSpec, TableCell } from './types.js';

/**
 * The table's view of a cell: in proxy mode the origin split the way
 * `cf.updateRequestOrigin` wants it, in redirect mode the URL to prefix.
 * Defaults (HTTPS, the protocol's port, an empty path) are left out to save bytes.
 */
export function tableCell(cell: ResolvedCell, mode: ResolvedConfig['mode']): TableCell {
  const url = new URL(cell.origin);
  const path = url.pathname.replace(/\/+$/, '');
  const out: { -readonly [K in keyof TableCell]: TableCell[K] } = { i: cell.id };
  if (mode === 'redirect') {
    out.u = url.origin + path;
  } else {
    out.d = url.hostname;
    if (url.protocol === 'http:') out.p = 'http';
    if (url.port) out.n = Number(url.port);
    if (path) out.o = path;
  }
  if (cell.disabled) out.x = 1;
  return out;
}

function sourceSpec(source: PartitionSource): SourceSpec {
  switch (source.kind) {
    case 'header':
      return `h:${source.name.toLowerCase()}`;
    case 'cookie':
      return `c:${source.name}`;
    case 'query':
      return `q:${source.name}`;
    case 'path':
      return `p:${source.index}`;
    case 'client-ip':
      return 'i';
  }
}

/**
 * Assembles the table for `config` with the given runs. Field order is fixed,
 * so the same config and runs always encode to the same bytes.
 */
export function buildTable(config: ResolvedConfig, runs: readonly Run[]): RoutingTable {
  const fallback = config.cells.findIndex((c) => c.id === config.fallback);
  return {
    v: TABLE_VERSION,
    m: config.mode === 'proxy' ? 'p' : 'r',
    ...(config.mode === 'redirect' ? { rs: config.redirectStatus } : {}),
    c: config.cells.map((cell) => tableCell(cell, config.mode)),
    r: runsToFlat(runs),
    k: config.partition.from.map(sourceSpec),
    sc: config.partition.sticky.cookie,
    sa: config.partition.sticky.maxAgeSeconds,
    ...(config.force.header ? { fh: config.force.header.toLowerCase() } : {}),
    ...(config.force.cookie ? { fc: config.force.cookie } : {}),
    f: Math.max(0, fallback),
    ...(config.cellHeader ? { h: config.cellHeader.toLowerCase() } : {}),
    ...(config.overrides.length > 0 ? { pn: 1 as const } : {}),
  };
}

/** The table as stored: compact JSON. */
export function encodeTable(table: RoutingTable): string {
  return JSON.stringify(table);
}

/** Size of the stored table in UTF-8 bytes, as the KVS counts it. */
export function encodedBytes(encoded: string): number {
  return utf8Length(encoded);
}
