import { integerFlag } from '../args.js';
import type { Command } from '../command.js';
import { CliError, ExitCode } from '../errors.js';
import { controlFlags, mapped, positionals, printJson, storeFlags, targetFromFlags, withStore, type ControlIo } from './control-common.js';

/** Where `cellfront dashboard` listens unless `--port` says otherwise. */
export const DEFAULT_DASHBOARD_PORT = 8070;

/** `cellfront dashboard`: the live split in a local web page, with its controls. */
export const dashboardCommand: Command = {
  name: 'dashboard',
  summary: 'Serve a live dashboard of the split on 127.0.0.1: shares, traffic, table, history, and controls.',
  description: [
    'Serves one page on 127.0.0.1 that updates itself: each cell\'s observed share of requests against',
    'its configured share of keys over the last five minutes, requests and 4xx/5xx per second per cell,',
    'the live table (cells, origins, drained cells, pins, settings), the store\'s ETag and the history of',
    'changes with who made them. Its controls (shift with a preview of what moves, drain, undrain,',
    'rollback) go through the same control plane as the CLI: each is previewed at an ETag and written',
    'only if the store is still there, so a change made elsewhere shows as a conflict, never an overwrite.',
    'Observed shares come from a local edge (--edge, or a local CLOUDFRONTDOMAINNAME in --outputs-file);',
    'against a store on AWS the page says there is no source for them. `cellfront dev` serves the same page.',
    'The page answers only to loopback Host names, and takes changes only from itself. Ctrl-C stops it.',
    'Exit codes: 0 stopped, 1 the store cannot be reached, 2 bad command line.',
  ].join('\n'),
  flags: [
    ...storeFlags,
    controlFlags.edge,
    { name: 'port', type: 'string', valueName: 'PORT', description: `Port on 127.0.0.1; 0 picks a free one. (default ${DEFAULT_DASHBOARD_PORT})` },
    { ...controlFlags.json, description: 'Print {url, store, edge} as JSON once serving.' },
  ],
  run: async (args, io: ControlIo) => {
    positionals(args, []);
    const port = integerFlag(args, 'port', 0, 65_535) ?? DEFAULT_DASHBOARD_PORT;
    const target = await mapped(() => targetFromFlags(args, io));
    // Loaded on use: the server, the monitor and the page are needed by this command only.
    const { startDashboard } = await import('../../dashboard/index.js');
    const { actorFrom } = await import('../../control/index.js');
    const { isLoopbackHost } = await import('../../net/loopback-lookup.js');
    const local = target.endpoint !== undefined && isLoopbackHost(new URL(target.endpoint).hostname);
    return mapped(() =>
      withStore(target, io, async (store) => {
        await store.describe();
        let dashboard;
        try {
          dashboard = await startDashboard({
            store,
            actor: actorFrom(io.env, 'dashboard'),
            port,
            ...(target.edgeUrl === undefined ? {} : { edgeUrl: target.edgeUrl }),
            ...(local && target.edgeUrl === undefined
              ? { noEdgeReason: 'No source for observed shares: no local edge was named. Start the dashboard with --edge HOST (or an --outputs-file from `cellfront dev`) to see them.' }
              : {}),
            // AWS charges per API call: the ETag is checked less often there.
            storePollMs: local ? 1_000 : 5_000,
          });
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new CliError(`port ${port} is already in use; pick another --port, or --port 0 for a free one`);
          throw error;
        }
        const observed = target.edgeUrl === undefined ? 'no source for observed shares' : `observed shares from the edge at ${target.edgeUrl}`;
        if (args.flags.json === true) printJson(io, { url: dashboard.url, store: store.arn, edge: target.edgeUrl ?? null });
        else io.stdout(`cellfront dashboard: ${dashboard.url}\n  store ${store.arn}; ${observed}. Ctrl-C to stop.\n`);
        await stopSignal(io.signal);
        io.stderr('cellfront dashboard: stopping\n');
        await dashboard.close();
        return ExitCode.ok;
      }),
    );
  },
};

/** Resolves on Ctrl-C, SIGTERM, or when `signal` (an embedding's) fires. */
function stopSignal(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      signal?.removeEventListener('abort', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    if (signal?.aborted) stop();
    else signal?.addEventListener('abort', stop, { once: true });
  });
}
