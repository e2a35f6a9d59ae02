import { parseArgs } from './args.js';
import { helpFlag, renderHelp, type Command, type Io } from './command.js';
import { CliError, ExitCode, fileError, isFileError, UsageError } from './errors.js';
import { commands } from './commands/index.js';

const root: Command = {
  name: 'cellfront',
  summary: 'cellfront: route traffic at the CloudFront edge from data, not deploys.',
  subcommands: commands,
};

/**
 * The process's own streams and surroundings. A stream whose reader went away
 * (EPIPE: `cellfront ... | head -1` once head exits) takes no more writes
 * instead of crashing the process; a closed stdout also aborts `stdoutClosed`,
 * on which long-running commands stop, as most commands end when the pipe
 * they write to closes.
 */
function processIo(): Io {
  const closed = new AbortController();
  const stdout = writerOf(process.stdout, () => closed.abort());
  const stderr = writerOf(process.stderr, () => undefined);
  return { stdout, stderr, env: process.env, cwd: process.cwd(), stdoutClosed: closed.signal };
}

/** Writes to `stream` until its reader goes away (EPIPE), then calls `onClosed` once and drops what follows. */
function writerOf(stream: NodeJS.WriteStream, onClosed: () => void): (text: string) => void {
  let open = true;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    if (open) onClosed();
    open = false;
  });
  return (text) => {
    if (open) stream.write(text);
  };
}

/**
 * Runs the CLI and returns the exit code. User mistakes print one line (plus
 * usage for command-line mistakes), and so does a file the system refused (a
 * directory where a file should be, a missing folder, no permission) that no
 * command explained itself; anything else is a crash and prints its stack.
 */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  let command = root;
  const path = ['cellfront'];
  let rest = [...argv];
  while (command.subcommands) {
    const next = rest[0];
    if (next === undefined || next === '--help' || next === '-h' || next === 'help') {
      (next === undefined ? io.stderr : io.stdout)(renderHelp(command, path));
      return next === undefined ? ExitCode.usage : ExitCode.ok;
    }
    if (next === '--version') {
      io.stdout(`${await version()}\n`);
      return ExitCode.ok;
    }
    const listed = command.subcommands.find((c) => c.name === next);
    const sub = listed?.load ? await listed.load() : listed;
    if (!sub) {
      const names = command.subcommands.map((c) => c.name).join(', ');
      io.stderr(`${path.join(' ')}: unknown command "${next}"; commands: ${names}\n`);
      io.stderr(`Run \`${path.join(' ')} --help\` for usage.\n`);
      return ExitCode.usage;
    }
    command = sub;
    path.push(sub.name);
    rest = rest.slice(1);
  }
  const run = command.run;
  if (!run) throw new Error(`command ${path.join(' ')} has neither subcommands nor run`);
  try {
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout(renderHelp(command, path));
      return ExitCode.ok;
    }
    const args = parseArgs(rest, [...(command.flags ?? []), helpFlag]);
    return await run(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${path.join(' ')}: ${error.message}\n`);
      io.stderr(`Run \`${path.join(' ')} --help\` for usage.\n`);
      return ExitCode.usage;
    }
    const refusal = isFileError(error) && error.path !== undefined ? fileError(error, { given: error.path, cwd: io.cwd, action: 'use' }) : error;
    if (refusal instanceof CliError) {
      io.stderr(`${path.join(' ')}: ${refusal.message}\n`);
      return refusal.exitCode;
    }
    throw error;
  }
}

async function version(): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const pkg = JSON.parse(await readFile((await import('../package-root.js')).packageFile('package.json'), 'utf8')) as { version: string };
  return pkg.version;
}
