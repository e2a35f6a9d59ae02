import { fileFlag, type ParsedArgs } from '../args.js';
import type { Command, Io } from '../command.js';
import { CliError, UsageError } from '../errors.js';
import { ConfigError, formatIssue, loadConfig, type ResolvedConfig } from '../../config/index.js';
import { readJsonFile } from '../../config/json-file.js';
import { grouped } from '../numbers.js';
import { pooledBudgetLines } from './pooled-report.js';
import { withLocalOutputs } from './local-outputs.js';
import {
  compileForStore,
  compileTable,
  decodeStoredTable,
  liveTable,
  needsPools,
  type LiveTable,
  percent,
  storeEntries,
  TABLE_KEY,
  TableError,
  type CompiledTable,
  type RoutingTable,
  type StoreEntries,
} from '../../router/table/index.js';

/** The config file read when `--config` is not given. */
export const DEFAULT_CONFIG_FILE = 'cellfront.config.json';

/** Loads the config named by `--config` (and `--outputs-file`), turning config errors into CLI errors. */
export async function configFromFlags(args: ParsedArgs, io: Io, flag = 'config'): Promise<ResolvedConfig> {
  try {
    return await loadConfigFromFlags(args, io, flag);
  } catch (error) {
    throw configFailure(error);
  }
}

/**
 * Loads the config named by `--config` (and `--outputs-file`); a config the
 * user must fix throws its `ConfigError`. An empty file flag is a usage error.
 */
export async function loadConfigFromFlags(args: ParsedArgs, io: Io, flag = 'config'): Promise<ResolvedConfig> {
  const file = fileFlag(args, flag) ?? DEFAULT_CONFIG_FILE;
  const outputsFile = fileFlag(args, 'outputs-file');
  return loadConfig(file, { cwd: io.cwd, ...(outputsFile === undefined ? {} : { outputsFile }) });
}

/** A `ConfigError` as the CLI error that prints it (each problem on a line of its own); anything else as it is. */
export function configFailure(error: unknown): unknown {
  if (!(error instanceof ConfigError)) return error;
  const count = error.issues.length;
  if (count === 1) return new CliError(error.message);
  return new CliError(`${count} problems:\n${error.issues.map((i) => `  ${formatIssue(i)}`).join('\n')}`);
}

/** Reads the live table saved in `file` (the table, a KVS import file, or a `get-key` answer); a pooled table from a KVS import file. */
async function previousTable(file: string, io: Io): Promise<LiveTable> {
  let document: unknown;
  try {
    document = await readJsonFile(file, io.cwd);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(`--previous ${error.message}`);
    throw error;
  }
  const data = (document as { data?: unknown } | null)?.data;
  if (Array.isArray(data)) {
    const values = new Map((data as { key?: unknown; value?: unknown }[]).map((e) => [String(e.key), String(e.value)]));
    const pooled = /"v":2/.test(values.get(TABLE_KEY) ?? '') ? liveTable((key) => values.get(key)) : undefined;
    if (pooled) return pooled;
  }
  const decoded = decodeStoredTable(document);
  if (!decoded.ok) throw new CliError(`--previous ${file}: not a usable routing table (${decoded.reason})`);
  return decoded.table;
}

/** Turns the library's refusal into one CLI error, with the way out when there is one. */
export function tableFailure(error: unknown): never {
  if (error instanceof TableError) {
    const hint = error.compactAlternative ? '; run again with --compact to accept that' : '';
    throw new CliError(`${error.message}${hint}`);
  }
  throw error;
}


/** The stderr report: what the entries use of the KVS limits, and what the change moves. */
function budgetReport(compiled: CompiledTable, entries: StoreEntries): string {
  const b = entries.budget;
  const lines = [
    `table   ${TABLE_KEY}: ${grouped(b.tableBytes)} of ${grouped(b.tableLimit)} bytes (${Math.round((100 * b.tableBytes) / b.tableLimit)}%), ${b.runCount} run${b.runCount === 1 ? '' : 's'}, ${compiled.table.c.length} cells`,
    `store   ${grouped(b.keyCount)} key${b.keyCount === 1 ? '' : 's'} (the table and ${grouped(b.keyCount - 1)} override${b.keyCount === 2 ? '' : 's'}), ${grouped(b.totalBytes)} of ${grouped(b.totalLimit)} bytes (${percent(b.totalBytes / b.totalLimit)})`,
  ];
  const m = compiled.movement;
  if (m) {
    const how = m.compacted ? ', compacted to one run per cell' : '';
    lines.push(`moves   ${percent(m.movedShare)} of keys (the minimum for these weights: ${percent(m.minimumShare)}${how})`);
  }
  return `${lines.join('\n')}\n`;
}

/** `cellfront compile`: config in, KVS import file out. */
export const compileCommand: Command = {
  name: 'compile',
  summary: 'Compile the config into the routing table and override keys, in the KVS import format.',
  description: [
    'Prints {"data": [{"key", "value"}]} on stdout: the routing table under',
    `"${TABLE_KEY}" and one "cellfront:pin:<key>" entry per override. Prints the byte`,
    'budget (and, with --previous, the share of keys that move) on stderr.',
    '',
    'With --previous, cells keep as many of their slots as their new weights allow,',
    'so the change moves the fewest keys possible. --previous takes the live table as',
    'saved from the store: the value itself, a file this command printed, or the',
    'answer of `aws cloudfront-keyvaluestore get-key`.',
  ].join('\n'),
  flags: [
    { name: 'config', type: 'string', valueName: 'FILE', description: `Config file (default: ${DEFAULT_CONFIG_FILE}).` },
    {
      name: 'outputs-file',
      type: 'string',
      valueName: 'FILE',
      description: 'Stack outputs (`cdk deploy --outputs-file` JSON) for ${Name} in origins.',
    },
    { name: 'previous', type: 'string', valueName: 'FILE', description: 'The live table: move as few keys as possible from it.' },
    {
      name: 'compact',
      type: 'boolean',
      description: 'With --previous: lay out one run per cell to undo fragmentation (moves more keys; reported).',
    },
  ],
  run: async (args, io) => {
    const previousFile = fileFlag(args, 'previous');
    const compact = args.flags.compact === true;
    if (compact && previousFile === undefined) throw new UsageError('--compact only applies with --previous');
    const config = await configFromFlags(withLocalOutputs(args, io, 'names'), io);
    const previous = previousFile === undefined ? undefined : await previousTable(previousFile, io);
    if (needsPools(config) || (previous && 'head' in previous)) {
      // Rules or pools: a pooled table, every key of it (see docs/routing.md).
      try {
        const result = compileForStore(config, previous);
        if (result.format !== 2) throw new Error('a pooled compile gave a one-value table');
        io.stdout(`${JSON.stringify({ data: result.entries }, null, 2)}\n`);
        io.stderr(`${pooledBudgetLines(result.compiled, result.entries, result.movement).join('\n')}\n`);
        return 0;
      } catch (error) {
        tableFailure(error);
      }
    }
    let compiled: CompiledTable;
    let entries: StoreEntries;
    try {
      compiled = compileTable(config, previous ? { previous: previous as RoutingTable, compact } : {});
      entries = storeEntries(compiled, config);
    } catch (error) {
      tableFailure(error);
    }
    io.stdout(`${JSON.stringify({ data: entries.data }, null, 2)}\n`);
    io.stderr(budgetReport(compiled, entries));
    return 0;
  },
};
