import { percent, type CellShare } from '../../router/table/index.js';

const points = (share: number) => `${share >= 0 ? '+' : ''}${(share * 100).toFixed(2)} pp`;

/** Cells' shares as aligned rows: weight, expected, slots, observed, error. */
export function cellTable(cells: readonly CellShare[]): string[] {
  const rows = [
    ['cell', 'weight', 'expected', 'slots', 'observed', 'error'],
    ...cells.map((c) => [
      c.disabled ? `${c.id} (disabled)` : c.id,
      String(c.weight),
      percent(c.expectedShare),
      percent(c.slotShare),
      percent(c.observedShare),
      points(c.observedShare - c.expectedShare),
    ]),
  ];
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((r) => r[col]!.length)));
  return rows.map((r) => r.map((text, col) => (col === 0 ? text.padEnd(widths[col]!) : text.padStart(widths[col]!))).join('  ').trimEnd());
}
