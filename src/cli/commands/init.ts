import { readFile, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve, sep } from 'node:path';
import { packagePath } from '../../package-root.js';
import { stringFlag } from '../args.js';
import type { Command } from '../command.js';
import { CliError, fileProblem, UsageError } from '../errors.js';
import { DEFAULT_CONFIG_FILE } from './compile.js';

/** `cellfront init`: write the starter config, the one `npm start` routes by in a checkout. */
export const initCommand: Command = {
  name: 'init',
  summary: 'Write a starter cellfront.config.json: two cells on the demo APIs of `cellfront dev`, 50/50, proxy mode.',
  description: [
    'Writes the config cellfront\'s own `npm start` routes by, to edit from: cells api1 and api2 on',
    'the demo APIs of `cellfront dev` (${APIGATEWAY1URL}, ${APIGATEWAY2URL}), an even split, proxy',
    'mode, a partition key, sticky visitors, an override and a force header. `cellfront dev` in the',
    'same folder then routes by it.',
    'Without a config, `cellfront dev` runs the seed pattern\'s layout (307 redirects) instead.',
    '',
    'Never overwrites a file unless --force is given.',
    'Exit codes: 0 written, 1 the file exists or cannot be written, 2 bad command line.',
  ].join('\n'),
  flags: [
    { name: 'config', type: 'string', valueName: 'FILE', description: `Where to write the config (default: ${DEFAULT_CONFIG_FILE}).` },
    { name: 'force', type: 'boolean', description: 'Overwrite the file if it exists.' },
  ],
  async run(args, io) {
    if (args.positionals.length > 0) throw new UsageError(`takes no arguments, got: ${args.positionals.join(' ')}`);
    const given = stringFlag(args, 'config') ?? DEFAULT_CONFIG_FILE;
    if (given.trim() === '') throw new UsageError('--config needs a file name');
    const file = resolve(io.cwd, given);
    const text = starterConfig(await readFile(packagePath(DEFAULT_CONFIG_FILE), 'utf8'), schemaReference(file));
    try {
      await writeFile(file, text, { flag: args.flags.force === true ? 'w' : 'wx' });
    } catch (error) {
      // Refused because it exists (the `wx` flag): the way on is --force, said here; anything else as every command says it.
      const why = (error as NodeJS.ErrnoException).code === 'EEXIST' ? 'already exists (keep it, or pass --force to replace it)' : fileProblem(error, { flag: '--config', given, cwd: io.cwd, action: 'write' });
      if (why === undefined) throw error;
      throw new CliError(`${given}: ${why}; nothing was written`);
    }
    const flag = given === DEFAULT_CONFIG_FILE ? '' : ` --config ${given}`;
    io.stdout(`Wrote ${given}: cells api1 and api2 on the demo APIs, 50/50, proxy mode.\nNext: npx cellfront dev${flag}, then curl -i localhost:8080 (200 from api1 or api2, named by x-cellfront-cell).\n`);
    return 0;
  },
};

/** The packaged config with its `$schema` pointing at the packaged schema, from where `file` goes. */
function starterConfig(packaged: string, schema: string): string {
  const config = JSON.parse(packaged) as Record<string, unknown>;
  return `${JSON.stringify({ ...config, $schema: schema }, null, 2)}\n`;
}

/** The packaged schema as a path relative to `file`'s folder, as `$schema` takes it (`./node_modules/cellfront/...`). */
function schemaReference(file: string): string {
  const path = relative(dirname(file), packagePath('cellfront.schema.json')).split(sep).join('/');
  return path.startsWith('.') || path.startsWith('/') ? path : `./${path}`;
}
