import { readFile, stat } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import { RESOURCE_NAME_PATTERN } from '../../limits.js';
import { ENGINE_NAMES } from '../../runtime/engines/types.js';
import { STORE_ID_FORMS, storeIdFrom } from '../../store/arn.js';
import type { ComputeEstimate, FunctionOutput, Invocation, KvsReader } from '../../runtime/index.js';
import { stringFlag } from '../args.js';
import { paramFilePath } from '../param-file.js';
import type { Command } from '../command.js';
import { CliError, ExitCode, UsageError } from '../errors.js';
import { parseEventObject } from './test-function-event.js';
import { testResult, type FunctionStage } from './test-function-result.js';

const STAGES: readonly FunctionStage[] = ['DEVELOPMENT', 'LIVE'];

/**
 * `cellfront test-function FILE --event-object EVENT.json`: what `aws cloudfront
 * test-function` does, locally. A function that fails is a result, printed with
 * its FunctionErrorMessage (exit 0); only bad input fails the command.
 */
export const testFunctionCommand: Command = {
  name: 'test-function',
  summary: 'Run a CloudFront Function on one event and print what `aws cloudfront test-function` prints.',
  positionals: 'FILE',
  description: [
    'Prints {"TestResult": {FunctionSummary, ComputeUtilization, FunctionExecutionLogs,',
    'FunctionErrorMessage, FunctionOutput}} with FunctionOutput a JSON string. The event object',
    'is TestFunction\'s format ({"version":"1.0","context":{"eventType":"viewer-request"},...}).',
    'ComputeUtilization is a reproducible estimate (docs/compute-utilization.md); past 100 the',
    'function fails as CloudFront would stop it. A failing function still exits 0.',
  ].join('\n'),
  flags: [
    { name: 'event-object', type: 'string', valueName: 'EVENT.json', description: 'The event to run the function on (required); fileb://EVENT.json as for the AWS CLI works too.' },
    { name: 'kvs-data', type: 'string', valueName: 'DATA.json', description: 'Associate a KeyValueStore holding this import file ({"data": [{"key", "value"}]}).' },
    {
      name: 'kvs-id',
      type: 'string',
      valueName: 'ID',
      description: "The associated store's id (a UUID, or the store's ARN), for a function that names it: cf.kvs('ID'). Without --kvs-data the store is empty. (default: a new random id)",
    },
    { name: 'stage', type: 'string', valueName: 'STAGE', description: 'DEVELOPMENT or LIVE, as shown in the summary. (default DEVELOPMENT)' },
    { name: 'name', type: 'string', valueName: 'NAME', description: "The function's name. (default: FILE's base name)" },
    { name: 'engine', type: 'string', valueName: 'ENGINE', description: 'vm (V8) or njs (NGINX njs, must be installed). (default vm)' },
  ],
  async run(args, io) {
    const [file, ...extra] = args.positionals;
    if (file === undefined) throw new UsageError('missing FILE: the function to test');
    if (extra.length > 0) throw new UsageError(`takes one FILE, got ${args.positionals.length}: ${args.positionals.join(' ')}`);
    const eventFile = stringFlag(args, 'event-object');
    if (eventFile === undefined) throw new UsageError('--event-object is required: the event file to run the function on');
    const stage = choice(stringFlag(args, 'stage') ?? 'DEVELOPMENT', 'stage', STAGES);
    const engine = choice(stringFlag(args, 'engine') ?? 'vm', 'engine', ENGINE_NAMES);
    const name = functionName(stringFlag(args, 'name'), file);

    const path = resolve(io.cwd, file);
    const source = await readText(path, file);
    const times = await stat(path);
    // `aws cloudfront test-function` takes `--event-object fileb://event.json`: the same is accepted here.
    const eventPath = paramFilePath(eventFile) ?? eventFile;
    const event = parseEventObject(await readText(resolve(io.cwd, eventPath), eventPath), eventPath);
    const kvsFlag = stringFlag(args, 'kvs-data');
    const kvsFile = kvsFlag === undefined ? undefined : (paramFilePath(kvsFlag) ?? kvsFlag);
    const kvsId = storeId(stringFlag(args, 'kvs-id'));
    const store = kvsFile === undefined && kvsId === undefined ? undefined : await loadStore(kvsFile === undefined ? undefined : resolve(io.cwd, kvsFile), kvsFile, kvsId);

    // Loaded on use, so that other commands start without the runtime.
    const runtime = await import('../../runtime/index.js');
    const options = { filename: basename(file), kvs: store?.reader, kvsId: store?.id };
    let invocation: Invocation;
    let estimate: ComputeEstimate;
    try {
      invocation = await runtime.loadFunction(source, { ...options, engine }).invoke(event);
      estimate = await runtime.estimateCompute(source, event, options);
    } catch (error) {
      if (error instanceof runtime.FunctionLoadError || error instanceof runtime.EngineError) throw new CliError(error.message);
      throw error;
    }
    const run = estimate.exceeded
      ? {
          error: `The function exceeded the maximum allowed compute time (estimated at ${estimate.steps} steps; the budget is ${runtime.COMPUTE_STEP_BUDGET})`,
          logs: invocation.logs,
        }
      : outcomeOf(invocation, runtime.functionOutput);
    const created = times.birthtimeMs > 0 ? times.birthtime : times.mtime;
    const summary = { name, stage, kvsArn: store?.arn, created, modified: times.mtime };
    io.stdout(`${JSON.stringify(testResult(summary, { utilization: estimate.utilization, ...run }), null, 4)}\n`);
    return ExitCode.ok;
  },
};

function outcomeOf(invocation: Invocation, output: (outcome: Invocation) => FunctionOutput | undefined) {
  if (invocation.kind === 'error') return { error: invocation.message, logs: invocation.logs };
  return { output: output(invocation), logs: invocation.logs };
}

function choice<T extends string>(value: string, flag: string, accepted: readonly T[]): T {
  if (!(accepted as readonly string[]).includes(value)) throw new UsageError(`--${flag} must be ${accepted.join(' or ')} (got "${value}")`);
  return value as T;
}

/** `--name`, checked as CloudFront checks function names, or FILE's base name made into one. */
function functionName(given: string | undefined, file: string): string {
  if (given !== undefined) {
    if (!RESOURCE_NAME_PATTERN.test(given)) throw new UsageError(`--name "${given}" is not a function name: 1 to 64 letters, digits, "-" or "_"`);
    return given;
  }
  const base = basename(file, extname(file)).replace(/[^a-zA-Z0-9-_]/g, '-').slice(0, 64);
  return base === '' ? 'function' : base;
}

async function readText(path: string, shown: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CliError(`${shown}: no such file`);
    if (code === 'EISDIR') throw new CliError(`${shown}: is a directory, not a file`);
    if (code === 'EACCES') throw new CliError(`${shown}: permission denied`);
    throw error;
  }
}

/** `--kvs-id`: a store id, or a store ARN reduced to its id. */
function storeId(given: string | undefined): string | undefined {
  if (given === undefined) return undefined;
  const id = storeIdFrom(given);
  if (id === undefined) throw new UsageError(`--kvs-id "${given}" is not a KeyValueStore id: ${STORE_ID_FORMS}`);
  return id;
}

/**
 * The store `--kvs-data` fills, in CloudFront's import format, with the store's
 * own limits (empty without it), with the id `--kvs-id` gives.
 */
async function loadStore(path: string | undefined, shown: string | undefined, id: string | undefined): Promise<{ reader: KvsReader; id: string; arn: string }> {
  if (path !== undefined && shown !== undefined) await readText(path, shown); // the file's own errors first, by the name the user gave
  const { storeWith } = await import('../../testing/kvs-data.js');
  const { TestEdgeError } = await import('../../testing/errors.js');
  const { KvsError } = await import('../../store/index.js');
  try {
    const store = await storeWith(path === undefined ? {} : { importFile: path }, id);
    return { reader: store, id: store.id, arn: store.arn };
  } catch (error) {
    if (error instanceof KvsError || error instanceof TestEdgeError) {
      throw new CliError(`--kvs-data ${path && shown ? error.message.replace(path, shown) : error.message}`);
    }
    throw error;
  }
}
