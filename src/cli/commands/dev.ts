import { access, mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { integerFlag, stringFlag } from '../args.js';
import type { Command } from '../command.js';
import { CliError, ExitCode, UsageError } from '../errors.js';
import { ConfigError } from '../../config/index.js';
import { TableError } from '../../router/table/index.js';
import { ENGINE_NAMES, EngineError, isEngineName } from '../../runtime/engines/types.js';
import { CONTEXT_MODES, isContextMode } from '../../runtime/context-mode.js';
import { DEFAULT_CONFIG_FILE } from './compile.js';

/** Where `cellfront dev` keeps its store unless `--data-dir` says otherwise. */
export const DEFAULT_DATA_DIR = '.cellfront/data';

export const devCommand: Command = {
  name: 'dev',
  summary: 'Run the whole system locally: demo APIs, the KVS endpoint and a local CloudFront edge.',
  description: [
    'Listens on 127.0.0.1: the edge on --port, the KVS endpoint on the next port, the demo APIs on',
    'the ports after it (--port 0: every listener takes a free port). Prints the stack outputs the',
    "seed pattern's `cdk deploy` prints, plus KVSENDPOINT. Ctrl-C or SIGTERM stops everything.",
    '',
    `With ${DEFAULT_CONFIG_FILE} in the working directory (or --config), the edge routes by its`,
    'table: compiled against the outputs above (${APIGATEWAY1URL}, ...), written into the store',
    'with its override keys, and embedded in the function as the last known good table.',
    "Otherwise the store gets the seed's keys (APIGW1URL, APIGW2URL, ...). --empty-kvs starts",
    'with an empty store and no embedded table, exactly as the seed does.',
    '',
    'The edge serves its per-cell counters as JSON at GET /_cellfront/stats.',
  ].join('\n'),
  flags: [
    { name: 'port', type: 'string', valueName: 'PORT', description: 'Port of the edge; the others follow it. 0 picks free ports. (default 8080)' },
    { name: 'config', type: 'string', valueName: 'FILE', description: `Route by this config. (default ${DEFAULT_CONFIG_FILE}, if present)` },
    { name: 'empty-kvs', type: 'boolean', description: "Start with an empty store and no table, as the seed's stack does." },
    { name: 'outputs-file', type: 'string', valueName: 'PATH', description: 'Write the outputs as `cdk deploy --outputs-file` does.' },
    { name: 'data-dir', type: 'string', valueName: 'DIR', description: `Where the store persists. (default ${DEFAULT_DATA_DIR})` },
    { name: 'apis', type: 'string', valueName: 'N', description: 'How many demo APIs to start, 1 to 9. (default 2)' },
    { name: 'function', type: 'string', valueName: 'FILE', description: "Run this viewer-request function instead of cellfront's router." },
    { name: 'engine', type: 'string', valueName: 'ENGINE', description: 'Run the edge function on vm (V8) or njs (NGINX njs, must be installed). (default vm)' },
    {
      name: 'contexts',
      type: 'string',
      valueName: 'MODE',
      description: 'vm engine: warm (one context per function, dropped when an invocation changes anything) or fresh (a new one per invocation, slower). (default warm)',
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
    const engine = stringFlag(args, 'engine') ?? 'vm';
    if (!isEngineName(engine)) throw new UsageError(`--engine must be ${ENGINE_NAMES.join(' or ')} (got "${engine}")`);
    const contexts = stringFlag(args, 'contexts') ?? 'warm';
    if (!isContextMode(contexts)) throw new UsageError(`--contexts must be ${CONTEXT_MODES.join(' or ')} (got "${contexts}")`);
    const configFile = configFlag ?? ((await exists(resolve(io.cwd, DEFAULT_CONFIG_FILE))) ? DEFAULT_CONFIG_FILE : undefined);
    // Loaded on use so that other commands start without the edge, the store and esbuild.
    const { DEV_STACK_NAME, startLocalSystem } = await import('../../dev/local-system.js');
    let system;
    try {
      system = await startLocalSystem({
        dataDir,
        port,
        apis,
        emptyKvs,
        configFile,
        cwd: io.cwd,
        functionFile: functionFlag === undefined ? undefined : resolve(io.cwd, functionFlag),
        engine,
        contexts,
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
      // njs not installed: a problem of the user's setup, said in one line.
      if (error instanceof EngineError) throw new CliError(`--engine ${engine}: ${error.message}`);
      throw error;
    }
    const lines = Object.entries(system.outputs).map(([name, value]) => `${DEV_STACK_NAME}.${name} = ${value}`);
    if (outputsFile) {
      const path = resolve(io.cwd, outputsFile);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, `${JSON.stringify({ [DEV_STACK_NAME]: system.outputs }, null, 2)}\n`);
    }
    const routing = configFile === undefined ? 'the seed layout (APIGW1URL, ...)' : `the table of ${configFile}`;
    io.stdout(`cellfront dev: local edge running, routing by ${emptyKvs ? 'an empty store' : routing}. Ctrl-C to stop.\n\nOutputs:\n${lines.join('\n')}\n\n`);
    io.stdout(`Try:\n  curl -i -L ${system.outputs.CLOUDFRONTDOMAINNAME}\n`);
    io.stdout(`  npx cellfront kvs describe-key-value-store --kvs-arn=${system.outputs.KVSTOREARN} --endpoint-url ${system.kvsEndpoint}\n`);
    await waitForStopSignal();
    io.stderr('cellfront dev: stopping\n');
    await system.close();
    return ExitCode.ok;
  },
};

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
