import { actorFrom, ControlError, readEdgeStats, runShift, type FiveXxGuard, type ShiftResult, type ShiftStep } from '../../control/index.js';
import { percent } from '../../router/table/index.js';
import { requiredFlag, stringFlag } from '../args.js';
import type { Command } from '../command.js';
import { CliError, ExitCode, UsageError } from '../errors.js';
import {
  controlFlags,
  durationFlag,
  mapped,
  percentFlag,
  positionals,
  printJson,
  rateFlag,
  storeFlags,
  targetFromFlags,
  terminalOf,
  withStore,
  type ControlIo,
} from './control-common.js';

const DEFAULT_STEP = '10';
const DEFAULT_INTERVAL = '30s';
/** The shell's convention for a command stopped by Ctrl-C (128 + SIGINT). */
export const INTERRUPTED_EXIT_CODE = 130;
/** The same for a command stopped by SIGTERM (128 + 15), as `kill` or a CI runner sends. */
export const TERMINATED_EXIT_CODE = 143;
const BAR_WIDTH = 20;

/** `cellfront shift`: move a cell's share of keys in steps, each one a safe write. */
export const shiftCommand: Command = {
  name: 'shift',
  summary: "Move a cell's share of keys to a target, step by step, each step a conditional write.",
  description: [
    'Moves --cell to --to percent of keys in steps of --step percentage points, --interval apart.',
    'Each step changes the live table as little as possible (the other cells keep their',
    'proportions) and is written with If-Match on the ETag the step before returned: if anyone',
    'else changes the store during the shift, it stops (exit 3) rather than overwrite them.',
    'The table from before the shift is kept as the previous one: `cellfront rollback` undoes the',
    'whole shift. Ctrl-C stops between steps: a write under way completes, the store holds a',
    'consistent table, and the command says where it stopped (exit 130). With --abort-on-5xx,',
    "the local edge's counters are read before the first step (when they cannot be, nothing is",
    'written and the command exits 1), then each step (the last too) is watched for --interval on',
    "them; when the cell's share of 5xx answers passes RATE, the table from before the shift is",
    'written back and the command exits 1.',
    'Exit codes: 0 done, 1 refused or aborted, 2 bad command line, 3 conflict, 130 interrupted.',
  ].join('\n'),
  flags: [
    { name: 'cell', type: 'string', valueName: 'ID', description: 'The cell to shift.' },
    { name: 'to', type: 'string', valueName: 'PERCENT', description: 'Its target share of keys, 0 to 100 (e.g. 100, 12.5).' },
    { name: 'step', type: 'string', valueName: 'P', description: `Percentage points per step (default: ${DEFAULT_STEP}).` },
    { name: 'interval', type: 'string', valueName: 'DURATION', description: `Wait between steps: 30s, 2m, 500ms, 0 (default: ${DEFAULT_INTERVAL}).` },
    { name: 'abort-on-5xx', type: 'string', valueName: 'RATE', description: "Roll back when the cell's 5xx rate at the local edge passes RATE (0.05 or 5%)." },
    ...storeFlags,
    controlFlags.edge,
    controlFlags.json,
  ],
  run: async (args, io: ControlIo) => {
    positionals(args, []);
    const cell = requiredFlag(args, 'cell');
    const toSlots = percentFlag(requiredFlag(args, 'to'), 'to', 0, 100);
    const stepSlots = percentFlag(stringFlag(args, 'step') ?? DEFAULT_STEP, 'step', 0.01, 100);
    const intervalMs = durationFlag(stringFlag(args, 'interval') ?? DEFAULT_INTERVAL, 'interval');
    const rawRate = stringFlag(args, 'abort-on-5xx');
    const rate = rawRate === undefined ? undefined : rateFlag(rawRate, 'abort-on-5xx');
    if (rate !== undefined && intervalMs === 0) throw new UsageError('--abort-on-5xx watches each step for --interval; give an --interval above 0');
    const json = args.flags.json === true;
    const target = await mapped(() => targetFromFlags(args, io));
    const edgeUrl = target.edgeUrl;
    if (rate !== undefined && edgeUrl === undefined) {
      throw new UsageError('--abort-on-5xx reads the local edge\'s counters: give --edge HOST, or --outputs-file with a local CLOUDFRONTDOMAINNAME');
    }

    const stop = new AbortController();
    let stoppedBy: NodeJS.Signals | undefined;
    // SIGINT (Ctrl-C) and SIGTERM (kill, CI cancelling a job) both stop after the current step, with the report.
    const onSignal = (signal: NodeJS.Signals) => {
      io.stderr(`\nStopping after the current step (${signal === 'SIGINT' ? 'Ctrl-C' : signal} again to quit at once)...\n`);
      stoppedBy = signal;
      stop.abort();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    const external = io.signal;
    const forward = () => stop.abort();
    external?.addEventListener('abort', forward, { once: true });
    const bar = progress(io, cell);
    try {
      const result = await mapped(() =>
        withStore(target, io, (store) =>
          runShift({
            store,
            cell,
            toSlots,
            stepSlots,
            intervalMs,
            signal: stop.signal,
            onStep: bar,
            actor: actorFrom(io.env, 'cli'),
            ...(rate !== undefined && edgeUrl !== undefined ? { abortOn5xx: { rate, read: edgeCounters(edgeUrl) } } : {}),
          }),
        ),
      );
      if (json) printJson(io, result);
      else io.stdout(summary(result, rate));
      if (result.outcome === 'interrupted') return stoppedBy === 'SIGTERM' ? TERMINATED_EXIT_CODE : INTERRUPTED_EXIT_CODE;
      if (result.outcome === 'aborted') {
        if (json) return ExitCode.failed;
        throw new CliError(`aborted: ${cell} answered too many 5xx; the shift was rolled back`);
      }
      return ExitCode.ok;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      external?.removeEventListener('abort', forward);
    }
  },
};

/** Reads the local edge's counters; when it cannot, the error also says what to check. */
function edgeCounters(edgeUrl: string): FiveXxGuard['read'] {
  return (table) =>
    readEdgeStats(edgeUrl, table).catch((error: unknown) => {
      if (!(error instanceof ControlError) || error.code !== 'stats-unavailable') throw error;
      throw new ControlError(error.code, `${error.message} (check that \`cellfront dev\` is running there, or give its edge with --edge HOST)`);
    });
}

/** Draws progress on stderr: a bar redrawn in place on a terminal, one line per step otherwise. */
function progress(io: ControlIo, cell: string): (step: ShiftStep, total: number) => void {
  const redraw = terminalOf(io) !== undefined;
  return (step, total) => {
    const filled = Math.round((step.index / total) * BAR_WIDTH);
    const text = `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] step ${step.index}/${total}: ${cell} at ${percent(step.share)} (ETag ${step.etag})`;
    io.stderr(redraw ? `\r${text}${step.index === total ? '\n' : ''}` : `${text}\n`);
  };
}

function summary(result: ShiftResult, rate: number | undefined): string {
  const at = `${result.cell} is at ${percent(result.share)} of keys`;
  switch (result.outcome) {
    case 'unchanged':
      return `${result.cell} is already at ${percent(result.toShare)} of keys; nothing to do.\n`;
    case 'done':
      return `Done: ${at} (was ${percent(result.fromShare)}), in ${result.steps.length} step${result.steps.length === 1 ? '' : 's'}; the store is at ETag ${result.etag}.\n`;
    case 'interrupted': {
      const done = result.steps.length;
      const undo = done > 0 ? ', or `cellfront rollback` to undo the shift in one write' : '';
      return `Interrupted after step ${done} of ${result.plannedSteps}: ${at}, and the store holds that table as written (ETag ${result.etag}). Run the same command to continue${undo}.\n`;
    }
    case 'aborted': {
      const a = result.abort as NonNullable<ShiftResult['abort']>;
      return `Aborted after step ${a.step} of ${result.plannedSteps}: ${result.cell} answered ${a.errors5xx} of ${a.requests} requests with 5xx (${percent(a.rate)}, over ${percent(rate ?? 0)}). Rolled back to the table from before the shift: ${at} (ETag ${result.etag}).\n`;
    }
  }
}

