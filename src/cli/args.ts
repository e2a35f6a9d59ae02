import { UsageError } from './errors.js';

/** One flag a command accepts. Flags are always long (`--name`). */
export interface FlagSpec {
  readonly name: string;
  /** `boolean` flags take no value; `string` flags take one, as `--f=v` or `--f v`. */
  readonly type: 'string' | 'boolean';
  readonly description: string;
  /** Shown in help, e.g. `ARN`. */
  readonly valueName?: string;
  /**
   * May be given several times; every value is kept. Any other flag may be
   * given once (a switch twice alike too): a second value is a usage error.
   */
  readonly repeatable?: boolean;
}

export interface ParsedArgs {
  /** The value of each string flag given (the last, for a repeatable one); `true` for boolean flags given. */
  readonly flags: Readonly<Record<string, string | boolean | undefined>>;
  /** Every value of repeatable flags, in order. */
  readonly lists: Readonly<Record<string, readonly string[]>>;
  readonly positionals: readonly string[];
}

/**
 * Parses `argv` against `specs`. Accepts `--flag=value` and `--flag value`,
 * `--` to end flags, and rejects unknown flags with the list of known ones,
 * and a flag that is not `repeatable` given twice (a switch may repeat with
 * the same value): which of two values was meant is not for the parser to guess.
 *
 * @example parseArgs(['--key', 'a', '--value=b'], specs).flags.key // 'a'
 */
export function parseArgs(argv: readonly string[], specs: readonly FlagSpec[]): ParsedArgs {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const flags: Record<string, string | boolean | undefined> = {};
  const lists: Record<string, string[]> = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '--') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    let name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    let inline: string | undefined = eq === -1 ? undefined : arg.slice(eq + 1);
    let spec = byName.get(name);
    if (!spec && inline === undefined) {
      // `--kvs-arnarn:aws:...` (a flag glued to its value without `=`, as in the
      // seed pattern's README) is read as `--kvs-arn=arn:aws:...`.
      const glued = specs.find((s) => s.type === 'string' && name.startsWith(`${s.name}arn:`));
      if (glued) {
        inline = name.slice(glued.name.length);
        name = glued.name;
        spec = glued;
      }
    }
    if (!spec) {
      const known = specs.map((s) => `--${s.name}`).join(', ');
      throw new UsageError(`unknown flag --${name}${known ? `; accepted: ${known}` : ''}`);
    }
    let value: string | boolean;
    if (spec.type === 'boolean') {
      if (inline !== undefined && inline !== 'true' && inline !== 'false') {
        throw new UsageError(`--${name} takes no value (or =true / =false), got "${inline}"`);
      }
      value = inline !== 'false';
    } else if (inline !== undefined) {
      value = inline;
    } else {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('--') && next.length > 2)) {
        throw new UsageError(`--${name} needs a value${spec.valueName ? ` (${spec.valueName})` : ''}`);
      }
      value = next;
      i++;
    }
    const given = flags[name];
    if (given !== undefined && !spec.repeatable && (spec.type === 'string' || given !== value)) {
      throw new UsageError(`--${name} given twice (${shown(given)}, ${shown(value)}): give it once`);
    }
    flags[name] = value;
    if (spec.repeatable && typeof value === 'string') (lists[name] ??= []).push(value);
  }
  return { flags, lists, positionals };
}

/** A flag's value as an error lists it: quoted when empty or when it holds a comma, a parenthesis or a space. */
function shown(value: string | boolean): string {
  const text = String(value);
  return text === '' || /[\s,()]/.test(text) ? JSON.stringify(text) : text;
}

/** The string value of a flag, or `undefined`. */
export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags[name];
  return typeof v === 'string' ? v : undefined;
}

/**
 * The value of a flag that names a file (or, with `what`, a directory); given
 * empty (`--config=`), a usage error saying what the flag needs.
 */
export function fileFlag(args: ParsedArgs, name: string, what = 'a file name'): string | undefined {
  const v = stringFlag(args, name);
  if (v !== undefined && v.trim() === '') throw new UsageError(`--${name} needs ${what}, got an empty value`);
  return v;
}

/** The string value of a flag that must be present. */
export function requiredFlag(args: ParsedArgs, name: string): string {
  const v = stringFlag(args, name);
  if (v === undefined) throw new UsageError(`--${name} is required`);
  return v;
}

/** A whole number flag within [min, max]. */
export function integerFlag(args: ParsedArgs, name: string, min: number, max: number): number | undefined {
  const raw = stringFlag(args, name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} takes a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return n;
}
