import { integerFlag, stringFlag } from '../args.js';
import type { Command } from '../command.js';
import { needsPools, percent, simulate, simulatePooled, type SimulationReport } from '../../router/table/index.js';
import { withLocalOutputs } from './local-outputs.js';
import { configFromFlags, DEFAULT_CONFIG_FILE, tableFailure } from './compile.js';
import { factFlags, renderPooledSimulation, viewerFactsFromFlags } from './simulate-pooled.js';
import { cellTable } from './simulate-table.js';
import { grouped } from '../numbers.js';

const DEFAULT_KEYS = 100_000;
const MAX_KEYS = 10_000_000;

/** The human-readable simulation report. */
export function renderSimulation(report: SimulationReport, file: string): string {
  const lines = [
    `${grouped(report.keys)} synthetic keys (seed ${report.seed}) through ${file}:`,
    '',
    ...cellTable(report.cells),
    '',
    `largest error: ${(report.maxErrorPoints).toFixed(2)} percentage points`,
    `stickiness: ${percent(report.stickiness.repeatedRequests)} of repeated requests reach the same cell;`,
    `            ${percent(report.stickiness.newVisitors)} of new visitors are back on their first cell with the visitor cookie`,
  ];
  const against = report.against;
  if (against) {
    lines.push(
      '',
      `against ${against.file} (compiled with ${file}'s table as the previous one):`,
      '',
      ...cellTable(against.cells),
      '',
      `moved: ${percent(against.movedShare)} of keys (${percent(against.movedSlotShare)} of slots); the minimum possible is ${percent(against.minimumShare)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** `cellfront simulate`: route synthetic keys through the real decision and report the split. */
export const simulateCommand: Command = {
  name: 'simulate',
  summary: 'Route synthetic keys through the routing decision: shares per cell, stickiness, movement.',
  description: [
    'Compiles the config, hashes --keys synthetic partition keys (the same keys for the',
    'same --seed) through the same decision the edge makes, and prints each cell\'s',
    'expected and observed share and whether repeated requests stay on their cell.',
    'With --against, compiles the second config with the first one\'s table as the',
    'previous table and prints the share of keys that move, beside the minimum possible',
    '(the total variation distance between the two splits).',
    'A config with rules or pools: each simulated request carries the viewer\'s facts',
    '(--country, --country-region, --header, --cookie, --query, --path, --method), and',
    'the report gives the share each rule took, where the keys went, every pool\'s split',
    'against its weights and, with --against, the keys that move in each pool.',
  ].join('\n'),
  flags: [
    { name: 'config', type: 'string', valueName: 'FILE', description: `Config file (default: ${DEFAULT_CONFIG_FILE}).` },
    { name: 'against', type: 'string', valueName: 'FILE', description: 'A changed config: report the keys that move to it.' },
    { name: 'keys', type: 'string', valueName: 'N', description: `How many synthetic keys (default: ${grouped(DEFAULT_KEYS)}).` },
    { name: 'seed', type: 'string', valueName: 'N', description: 'Seed of the synthetic keys (default: 1).' },
    {
      name: 'outputs-file',
      type: 'string',
      valueName: 'FILE',
      description: 'Stack outputs (`cdk deploy --outputs-file` JSON) for ${Name} in origins.',
    },
    ...factFlags,
    { name: 'json', type: 'boolean', description: 'Print the report as JSON.' },
  ],
  run: async (args, io) => {
    const keys = integerFlag(args, 'keys', 1, MAX_KEYS) ?? DEFAULT_KEYS;
    const seed = integerFlag(args, 'seed', 0, 0xffffffff) ?? 1;
    const named = withLocalOutputs(args, io, 'names');
    const config = await configFromFlags(named, io);
    const against = stringFlag(args, 'against') === undefined ? undefined : await configFromFlags(named, io, 'against');
    const facts = viewerFactsFromFlags(args);
    if (needsPools(config)) {
      let pooled;
      try {
        pooled = simulatePooled(config, { keys, seed, ...(facts ? { facts } : {}), ...(against ? { against } : {}) });
      } catch (error) {
        tableFailure(error);
      }
      io.stdout(args.flags.json === true ? `${JSON.stringify(pooled, null, 2)}\n` : renderPooledSimulation(pooled, config.file));
      return 0;
    }
    // Without rules, the viewer's facts decide nothing: said, not silently dropped.
    if (facts) io.stderr(`${config.file} has no rules or pools: the viewer's facts (--country, --header, --path, ...) are used only with them, and are ignored here.\n`);
    let report: SimulationReport;
    try {
      report = simulate(config, { keys, seed, ...(against ? { against } : {}) });
    } catch (error) {
      tableFailure(error);
    }
    io.stdout(args.flags.json === true ? `${JSON.stringify(report, null, 2)}\n` : renderSimulation(report, config.file));
    return 0;
  },
};
