import { constants, readFileSync, unlinkSync } from 'node:fs';
import { access, mkdir, open, rm, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { fileFlag, integerFlag, stringFlag } from '../args.js';
import type { Command } from '../command.js';
import { CliError, ExitCode, fileError, isFileError, UsageError, type FileTarget } from '../errors.js';
import { ConfigError } from '../../config/index.js';
import { TableError } from '../../router/table/index.js';
import { KvsError, StoreFileError, StoreLockedError } from '../../store/index.js';
import { ENGINE_NAMES, EngineError, isEngineName } from '../../runtime/engines/types.js';
import { CONTEXT_MODES, isContextMode } from '../../runtime/context-mode.js';
import { DEFAULT_CONFIG_FILE } from './compile.js';
import { LOCAL_OUTPUTS_FILE, liveLocalOutputs } from './local-outputs.js';

/** Where `cellfront dev` keeps its store unless `--data-dir` says otherwise. */
export const DEFAULT_DATA_DIR = '.cellfront/data';

export const devCommand: Command = {
  name: 'dev',
  summary: 'Run the whole system locally: demo APIs, the KVS endpoint and a local CloudFront edge.',
  description: [
    'Listens on 127.0.0.1: the edge on --port, the KVS endpoint on the next port, the demo APIs on',
    'the ports after it (--port 0: every listener takes a free port). Prints the stack outputs the',
    "seed pattern's `cdk deploy` prints, plus KVSENDPOINT. Ctrl-C or SIGTERM stops everything.",
    `While it runs, the outputs are also in ${LOCAL_OUTPUTS_FILE}: the control-plane and kvs`,
    'commands run in this folder with no store flags use this local system. When that file names',
    'another `cellfront dev` still running, it is left to that one (said on start); each removes',
    'the file on exit only while it still holds what that instance wrote.',
    '',
    `With ${DEFAULT_CONFIG_FILE} in the working directory (or --config), the edge routes by its`,
    'table: compiled against the outputs above (${APIGATEWAY1URL}, ...), written into the store',
    'with its override keys, and embedded in the function as the last known good table.',
    "Otherwise the store gets the seed's keys (APIGW1URL, APIGW2URL, ...). --empty-kvs starts",
    'with an empty store and no embedded table, exactly as the seed does.',
    '',
    'The store persists in --data-dir and is seeded only when it is new (or empty): a restart keeps',
    'every shift, drain and pin made while it ran. --reseed writes the seed again over it, keeping',
    'the replaced table in cellfront:table:previous (`cellfront rollback` restores it). One process',
    'owns a data directory; a second `cellfront dev` on it is refused.',
    '',
    'The edge serves its per-cell counters as JSON at GET /_cellfront/stats.',
    'When what reads its stdout goes away (`cellfront dev | head -1`), it stops as on Ctrl-C.',
    '',
    'The dashboard (as `cellfront dashboard` serves it) shows the split live and changes it; its URL is',
    'the DASHBOARDURL output, on --dashboard-port (default: the port before the edge\'s, 8079).',
  ].join('\n'),
  flags: [
    { name: 'port', type: 'string', valueName: 'PORT', description: 'Port of the edge; the others follow it. 0 picks free ports. (default 8080)' },
    { name: 'config', type: 'string', valueName: 'FILE', description: `Route by this config. (default ${DEFAULT_CONFIG_FILE}, if present)` },
    { name: 'empty-kvs', type: 'boolean', description: "Start with an empty store and no table, as the seed's stack does." },
    { name: 'reseed', type: 'boolean', description: 'Write the seed into a store that already holds keys, keeping the replaced table as previous.' },
    { name: 'outputs-file', type: 'string', valueName: 'PATH', description: 'Write the outputs as `cdk deploy --outputs-file` does.' },
    { name: 'data-dir', type: 'string', valueName: 'DIR', description: `Where the store persists. (default ${DEFAULT_DATA_DIR})` },
    { name: 'apis', type: 'string', valueName: 'N', description: 'How many demo APIs to start, 1 to 9. (default 2)' },
    { name: 'function', type: 'string', valueName: 'FILE', description: "Run this viewer-request function instead of cellfront's router." },
    { name: 'engine', type: 'string', valueName: 'ENGINE', description: 'Run the edge function on vm (V8) or njs (NGINX njs, must be installed). (default vm)' },
    {
      name: 'contexts',
      type: 'string',
      valueName: 'MODE',
      description:
        'warm (vm: one context per function; njs: a few processes; dropped when an invocation changes anything) or fresh (a new context, or njs process, per invocation, slower). (default warm)',
    },
    { name: 'dashboard-port', type: 'string', valueName: 'PORT', description: 'Port of the dashboard; 0 picks a free one. (default: the edge port - 1)' },
    { name: 'no-dashboard', type: 'boolean', description: 'Do not serve the dashboard.' },
    { name: 'json', type: 'boolean', description: 'Print the outputs as JSON once running (as in .cellfront/outputs.json), and nothing else on stdout.' },
    {
      name: 'share-cores',
      type: 'boolean',
      description: "Let every thread run on any core. (default on Linux with 2+ cores: the edge's event loop keeps one core, the other threads use the rest)",
    },
  ],
  run: async (args, io) => {
    const port = integerFlag(args, 'port', 0, 65_535) ?? 8080;
    const apis = integerFlag(args, 'apis', 1, 9) ?? 2;
    const dataDirFlag = fileFlag(args, 'data-dir', 'a directory') ?? DEFAULT_DATA_DIR;
    const dataDir = resolve(io.cwd, dataDirFlag);
    const functionFlag = fileFlag(args, 'function');
    const outputsFile = fileFlag(args, 'outputs-file');
    const emptyKvs = args.flags['empty-kvs'] === true;
    const configFlag = fileFlag(args, 'config');
    if (configFlag !== undefined && emptyKvs) throw new UsageError('--config and --empty-kvs exclude each other: --empty-kvs starts without a table');
    const reseed = args.flags.reseed === true;
    if (reseed && emptyKvs) throw new UsageError('--reseed and --empty-kvs exclude each other: --empty-kvs starts with an empty store');
    const engine = stringFlag(args, 'engine') ?? 'vm';
    if (!isEngineName(engine)) throw new UsageError(`--engine must be ${ENGINE_NAMES.join(' or ')} (got "${engine}")`);
    const contexts = stringFlag(args, 'contexts') ?? 'warm';
    if (!isContextMode(contexts)) throw new UsageError(`--contexts must be ${CONTEXT_MODES.join(' or ')} (got "${contexts}")`);
    const dashboardFlag = integerFlag(args, 'dashboard-port', 0, 65_535);
    if (dashboardFlag !== undefined && args.flags['no-dashboard'] === true) throw new UsageError('--dashboard-port and --no-dashboard exclude each other');
    const dashboardPort = args.flags['no-dashboard'] === true ? undefined : (dashboardFlag ?? (port === 0 ? 0 : port - 1));
    const configFile = configFlag ?? ((await exists(resolve(io.cwd, DEFAULT_CONFIG_FILE))) ? DEFAULT_CONFIG_FILE : undefined);
    const local: FileTarget = { given: LOCAL_OUTPUTS_FILE, cwd: io.cwd, action: 'write' };
    const named: FileTarget | undefined = outputsFile === undefined ? undefined : { flag: '--outputs-file', given: outputsFile, cwd: io.cwd, action: 'write' };
    // --outputs-file .cellfront/outputs.json: one file, named by the user (and kept after exit).
    const namesLocal = named !== undefined && pathOf(named) === pathOf(local);
    // Before anything starts: an outputs file it cannot write stops it with nothing listening and no store made.
    for (const target of namesLocal ? [named] : [named, local]) if (target) await checkWritable(target);
    // Loaded on use so that other commands start without the edge, the store and esbuild.
    const { DEV_STACK_NAME, startLocalSystem } = await import('../../dev/local-system.js');
    const { keepCoreForEventLoop } = await import('../../dev/thread-placement.js');
    let system;
    try {
      system = await startLocalSystem({
        dataDir,
        port,
        apis,
        emptyKvs,
        reseed,
        configFile,
        cwd: io.cwd,
        functionFile: functionFlag === undefined ? undefined : resolve(io.cwd, functionFlag),
        engine,
        contexts,
        ...(dashboardPort === undefined ? {} : { dashboardPort }),
        log: (line) => io.stderr(`${line}\n`),
      });
    } catch (error) {
      const files: StartFiles = {
        dataDir: { flag: '--data-dir', given: dataDirFlag, cwd: io.cwd, action: 'use' },
        ...(functionFlag === undefined ? {} : { functionFile: { flag: '--function', given: functionFlag, cwd: io.cwd, action: 'read' } }),
      };
      throw startFailure(error, files, engine);
    }
    // The edge function is built: esbuild's service process, kept for further builds, would
    // otherwise stay for as long as dev runs (about 15 MB). A later build starts it again.
    await (await import('esbuild')).stop();
    const outputsText = `${JSON.stringify({ [DEV_STACK_NAME]: system.outputs }, null, 2)}\n`;
    // Another `cellfront dev` running in this folder keeps the local outputs file: taking it over would
    // point this folder's commands away from it, and removing it on exit would leave them with none.
    const other = namesLocal ? undefined : await liveLocalOutputs(io.cwd, system.kvsEndpoint);
    const writes = [named, namesLocal || other !== undefined ? undefined : local].filter((t): t is FileTarget => t !== undefined);
    try {
      await writeOutputs(writes, outputsText);
    } catch (error) {
      await system.close();
      throw error;
    }
    const placement = args.flags['share-cores'] === true ? undefined : keepCoreForEventLoop();
    const lines = Object.entries(system.outputs).map(([name, value]) => `${DEV_STACK_NAME}.${name} = ${value}`);
    // A file named with --outputs-file stays after exit, as it always has; the implicit one goes.
    const forgetLocalOutputs = writes.includes(local) ? localOutputsRemover(pathOf(local), outputsText) : () => undefined;
    // How the commands in this folder reach this instance when the local outputs name another.
    const pointAtThis = outputsFile === undefined ? `--kvs-arn ${system.outputs.KVSTOREARN} --endpoint-url ${system.kvsEndpoint}` : `--outputs-file ${outputsFile}`;
    if (other !== undefined) {
      io.stderr(
        `cellfront dev: ${LOCAL_OUTPUTS_FILE} names another \`cellfront dev\` still running (KVS endpoint ${other}); it is left to that one, ` +
          `and the commands in this folder with no store flags keep using it. To use this one, pass ${pointAtThis}.\n`,
      );
    }
    // With --function, the user's function routes; the store is seeded all the same.
    const routing =
      functionFlag !== undefined ? `your function ${functionFlag}` : emptyKvs ? 'an empty store' : configFile === undefined ? 'the seed layout (APIGW1URL, ...)' : `the table of ${configFile}`;
    const json = args.flags.json === true;
    if (json) io.stdout(outputsText);
    else {
      io.stdout(`cellfront dev: local edge running, routing by ${routing}; ${system.seed.summary}. Ctrl-C to stop.\n\nOutputs:\n${lines.join('\n')}\n\n`);
      io.stdout(`Try:\n  curl -i -L ${system.outputs.CLOUDFRONTDOMAINNAME}\n`);
      if (system.outputs.DASHBOARDURL) io.stdout(`  open ${system.outputs.DASHBOARDURL} (the dashboard)\n`);
      io.stdout(`  npx cellfront kvs describe-key-value-store --kvs-arn=${system.outputs.KVSTOREARN} --endpoint-url ${system.kvsEndpoint}\n`);
      io.stdout(other === undefined ? `  npx cellfront status    (in this folder: reads ${LOCAL_OUTPUTS_FILE})\n` : `  npx cellfront status ${pointAtThis}\n`);
    }
    // Listen for Ctrl-C / SIGTERM first: the check below may take a moment, and a stop must not find no handler.
    const stopped = waitForStopSignal(io.stdoutClosed);
    // With --json, stdout holds the outputs only; the DNS hint goes to stderr.
    await reportKvsHost(json ? io.stderr : io.stdout, system.outputs.KVSTOREARN as string, system.kvsEndpoint, !json);
    await stopped;
    io.stderr(io.stdoutClosed?.aborted ? 'cellfront dev: stdout was closed; stopping\n' : 'cellfront dev: stopping\n');
    placement?.stop();
    forgetLocalOutputs();
    await system.close();
    return ExitCode.ok;
  },
};

/**
 * Removes the local outputs file when the system stops (or the process exits
 * any other way), unless another `cellfront dev` has written its own since.
 */
function localOutputsRemover(path: string, text: string): () => void {
  const remove = () => {
    process.off('exit', remove);
    try {
      if (readFileSync(path, 'utf8') === text) unlinkSync(path);
    } catch {
      // Already gone: nothing to forget.
    }
  };
  process.on('exit', remove);
  return remove;
}

/**
 * Says whether the AWS CLI and SDKs, which call `000000000000.localhost`, can
 * reach the local store from this machine, and the one line that fixes it if not.
 */
async function reportKvsHost(write: (text: string) => void, arn: string, endpoint: string, showCommand: boolean): Promise<void> {
  const { checkKvsHost } = await import('../../dev/kvs-host-check.js');
  const check = await checkKvsHost(new URL(endpoint).hostname);
  const aws = `  aws cloudfront-keyvaluestore describe-key-value-store --kvs-arn ${arn} --endpoint-url ${endpoint}`;
  if (check.resolves) {
    if (showCommand) write(`${aws}\n`);
    return;
  }
  write(
    `\nThe AWS CLI and SDKs send KeyValueStore calls to ${check.host}, which this machine does not resolve.\n` +
      `To use them against the local store, add this line to ${check.hostsFile}:\n  ${check.fix}\n`,
  );
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/**
 * Resolves on Ctrl-C, SIGTERM, or when stdout closes: like most commands whose
 * output pipe closes (`cellfront dev | head -1`), dev then ends, cleanly and
 * quietly (exit 0), rather than serving on with no one reading what it says.
 */
function waitForStopSignal(stdoutClosed: AbortSignal | undefined): Promise<void> {
  return new Promise((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      stdoutClosed?.removeEventListener('abort', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    if (stdoutClosed?.aborted) stop();
    else stdoutClosed?.addEventListener('abort', stop, { once: true });
  });
}

/** The files a start reads and writes, as the flags name them. */
interface StartFiles {
  readonly dataDir: FileTarget;
  readonly functionFile?: FileTarget;
}

/**
 * What a failed start says: a port in use, a config, store or engine that
 * refused, one of `files` (the data directory or a file in it, the function)
 * the system refused, in one line; anything else is returned as the crash it is.
 */
function startFailure(error: unknown, files: StartFiles, engine: string): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return new CliError(`a port is already in use (${(error as Error).message}); pick another --port or use --port 0`);
  if (error instanceof ConfigError) {
    return new CliError(error.issues.length === 1 ? error.message : `${error.issues.length} problems in the config:\n${error.message.replace(/^/gm, '  ')}`);
  }
  if (error instanceof TableError) return new CliError(error.message);
  // The store: another process owns the directory, a damaged store file, a full disk.
  if (error instanceof StoreLockedError || error instanceof StoreFileError || error instanceof KvsError) return new CliError(error.message);
  // njs not installed: a problem of the user's setup, said in one line.
  if (error instanceof EngineError) return new CliError(`--engine ${engine}: ${error.message}`);
  const { dataDir, functionFile } = files;
  const at = isFileError(error) ? error.path : undefined;
  if (functionFile !== undefined && at !== undefined && resolve(at) === pathOf(functionFile)) {
    return code === 'ENOENT' ? new CliError(`--function: ${functionFile.given} does not exist`) : fileError(error, functionFile);
  }
  if (at !== undefined && isWithin(at, pathOf(dataDir))) return fileError(error, dataDir);
  // A full or read-only disk under the store, met where the error names no file.
  if (code === 'ENOSPC' || code === 'EACCES' || code === 'EROFS') return new CliError(`--data-dir ${pathOf(dataDir)}: ${(error as Error).message}`);
  return error;
}

/** Where `target` is on disk. */
function pathOf(target: FileTarget): string {
  return resolve(target.cwd, target.given);
}

/** Whether `path` is `folder` or inside it. */
function isWithin(path: string, folder: string): boolean {
  const rest = relative(folder, resolve(path));
  return rest === '' || (!rest.startsWith('..') && !isAbsolute(rest));
}

/**
 * Throws the one-line error when `target` cannot be written, creating and
 * changing nothing: an existing file is opened for writing and closed as it
 * was; for a new one, the nearest folder on its path that exists must take
 * new entries (the folders under it are made on write).
 */
async function checkWritable(target: FileTarget): Promise<void> {
  const path = pathOf(target);
  try {
    await (await open(path, 'r+')).close();
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw fileError(error, target);
  }
  // Missing, not in the way (that is ENOTDIR): the nearest folder that exists is a directory.
  let folder = dirname(path);
  while (!(await exists(folder))) folder = dirname(folder);
  await access(folder, constants.W_OK).catch((error: unknown) => {
    throw fileError(error, target);
  });
}

/** Writes the outputs to each of `targets`; when one fails, removes those written and throws its one-line error. */
async function writeOutputs(targets: readonly FileTarget[], text: string): Promise<void> {
  const written: string[] = [];
  for (const target of targets) {
    try {
      await mkdir(dirname(pathOf(target)), { recursive: true });
      await writeFile(pathOf(target), text);
      written.push(pathOf(target));
    } catch (error) {
      for (const path of written) await rm(path, { force: true });
      throw fileError(error, target);
    }
  }
}
