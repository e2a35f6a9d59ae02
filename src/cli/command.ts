import type { FlagSpec, ParsedArgs } from './args.js';

/** Where a command writes, and what it reads from its surroundings (swapped in tests). */
export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /**
   * Aborts when whatever reads stdout has gone away (`cellfront dev | head -1`
   * once head exits); writes to stdout are dropped from then on.
   * @default - stdout is never seen to close
   */
  readonly stdoutClosed?: AbortSignal;
}

/** A CLI command: a leaf with `run`, or a group with `subcommands`. */
export interface Command {
  readonly name: string;
  /** One line, shown in the parent's command list. */
  readonly summary: string;
  /** Extra help paragraphs, shown under the usage. */
  readonly description?: string;
  /** Positional arguments, shown in usage, e.g. `FILE`. */
  readonly positionals?: string;
  readonly flags?: readonly FlagSpec[];
  readonly subcommands?: readonly Command[];
  /** Returns the exit code. Throws UsageError or CliError for user mistakes. */
  readonly run?: (args: ParsedArgs, io: Io) => Promise<number>;
  /**
   * A command listed by name and summary only: loads the whole command (flags,
   * description, `run` or `subcommands`) when it is used.
   */
  readonly load?: () => Promise<Command>;
}

/** Flags every command accepts. */
export const helpFlag: FlagSpec = { name: 'help', type: 'boolean', description: 'Show this help and exit.' };

/** Renders the help text of `command`, reached through `path` (e.g. ['cellfront', 'kvs']). */
export function renderHelp(command: Command, path: readonly string[]): string {
  const lines: string[] = [];
  const usage = [path.join(' ')];
  if (command.subcommands) usage.push('<command>');
  if (command.positionals) usage.push(command.positionals);
  if (command.flags?.length) usage.push('[flags]');
  lines.push(command.summary, '', `Usage: ${usage.join(' ')}`);
  if (command.description) lines.push('', command.description);
  if (command.subcommands) {
    lines.push('', 'Commands:');
    const width = Math.max(...command.subcommands.map((c) => c.name.length));
    for (const sub of command.subcommands) lines.push(`  ${sub.name.padEnd(width)}  ${sub.summary}`);
  }
  const flags = [...(command.flags ?? []), helpFlag];
  const labels = flags.map((f) => `--${f.name}${f.type === 'string' ? ` ${f.valueName ?? 'VALUE'}` : ''}`);
  const width = Math.max(...labels.map((l) => l.length));
  lines.push('', 'Flags:');
  flags.forEach((f, i) => lines.push(`  ${(labels[i] as string).padEnd(width)}  ${f.description}`));
  if (command.subcommands) lines.push('', `Run \`${path.join(' ')} <command> --help\` for a command's flags.`);
  return `${lines.join('\n')}\n`;
}
