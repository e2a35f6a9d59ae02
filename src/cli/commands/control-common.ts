/**
 * What the control-plane commands share: the flags that name the store, one
 * way to open it, the mapping of control-plane errors to exit codes, and the
 * terminal (to confirm, to draw progress).
 */
import { createInterface } from 'node:readline';
import { ConfigError, formatIssue } from '../../config/errors.js';
import type { HistoryAction, LiveState, RoutingStore, StoreTarget, StoreWrites } from '../../control/index.js';
import { ControlError } from '../../control/errors.js';
import { KVS_ARN_ENV, requireArn, resolveStoreTarget } from '../../control/target.js';
import { actorFrom } from '../../control/actor.js';
import { recorded } from '../../control/record.js';
import { stringFlag, type FlagSpec, type ParsedArgs } from '../args.js';
import type { Io } from '../command.js';
import { CliError, ExitCode, UsageError } from '../errors.js';
import { DEFAULT_CONFIG_FILE } from './compile.js';
import { withLocalOutputs } from './local-outputs.js';

/** A terminal the user answers on. */
export interface Terminal {
  /** Asks on the terminal and resolves with the answer line ('' when input ends). */
  ask(question: string): Promise<string>;
}

/**
 * An `Io` that may say whether a person is at a terminal. `null`: nobody (CI,
 * a pipe). Left out: the real process's terminal is used when `io` is the
 * process's own (its `env` is `process.env`), so an `Io` made for a test or an
 * embedding never blocks on the real stdin.
 */
export type ControlIo = Io & { readonly terminal?: Terminal | null; readonly signal?: AbortSignal };

/** The terminal of `io`, if a person is there to answer. */
export function terminalOf(io: ControlIo): Terminal | undefined {
  if ('terminal' in io) return io.terminal ?? undefined;
  if (io.env !== process.env || !process.stdin.isTTY || !process.stderr.isTTY) return undefined;
  return {
    ask: (question) =>
      new Promise((done) => {
        const rl = createInterface({ input: process.stdin, output: process.stderr });
        let answered = false;
        rl.on('close', () => {
          if (!answered) done('');
        });
        rl.question(question, (answer) => {
          answered = true;
          rl.close();
          done(answer);
        });
      }),
  };
}

/** Flags every control command takes. */
export const controlFlags = {
  kvsArn: { name: 'kvs-arn', type: 'string', valueName: 'ARN', description: `The store (default: $${KVS_ARN_ENV}, or KVSTOREARN from --outputs-file).` },
  endpoint: {
    name: 'endpoint-url',
    type: 'string',
    valueName: 'URL',
    description: 'KVS endpoint instead of AWS (default: KVSENDPOINT from --outputs-file, $AWS_ENDPOINT_URL_CLOUDFRONT_KEYVALUESTORE).',
  },
  outputsFile: {
    name: 'outputs-file',
    type: 'string',
    valueName: 'FILE',
    description: 'Outputs of `cdk deploy` or `cellfront dev` (--outputs-file JSON): the store, and ${Name} in origins.',
  },
  edge: { name: 'edge', type: 'string', valueName: 'HOST', description: 'Local edge to read counters from (default: a local CLOUDFRONTDOMAINNAME from --outputs-file).' },
  config: { name: 'config', type: 'string', valueName: 'FILE', description: `Config file (default: ${DEFAULT_CONFIG_FILE}).` },
  compact: { name: 'compact', type: 'boolean', description: 'Lay the table out afresh, one run per cell, to undo fragmentation (moves more keys; reported).' },
  json: { name: 'json', type: 'boolean', description: 'Print the result as JSON, for scripts.' },
} as const satisfies Record<string, FlagSpec>;

/** The flags that name the store, in help order. */
export const storeFlags: readonly FlagSpec[] = [controlFlags.kvsArn, controlFlags.endpoint, controlFlags.outputsFile];

/**
 * Resolves the store (and the local edge) from the flags, the outputs file and
 * the environment; with none of them, from the running `cellfront dev` in the
 * working directory (`.cellfront/outputs.json`).
 */
export async function targetFromFlags(given: ParsedArgs, io: Io): Promise<StoreTarget> {
  const args = withLocalOutputs(given, io);
  const pick = (name: string) => {
    const value = stringFlag(args, name);
    if (value !== undefined && value.trim() === '') throw new UsageError(`--${name} needs a value`);
    return value;
  };
  const input = { kvsArn: pick('kvs-arn'), endpoint: pick('endpoint-url'), outputsFile: pick('outputs-file'), edge: pick('edge') };
  return resolveStoreTarget({
    ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)),
    env: io.env,
    cwd: io.cwd,
  });
}

/**
 * The endpoint a client for `target` talks to, when it is not AWS's own: the
 * target's, or the SDK's environment variables.
 */
export function effectiveEndpoint(target: StoreTarget, io: Io): string | undefined {
  const fromEnv = io.env.AWS_ENDPOINT_URL_CLOUDFRONT_KEYVALUESTORE || io.env.AWS_ENDPOINT_URL || undefined;
  return target.endpoint ?? fromEnv;
}

/**
 * Opens the store named by the flags, runs `work` with it, and closes the
 * client whatever happens. `arn` overrides the target's (a plan file's store).
 */
export async function withStore<T>(target: StoreTarget, io: Io, work: (store: RoutingStore) => Promise<T>, arn?: string): Promise<T> {
  // Loaded here, not at the top: commands that name no store (validate) start without the AWS SDK.
  const [{ createKvsClient, KvsClientConfigError }, { RoutingStore }] = await Promise.all([import('../../aws/kvs-client.js'), import('../../control/routing-store.js')]);
  let client;
  try {
    client = createKvsClient({ ...(target.endpoint === undefined ? {} : { endpoint: target.endpoint }), env: io.env });
  } catch (error) {
    if (error instanceof KvsClientConfigError) throw new UsageError(error.message);
    throw error;
  }
  try {
    return await work(new RoutingStore(client, arn ?? requireArn(target)));
  } finally {
    client.destroy();
  }
}

/**
 * Turns what the control plane and the config loader refuse into CLI errors:
 * a conflict exits 3, a missing store or a malformed value is a usage error
 * (2), anything else the input or the store refused (1). Crashes pass through.
 */
export function cliFailure(error: unknown): unknown {
  if (error instanceof ControlError) {
    if (error.code === 'conflict') return new CliError(error.message, ExitCode.conflict);
    if (error.code === 'no-store' || error.code === 'invalid-input') return new UsageError(error.message);
    if (error.code === 'too-large' && error.details?.compactAlternative) return new CliError(`${error.message}; run again with --compact to accept that`);
    return new CliError(error.message);
  }
  if (error instanceof ConfigError) {
    if (error.issues.length === 1) return new CliError(error.message);
    return new CliError(`${error.issues.length} problems:\n${error.issues.map((i) => `  ${formatIssue(i)}`).join('\n')}`);
  }
  return error;
}

/** Runs a command body, mapping refusals to CLI errors. */
export async function mapped<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw cliFailure(error);
  }
}

/** Prints `value` as JSON on stdout. */
export function printJson(io: Io, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}

/** The positionals a command takes, by name; a missing or extra one is a usage error. */
export function positionals(args: ParsedArgs, names: readonly string[]): string[] {
  const given = args.positionals;
  const missing = names[given.length];
  if (missing !== undefined) throw new UsageError(`missing ${missing}`);
  if (given.length > names.length) {
    throw new UsageError(names.length === 0 ? `takes no arguments, got: ${given.join(' ')}` : `takes ${names.join(' ')}, got ${given.length} arguments: ${given.join(' ')}`);
  }
  return [...given];
}

/**
 * A share of keys given as a percentage (`40`, `40%`, `12.5`), in slots:
 * hundredths of a percent, the table's resolution.
 */
export function percentFlag(raw: string, name: string, min: number, max: number): number {
  const text = raw.trim().replace(/%$/, '');
  const value = Number(text);
  if (!/^\d+(\.\d{1,2})?$/.test(text) || value < min || value > max) {
    throw new UsageError(`--${name} takes a percentage from ${min} to ${max} with at most two decimals (e.g. 40 or 12.5%), got "${raw}"`);
  }
  return Math.round(value * 100);
}

/** A fraction (`0.05`) or a percentage (`5%`) from 0 to 1, as a fraction. */
export function rateFlag(raw: string, name: string): number {
  const text = raw.trim();
  const percentForm = text.endsWith('%');
  const value = Number(percentForm ? text.slice(0, -1) : text);
  const fraction = percentForm ? value / 100 : value;
  if (text === '' || text === '%' || !Number.isFinite(value) || fraction < 0 || fraction > 1) {
    throw new UsageError(`--${name} takes a fraction from 0 to 1 or a percentage (e.g. 0.05 or 5%), got "${raw}"`);
  }
  return fraction;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** A duration such as `30s`, `500ms`, `2m`, `1m30s` or `0`, in milliseconds. */
export function durationFlag(raw: string, name: string): number {
  const text = raw.trim();
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  const whole = parts.map((p) => p[0]).join('');
  if (text === '0') return 0;
  if (parts.length === 0 || whole !== text) {
    throw new UsageError(`--${name} takes a duration such as 30s, 500ms, 2m or 1m30s, got "${raw}"`);
  }
  return Math.round(parts.reduce((sum, p) => sum + Number(p[1]) * (UNIT_MS[p[2] as string] as number), 0));
}

/** What an edit command did. */
export interface EditOutcome<E> {
  readonly edit: E;
  readonly live: LiveState;
  /** False when the store already was as asked: nothing was written. */
  readonly changed: boolean;
  /** The store's ETag now. */
  readonly etag: string;
}

/** How an edit is recorded in the store's history: its action, and what it changed in words. */
export interface EditRecord<E> {
  readonly action: HistoryAction;
  readonly what: (edit: E, live: LiveState) => string;
}

/**
 * Reads the store, makes `edit` from it and writes the result on condition
 * that the store did not change since the read (exit 3 otherwise). With
 * `record`, the change goes into the store's history in the same write, as
 * made by this user (`$CELLFRONT_ACTOR`, else `user@host`) through the CLI.
 */
export async function runEdit<E extends { readonly writes: StoreWrites }>(
  args: ParsedArgs,
  io: Io,
  edit: (live: LiveState) => E,
  record?: EditRecord<E>,
): Promise<EditOutcome<E>> {
  return mapped(async () => {
    const target = await targetFromFlags(args, io);
    return withStore(target, io, async (store) => {
      const live = await store.read();
      const made = edit(live);
      if (made.writes.puts.length === 0 && made.writes.deletes.length === 0) return { edit: made, live, changed: false, etag: live.etag };
      const draft = record ? { action: record.action, ...actorFrom(io.env, 'cli'), what: record.what(made, live) } : undefined;
      const written = await store.write(live.etag, recorded(live, made.writes, draft), 'it was read');
      return { edit: made, live, changed: true, etag: written.etag };
    });
  });
}
