import { relative, resolve } from 'node:path';
import { EdgeBuildError, writeEdgeFunction } from '../../function/index.js';
import { FUNCTION_CODE_MAX_BYTES } from '../../limits.js';
import { compileForStore, embeddableTable, type PoolHead, type RoutingTable } from '../../router/table/index.js';
import type { Command } from '../command.js';
import { stringFlag } from '../args.js';
import { CliError, fileError, UsageError } from '../errors.js';
import { configFromFlags, tableFailure } from './compile.js';

const DEFAULT_OUT = 'dist/edge-function.js';

/** `cellfront build [--out FILE] [--config FILE [--outputs-file FILE]]`: bundle the edge function into one deployable file. */
export const buildCommand: Command = {
  name: 'build',
  summary: 'Bundle the edge function into one CloudFront Functions file.',
  description: [
    'Bundles the routing core and the CloudFront Function adapter into one file for',
    'runtime 2.0: `import cf from "cloudfront"` and a top-level function handler(event).',
    'The same file serves the viewer-request and viewer-response events.',
    '',
    'With --config, the compiled routing table is embedded as the last known good one:',
    'the function routes with it whenever the store\'s table is missing, unreadable or',
    'unusable. Without it, such requests go to the distribution\'s default origin, and a',
    'store with no table at all is read in the seed layout (APIGW1URL, APIGW2URL, ...).',
    '',
    `Fails when the sources use syntax the runtime lacks, or when the result is over`,
    `${FUNCTION_CODE_MAX_BYTES} bytes.`,
  ].join('\n'),
  flags: [
    {
      name: 'out',
      type: 'string',
      valueName: 'FILE',
      description: `Where to write the function (default: ${DEFAULT_OUT}).`,
    },
    { name: 'config', type: 'string', valueName: 'FILE', description: 'Config whose compiled table to embed (default: none).' },
    {
      name: 'outputs-file',
      type: 'string',
      valueName: 'FILE',
      description: 'With --config: stack outputs (`cdk deploy --outputs-file` JSON) for ${Name} in origins.',
    },
    { name: 'json', type: 'boolean', description: 'Print the result as JSON: {file, bytes, limit, config}.' },
  ],
  async run(args, io) {
    if (args.positionals.length > 0) throw new UsageError(`takes no arguments, got: ${args.positionals.join(' ')}`);
    const out = stringFlag(args, 'out') ?? DEFAULT_OUT;
    if (out.trim() === '') throw new UsageError('--out needs a file name');
    const configFile = stringFlag(args, 'config');
    if (configFile === undefined && stringFlag(args, 'outputs-file') !== undefined) {
      throw new UsageError('--outputs-file only applies with --config');
    }
    let table: RoutingTable | PoolHead | undefined;
    if (configFile !== undefined) {
      const config = await configFromFlags(args, io);
      try {
        // A pooled table embeds its head: the fallback cell serves when the store fails.
        table = embeddableTable(compileForStore(config));
      } catch (error) {
        tableFailure(error);
      }
    }
    try {
      const built = await writeEdgeFunction(resolve(io.cwd, out), table ? { table } : {});
      const shown = relative(io.cwd, built.file) || built.file;
      if (args.flags.json === true) {
        io.stdout(`${JSON.stringify({ file: built.file, bytes: built.bytes, limit: FUNCTION_CODE_MAX_BYTES, config: configFile ?? null }, null, 2)}\n`);
        return 0;
      }
      const embedded = configFile === undefined ? '' : `, embeds the table of ${configFile}`;
      io.stdout(`${shown}  ${built.bytes} bytes (limit ${FUNCTION_CODE_MAX_BYTES})${embedded}\n`);
      return 0;
    } catch (error) {
      if (error instanceof EdgeBuildError) throw new CliError(`${error.code}: ${error.message}`);
      throw fileError(error, { flag: '--out', given: out, cwd: io.cwd, action: 'write' });
    }
  },
};
