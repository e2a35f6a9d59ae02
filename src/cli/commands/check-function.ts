import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { checkFunction, formatDiagnostics, hasErrors, type Diagnostic } from '../../check/index.js';
import { FUNCTION_CODE_MAX_BYTES } from '../../limits.js';
import type { Command } from '../command.js';
import { CliError, ExitCode, UsageError } from '../errors.js';

/** `cellfront check-function FILE [--json]`: the runtime 2.0 checker, before any deploy. */
export const checkFunctionCommand: Command = {
  name: 'check-function',
  summary: 'Check a CloudFront Function against the runtime 2.0 allow-list before deploying it.',
  positionals: 'FILE',
  description: [
    'Reports every language form, global, built-in member and module the CloudFront',
    'Functions JavaScript runtime 2.0 does not list as supported, a missing top-level',
    `function handler(event), and code over ${FUNCTION_CODE_MAX_BYTES} bytes.`,
    'Exits 0 when there is no error (warnings alone pass), 1 when there is one.',
  ].join('\n'),
  flags: [{ name: 'json', type: 'boolean', description: 'Print the result as JSON instead of lines.' }],
  async run(args, io) {
    const [file, ...extra] = args.positionals;
    if (file === undefined) throw new UsageError('missing FILE: the function source to check');
    if (extra.length > 0) throw new UsageError(`takes one FILE, got ${args.positionals.length}: ${args.positionals.join(' ')}`);
    const source = await readSource(resolve(io.cwd, file), file);
    const diagnostics = checkFunction(source, file);
    const bytes = Buffer.byteLength(source, 'utf8');
    if (args.flags.json === true) {
      const result = { file, bytes, limit: FUNCTION_CODE_MAX_BYTES, diagnostics };
      io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    } else {
      io.stdout(formatDiagnostics(file, diagnostics));
      io.stdout(`${summary(file, bytes, diagnostics)}\n`);
    }
    return hasErrors(diagnostics) ? ExitCode.failed : ExitCode.ok;
  },
};

async function readSource(path: string, shown: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CliError(`${shown}: no such file`);
    if (code === 'EISDIR') throw new CliError(`${shown}: is a directory, not a function file`);
    if (code === 'EACCES') throw new CliError(`${shown}: permission denied`);
    throw error;
  }
}

function summary(file: string, bytes: number, diagnostics: readonly Diagnostic[]): string {
  if (diagnostics.length === 0) return `${file}: ok (${bytes} bytes of ${FUNCTION_CODE_MAX_BYTES})`;
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(diagnostics.length, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')})`;
}
