import type { RoutingTable, TableCell } from '../router/table/index.js';

/*
 * Tables in words, for plans and status: the same phrasing wherever a table
 * setting or a cell's origin is shown.
 */

/** A cell's origin as a URL: `https://abc.execute-api.eu-west-1.amazonaws.com/prod`. */
export function cellOrigin(cell: TableCell): string {
  if (cell.u !== undefined) return cell.u;
  // Any port the table holds, 0 too: the display must not hide a port the edge refuses.
  return `${cell.p ?? 'https'}://${cell.d ?? '?'}${typeof cell.n === 'number' ? `:${cell.n}` : ''}${cell.o ?? ''}`;
}

/** The table's settings other than cells and runs, by name, as text. */
export function tableSettings(table: RoutingTable): Record<string, string> {
  return {
    mode: table.m === 'p' ? 'proxy' : `redirect ${table.rs ?? ''}`.trim(),
    'partition keys': table.k.length > 0 ? table.k.map(sourceText).join(', ') : '(visitor cookie only)',
    'visitor cookie': `${table.sc}, max-age ${table.sa}s`,
    'force header': table.fh ?? '(none)',
    'force cookie': table.fc ?? '(none)',
    fallback: table.c[table.f]?.i ?? '?',
    'cell header': table.h ?? '(off)',
  };
}

function sourceText(spec: string): string {
  const name = spec.slice(2);
  switch (spec.charAt(0)) {
    case 'h':
      return `header ${name}`;
    case 'c':
      return `cookie ${name}`;
    case 'q':
      return `query ${name}`;
    case 'p':
      return `path segment ${name}`;
    default:
      return 'client IP';
  }
}
