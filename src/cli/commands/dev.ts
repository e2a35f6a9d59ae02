import { readFileSync, unlinkSync } from 'node:fs';
import { access, mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { integerFlag, stringFlag } from '../args.js';
import type { Command } from '../command.js';
import { CliError, ExitCode, UsageError } from '../errors.js';
import { ConfigError } from '../../config/index.js';
import { TableError } from '../../router/table/index.js';
import { KvsError, StoreFileError, StoreLockedError } from '../../store/index.js';
import { ENGINE_NAMES, EngineError, isEngineName } from '../../runtime/engines/types.js';
import { CONTEXT_MODES, isContextMode } from '../../runtime/context-mode.js';
import { DEFAULT_CONFIG_FILE } from './compile.js';
import { LOCAL_OUTPUTS_FILE } from './local-outputs.js';

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
    'commands run in this folder with no store flags use this local system.',
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
    const dataDir = resolve(io.cwd, stringFlag(args, 'data-dir') ?? DEFAULT_DATA_DIR);
    const functionFlag = stringFlag(args, 'function');
    const outputsFile = stringFlag(args, 'outputs-file');
    const emptyKvs = args.flags['empty-kvs'] === true;
    const configFlag = stringFlag(args, 'config');
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
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') throw new CliError(`a port is already in use (${(error as Error).message}); pick another --port or use --port 0`);
      if (code === 'ENOENT' && functionFlag) throw new CliError(`--function: ${functionFlag} does not exist`);
      if (error instanceof ConfigError) {
        throw new CliError(error.issues.length === 1 ? error.message : `${error.issues.length} problems in the config:\n${error.message.replace(/^/gm, '  ')}`);
      }
      if (error instanceof TableError) throw new CliError(error.message);
      // The store: another process owns the directory, a damaged store file, a full disk.
      if (error instanceof StoreLockedError || error instanceof StoreFileError || error instanceof KvsError) throw new CliError(error.message);
      if (code === 'ENOSPC' || code === 'EACCES' || code === 'EROFS') throw new CliError(`--data-dir ${dataDir}: ${(error as Error).message}`);
      // njs not installed: a problem of the user's setup, said in one line.
      if (error instanceof EngineError) throw new CliError(`--engine ${engine}: ${error.message}`);
      throw error;
    }
    const placement = args.flags['share-cores'] === true ? undefined : keepCoreForEventLoop();
    // The edge function is built: esbuild's service process, kept for further builds, would
    // otherwise stay for as long as dev runs (about 15 MB). A later build starts it again.
    await (await import('esbuild')).stop();
    const lines = Object.entries(system.outputs).map(([name, value]) => `${DEV_STACK_NAME}.${name} = ${value}`);
    const outputsText = `${JSON.stringify({ [DEV_STACK_NAME]: system.outputs }, null, 2)}\n`;
    for (const file of [outputsFile, LOCAL_OUTPUTS_FILE]) {
      if (file === undefined) continue;
      const path = resolve(io.cwd, file);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, outputsText);
    }
    const localOutputs = resolve(io.cwd, LOCAL_OUTPUTS_FILE);
    // A file named with --outputs-file stays after exit, as it always has; the implicit one goes.
    const forgetLocalOutputs = outputsFile !== undefined && resolve(io.cwd, outputsFile) === localOutputs ? () => undefined : localOutputsRemover(localOutputs, outputsText);
    const routing = configFile === undefined ? 'the seed layout (APIGW1URL, ...)' : `the table of ${configFile}`;
    const json = args.flags.json === true;
    if (json) io.stdout(outputsText);
    else {
      io.stdout(`cellfront dev: local edge running, routing by ${emptyKvs ? 'an empty store' : routing}; ${system.seed.summary}. Ctrl-C to stop.\n\nOutputs:\n${lines.join('\n')}\n\n`);
      io.stdout(`Try:\n  curl -i -L ${system.outputs.CLOUDFRONTDOMAINNAME}\n`);
      if (system.outputs.DASHBOARDURL) io.stdout(`  open ${system.outputs.DASHBOARDURL} (the dashboard)\n`);
      io.stdout(`  npx cellfront kvs describe-key-value-store --kvs-arn=${system.outputs.KVSTOREARN} --endpoint-url ${system.kvsEndpoint}\n`);
      io.stdout(`  npx cellfront status    (in this folder: reads ${LOCAL_OUTPUTS_FILE})\n`);
    }
    // Listen for Ctrl-C / SIGTERM first: the check below may take a moment, and a stop must not find no handler.
    const stopped = waitForStopSignal();
    // With --json, stdout holds the outputs only; the DNS hint goes to stderr.
    await reportKvsHost(json ? io.stderr : io.stdout, system.outputs.KVSTOREARN as string, system.kvsEndpoint, !json);
    await stopped;
    io.stderr('cellfront dev: stopping\n');
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

function waitForStopSignal(): Promise<void> {
  return new Promise((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
