import { ConfigError, factLabel, type ResolvedConfig } from '../../config/index.js';
import { compileForStore, compileTable, needsPools, percent, storeEntries, TableError } from '../../router/table/index.js';
import type { Command, Io } from '../command.js';
import { pooledBudgetLines } from './pooled-report.js';
import { ExitCode } from '../errors.js';
import { configFailure, loadConfigFromFlags } from './compile.js';
import { withLocalOutputs } from './local-outputs.js';
import { columns } from './control-render.js';
import { controlFlags, positionals, printJson } from './control-common.js';
import { grouped } from '../numbers.js';


/** `cellfront validate`: the config, its schema and its meaning, and that its table fits the KVS. */
export const validateCommand: Command = {
  name: 'validate',
  summary: 'Check the config: schema, meaning, and that its table and overrides fit the KVS limits.',
  description: [
    'Reads the config and checks it against the schema (cellfront.schema.json), then its meaning:',
    'unique cell ids, weights that split something, origins that resolve (${Name} from --outputs-file)',
    'to absolute http(s) URLs, fallback and override targets that exist, and a table and override',
    'keys within the KVS limits. Every error names the file and the JSON pointer. Reads no store.',
    'With --json, an invalid config prints {"valid": false, "problems": [{file, pointer, message}]}.',
    'Exit codes: 0 valid, 1 invalid, 2 bad command line.',
  ].join('\n'),
  flags: [controlFlags.config, { ...controlFlags.outputsFile, description: 'Stack outputs (`cdk deploy --outputs-file` JSON) for ${Name} in origins.' }, controlFlags.json],
  run: async (args, io) => {
    positionals(args, []);
    const json = args.flags.json === true;
    try {
      const config = await loadConfigFromFlags(withLocalOutputs(args, io, 'names'), io);
      return needsPools(config) ? validatePooled(config, json, io) : validatePlain(config, json, io);
    } catch (error) {
      if (!json || !(error instanceof ConfigError)) throw configFailure(error);
      // Scripts read the verdict on stdout either way; the exit code still says invalid.
      printJson(io, { valid: false, problems: error.issues.map(({ file, pointer, message }) => ({ file, pointer, message })) });
      return ExitCode.failed;
    }
  },
};

/**
 * A table the config compiles to but the KVS cannot hold, as the config's
 * problem: located at `/overrides` when the store is over its size, else at `otherwise`.
 */
function tableProblem(config: ResolvedConfig, error: TableError, otherwise: string): ConfigError {
  const pointer = error.code === 'store-too-large' ? '/overrides' : otherwise;
  return new ConfigError('config-invalid', [{ file: config.file, pointer, message: error.message }]);
}

/** `validate` for a config of cells and weights only: the cells' shares and the table's budget. */
function validatePlain(config: ResolvedConfig, json: boolean, io: Io): number {
  let compiled;
  let entries;
  try {
    compiled = compileTable(config);
    entries = storeEntries(compiled, config);
  } catch (error) {
    if (error instanceof TableError) throw tableProblem(config, error, '/cells');
    throw error;
  }
  const enabledWeight = config.cells.reduce((sum, c) => sum + (c.disabled ? 0 : c.weight), 0);
  const cells = config.cells.map((c) => ({ id: c.id, weight: c.weight, disabled: c.disabled, share: c.disabled ? 0 : c.weight / enabledWeight, origin: c.origin }));
  const b = entries.budget;
  if (json) {
    printJson(io, { valid: true, file: config.file, mode: config.mode, cells, overrides: config.overrides.length, budget: b });
    return ExitCode.ok;
  }
  io.stdout(
    [
      `${config.file}: valid`,
      '',
      ...columns([['cell', 'weight', 'share', 'origin'], ...cells.map((c) => [c.disabled ? `${c.id} (disabled)` : c.id, String(c.weight), percent(c.share), c.origin])], 'lrrl'),
      '',
      `table  ${grouped(b.tableBytes)} of ${grouped(b.tableLimit)} bytes (${b.runCount} run${b.runCount === 1 ? '' : 's'}), ${config.mode} mode`,
      `store  ${grouped(b.keyCount)} key${b.keyCount === 1 ? '' : 's'} (the table and ${grouped(config.overrides.length)} override${config.overrides.length === 1 ? '' : 's'}), ${grouped(b.totalBytes)} of ${grouped(b.totalLimit)} bytes`,
      '',
    ].join('\n'),
  );
  return ExitCode.ok;
}

/** `validate` for a config with rules or pools: the pooled table's budget, the rules and pools. */
function validatePooled(config: ResolvedConfig, json: boolean, io: Io): number {
  let result;
  try {
    result = compileForStore(config);
  } catch (error) {
    if (error instanceof TableError) throw tableProblem(config, error, '/rules');
    throw error;
  }
  if (result.format !== 2) throw new Error('a pooled compile gave a one-value table');
  const rules = (config.rules ?? []).map((r) => ({ name: r.name, target: 'pool' in r.target ? `pool ${r.target.pool}` : `cell ${r.target.cell}`, tests: r.conditions.map((c) => `${factLabel(c.fact)} ${c.test} ${c.values.join('|')}`).join(' and ') }));
  if (json) {
    printJson(io, { valid: true, file: config.file, mode: config.mode, cells: config.cells.length, pools: result.compiled.table.pools.map((p) => p.id), rules, headBytes: result.compiled.headBytes, keys: result.entries.length });
    return ExitCode.ok;
  }
  io.stdout(
    [
      `${config.file}: valid`,
      '',
      ...columns([['rule', 'target', 'when'], ...rules.map((r) => [r.name, r.target, r.tests])], 'lll'),
      '',
      ...pooledBudgetLines(result.compiled, result.entries),
      '',
    ].join('\n'),
  );
  return ExitCode.ok;
}
