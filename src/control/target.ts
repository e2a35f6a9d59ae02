import { readOutputsFile, type OutputsFile } from '../config/index.js';
import { isLoopbackHost } from '../net/loopback-lookup.js';
import { ControlError } from './errors.js';

/** The environment variable naming the store when no flag or outputs file does. */
export const KVS_ARN_ENV = 'CELLFRONT_KVS_ARN';

/** Stack output names shared by `cellfront dev --outputs-file` and `cdk deploy --outputs-file`. */
export const OUTPUT_NAMES = {
  kvsArn: 'KVSTOREARN',
  /** Only the local system writes this one: on AWS the SDK finds the endpoint itself. */
  kvsEndpoint: 'KVSENDPOINT',
  edgeDomain: 'CLOUDFRONTDOMAINNAME',
} as const;

/** Where the store (and, locally, the edge) is named. Every field is optional: later sources fill the gaps. */
export interface StoreTargetInput {
  /** `--kvs-arn`. */
  readonly kvsArn?: string;
  /** `--endpoint-url`. */
  readonly endpoint?: string;
  /** `--outputs-file`: a `cdk deploy --outputs-file` or `cellfront dev --outputs-file` JSON. */
  readonly outputsFile?: string;
  /** `--edge`: the local edge whose stats to read, as `host:port` or a URL. */
  readonly edge?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Directory the outputs file is read from. */
  readonly cwd: string;
}

/** The store to work on and how to reach it. */
export interface StoreTarget {
  /** `undefined` when nothing named the store (a plan file may still). */
  readonly arn?: string;
  /** Where the ARN came from, for messages: `--kvs-arn`, `$CELLFRONT_KVS_ARN`, `out.json (Stack.KVSTOREARN)`. */
  readonly arnSource?: string;
  /** `undefined`: the SDK's own resolution (`AWS_ENDPOINT_URL_CLOUDFRONT_KEYVALUESTORE`, then AWS). */
  readonly endpoint?: string;
  /** Base URL of a local edge with a stats endpoint (`http://localhost:8080`). */
  readonly edgeUrl?: string;
  /** The outputs file read, as named, and its outputs (`Stack.NAME`): for the message when it names no store. */
  readonly outputsFile?: { readonly file: string; readonly outputs: readonly string[] };
}

/**
 * Resolves the store and the edge from, in order: the flags, the outputs file
 * (`KVSTOREARN`, `KVSENDPOINT`, `CLOUDFRONTDOMAINNAME`), then the environment
 * (`CELLFRONT_KVS_ARN`; the endpoint variables are left to the SDK client).
 * An edge domain from an outputs file is used only when it is on this machine:
 * a CloudFront distribution has no stats endpoint.
 *
 * @example await resolveStoreTarget({ outputsFile: 'cdk-outputs.json', env: process.env, cwd: '.' })
 */
export async function resolveStoreTarget(input: StoreTargetInput): Promise<StoreTarget> {
  const file = input.outputsFile === undefined ? undefined : await readOutputsFile(input.outputsFile, input.cwd);
  const fromFile = (name: string) => (file ? outputValue(file, name) : undefined);

  let arn: { value: string; source: string } | undefined;
  if (nonEmpty(input.kvsArn)) arn = { value: input.kvsArn as string, source: '--kvs-arn' };
  else arn = fromFile(OUTPUT_NAMES.kvsArn) ?? envValue(input.env, KVS_ARN_ENV);

  const endpoint = nonEmpty(input.endpoint) ? input.endpoint : fromFile(OUTPUT_NAMES.kvsEndpoint)?.value;

  let edgeUrl: string | undefined;
  if (nonEmpty(input.edge)) edgeUrl = baseUrl(input.edge as string);
  else {
    const domain = fromFile(OUTPUT_NAMES.edgeDomain)?.value;
    const url = domain === undefined ? undefined : baseUrl(domain);
    if (url !== undefined && isLoopbackHost(new URL(url).hostname)) edgeUrl = url;
  }
  return {
    ...(arn ? { arn: arn.value, arnSource: arn.source } : {}),
    ...(endpoint === undefined ? {} : { endpoint }),
    ...(edgeUrl === undefined ? {} : { edgeUrl }),
    ...(file ? { outputsFile: { file: file.file, outputs: Object.entries(file.outputs).flatMap(([stack, values]) => Object.keys(values).map((name) => `${stack}.${name}`)) } } : {}),
  };
}

/**
 * The target's ARN, or a `no-store` error saying every way to give one; when
 * an outputs file was read, that it has no `KVSTOREARN`, and what it has.
 */
export function requireArn(target: StoreTarget): string {
  if (target.arn !== undefined) return target.arn;
  const read = target.outputsFile;
  if (read === undefined) {
    throw new ControlError('no-store', `no store given: pass --kvs-arn ARN, --outputs-file FILE (with ${OUTPUT_NAMES.kvsArn}), or set $${KVS_ARN_ENV}`);
  }
  const has = read.outputs.length === 0 ? 'no outputs at all' : `only ${shortList(read.outputs)}`;
  throw new ControlError(
    'no-store',
    `no store given: ${read.file} has no ${OUTPUT_NAMES.kvsArn} output (it has ${has}); ` +
      `pass an --outputs-file that has one (as \`cdk deploy --outputs-file\` and \`cellfront dev\` write), --kvs-arn ARN, or set $${KVS_ARN_ENV}`,
  );
}

/** Up to five names, then how many more. */
function shortList(names: readonly string[]): string {
  const shown = names.slice(0, 5).join(', ');
  return names.length > 5 ? `${shown} and ${names.length - 5} more` : shown;
}

/** One output's value from whichever stack has it; several stacks with different values are ambiguous. */
function outputValue(file: OutputsFile, name: string): { value: string; source: string } | undefined {
  const holders = Object.entries(file.outputs).filter(([, values]) => values[name] !== undefined);
  const first = holders[0];
  if (!first) return undefined;
  const values = new Set(holders.map(([, values]) => values[name]));
  if (values.size > 1) {
    const stacks = holders.map(([stack]) => stack).join(', ');
    throw new ControlError('outputs-ambiguous', `${file.file}: ${name} is an output of several stacks with different values (${stacks}); pass the value with a flag`);
  }
  return { value: first[1][name] as string, source: `${file.file} (${first[0]}.${name})` };
}

function envValue(env: StoreTargetInput['env'], name: string): { value: string; source: string } | undefined {
  const value = env[name];
  return nonEmpty(value) ? { value: value as string, source: `$${name}` } : undefined;
}

/** `localhost:8080` or `http://localhost:8080/` as `http://localhost:8080`; loopback hosts default to http. */
function baseUrl(text: string): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `${isLoopbackHost(text.replace(/:\d+$/, '')) ? 'http' : 'https'}://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new ControlError('invalid-input', `"${text}" is not a host or URL; expected e.g. localhost:8080`);
  }
  return url.origin;
}

function nonEmpty(value: string | undefined): boolean {
  return value !== undefined && value !== '';
}
