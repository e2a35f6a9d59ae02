import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { isLoopbackHost, localAddressFor } from '../../net/loopback-lookup.js';
import { stringFlag, type ParsedArgs } from '../args.js';
import type { Io } from '../command.js';

/**
 * Where `cellfront dev` writes its outputs (`cdk deploy --outputs-file`
 * format) in its working directory while it runs, so that other commands in
 * the same folder find the local system with no flags.
 */
export const LOCAL_OUTPUTS_FILE = '.cellfront/outputs.json';

/** What names a store besides the flags: with any of these set, the local outputs are not used. */
const STORE_ENV = ['CELLFRONT_KVS_ARN', 'AWS_ENDPOINT_URL_CLOUDFRONT_KEYVALUESTORE', 'AWS_ENDPOINT_URL'];

const resolved = new WeakMap<ParsedArgs, ParsedArgs>();

/**
 * `args` with `--outputs-file` set to {@link LOCAL_OUTPUTS_FILE} when nothing
 * else names a store or outputs (no `--kvs-arn`, `--endpoint-url`,
 * `--outputs-file`, nor `$CELLFRONT_KVS_ARN` or an endpoint variable) and a
 * running `cellfront dev` wrote that file here. Says so on stderr, once: for
 * `use` 'store', that the command uses that local system; for 'names' (a
 * command that reads no store: `validate`, `compile`, `simulate`), that the
 * config's `${Name}` references resolve from its outputs.
 */
export function withLocalOutputs(args: ParsedArgs, io: Io, use: 'store' | 'names' = 'store'): ParsedArgs {
  const known = resolved.get(args);
  if (known) return known;
  let result = args;
  const named = ['kvs-arn', 'endpoint-url', 'outputs-file'].some((flag) => stringFlag(args, flag) !== undefined) || STORE_ENV.some((name) => (io.env[name] ?? '') !== '');
  if (!named && existsSync(join(io.cwd, LOCAL_OUTPUTS_FILE))) {
    io.stderr(
      use === 'store'
        ? `Using the local system of \`cellfront dev\` in this folder (${LOCAL_OUTPUTS_FILE}); --outputs-file, --kvs-arn or --endpoint-url choose another store.\n`
        : `Resolving \${Name} in the config from the outputs of \`cellfront dev\` in this folder (${LOCAL_OUTPUTS_FILE}); --outputs-file chooses others.\n`,
    );
    result = { ...args, flags: { ...args.flags, 'outputs-file': LOCAL_OUTPUTS_FILE } };
  }
  resolved.set(args, result);
  resolved.set(result, result);
  return result;
}

/** Marks `args` as naming its own store (a saved plan does): {@link withLocalOutputs} leaves them as they are. */
export function keepOwnStore(args: ParsedArgs): void {
  resolved.set(args, args);
}

/** How long {@link liveLocalOutputs} waits for the named endpoint to accept a connection. */
const PROBE_TIMEOUT_MS = 1_000;

/**
 * The KVS endpoint (`KVSENDPOINT`) of another `cellfront dev` named in the
 * local outputs file of `cwd`, when it still runs: something on this machine
 * accepts connections there, and it is not `own` (the caller's endpoint, which
 * may have the port of an instance that stopped without removing the file).
 * `undefined` when the file is missing, unreadable or names no local endpoint,
 * or nothing answers there: a file left by an instance that is gone.
 */
export async function liveLocalOutputs(cwd: string, own: string): Promise<string | undefined> {
  let document: unknown;
  try {
    document = JSON.parse(await readFile(join(cwd, LOCAL_OUTPUTS_FILE), 'utf8'));
  } catch {
    return undefined;
  }
  const stacks = typeof document === 'object' && document !== null ? Object.values(document as Record<string, unknown>) : [];
  const endpoint = stacks.map((outputs) => (outputs as { KVSENDPOINT?: unknown } | null)?.KVSENDPOINT).find((value) => typeof value === 'string');
  if (typeof endpoint !== 'string' || !URL.canParse(endpoint)) return undefined;
  const url = new URL(endpoint);
  if (url.origin === new URL(own).origin || !isLoopbackHost(url.hostname) || url.port === '') return undefined;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return (await accepts(localAddressFor(host) ?? host, Number(url.port))) ? endpoint : undefined;
}

/** Whether something listens on `host:port`: a TCP connection opens within {@link PROBE_TIMEOUT_MS}. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host, port, timeout: PROBE_TIMEOUT_MS });
    const end = (open: boolean) => {
      socket.destroy();
      done(open);
    };
    socket.once('connect', () => end(true));
    socket.once('timeout', () => end(false));
    socket.once('error', () => end(false));
  });
}
