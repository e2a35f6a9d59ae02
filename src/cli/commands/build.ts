import { relative, resolve } from 'node:path';
import { EdgeBuildError, writeEdgeFunction } from '../../function/index.js';
import { FUNCTION_CODE_MAX_BYTES } from '../../limits.js';
import type { Command } from '../command.js';
import { stringFlag } from '../args.js';
import { CliError, UsageError } from '../errors.js';

const DEFAULT_OUT = 'dist/edge-function.js';

/** `cellfront build [--out FILE]`: bundle the edge function into one deployable file. */
export const buildCommand: Command = {
  name: 'build',
  summary: 'Bundle the edge function into one CloudFront Functions file.',
  description: [
    'Bundles the routing core and the CloudFront Function adapter into one file for',
    'runtime 2.0: `import cf from "cloudfront"` and a top-level function handler(event).',
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
  ],
  async run(args, io) {
    if (args.positionals.length > 0) throw new UsageError(`takes no arguments, got: ${args.positionals.join(' ')}`);
    const out = stringFlag(args, 'out') ?? DEFAULT_OUT;
    if (out.trim() === '') throw new UsageError('--out needs a file name');
    try {
      const built = await writeEdgeFunction(resolve(io.cwd, out));
      const shown = relative(io.cwd, built.file) || built.file;
      io.stdout(`${shown}  ${built.bytes} bytes (limit ${FUNCTION_CODE_MAX_BYTES})\n`);
      return 0;
    } catch (error) {
      if (error instanceof EdgeBuildError) throw new CliError(`${error.code}: ${error.message}`);
      throw error;
    }
  },
};
