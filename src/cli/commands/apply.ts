import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { actorFrom, applyPlan, ControlError, planSummary, isEmptyPlan, parsePlanFile, planFileEndpoint, planFromConfig, verifySavedPlan, type Plan, type WriteOutcome } from '../../control/index.js';
import { PREVIOUS_TABLE_KEY } from '../../router/table/index.js';
import { stringFlag } from '../args.js';
import type { Command } from '../command.js';
import { CliError, ExitCode, UsageError } from '../errors.js';
import { configFromFlags } from './compile.js';
import { controlFlags, mapped, printJson, storeFlags, targetFromFlags, terminalOf, withStore, type ControlIo } from './control-common.js';
import { formatChangeWarning, renderPlan } from './control-render.js';
import { keepOwnStore, withLocalOutputs } from './local-outputs.js';

/** `cellfront apply`: write the config (or a saved plan) to the store, on condition that it did not change. */
export const applyCommand: Command = {
  name: 'apply',
  summary: 'Write the config (or a saved plan) to the live store, never over a change made since it was read.',
  positionals: '[PLAN]',
  description: [
    'Without PLAN: reads the store, plans the config against it (as `cellfront plan` does), shows',
    'the plan and writes it. With PLAN (a file from `cellfront plan --out`): writes exactly that, after',
    'checking that its writes do what it shows (an edited plan file is refused, exit 1).',
    'Every write carries If-Match with the ETag the plan was computed against: if the store changed',
    'since it was read or planned, nothing is written and the command exits 3. The replaced table',
    `stays in ${PREVIOUS_TABLE_KEY}, for \`cellfront rollback\`. The table, the previous table and`,
    'the overrides go in one UpdateKeys call (all or nothing) when they are 50 keys or fewer.',
    'Asks before writing when a terminal is attached; without one (CI) pass --yes, or it refuses.',
    'Exit codes: 0 applied (or nothing to do), 1 refused, 2 bad command line or no --yes, 3 conflict.',
  ].join('\n'),
  flags: [
    controlFlags.config,
    ...storeFlags,
    { name: 'yes', type: 'boolean', description: 'Write without asking (needed when no terminal is attached).' },
    controlFlags.compact,
    controlFlags.json,
  ],
  run: async (args, io: ControlIo) => {
    const [planFile, ...extra] = args.positionals;
    if (extra.length > 0) throw new UsageError(`takes at most one PLAN file, got ${args.positionals.length}: ${args.positionals.join(' ')}`);
    if (planFile !== undefined && stringFlag(args, 'config') !== undefined) throw new UsageError('give either PLAN or --config, not both');
    if (planFile !== undefined && args.flags.compact === true) throw new UsageError('--compact applies when planning; give it to `cellfront plan`');
    const terminal = terminalOf(io);
    if (args.flags.yes !== true && !terminal) {
      throw new UsageError('no terminal to confirm on (CI?); pass --yes to apply without asking');
    }
    const json = args.flags.json === true;
    const read = planFile === undefined ? undefined : await readPlan(planFile, io);
    const saved = read?.plan;
    // A saved plan names its store (and endpoint): the local system in this folder is not guessed for it.
    if (saved) keepOwnStore(args);
    const config = saved ? undefined : await configFromFlags(withLocalOutputs(args, io), io);

    const outcome = await mapped(async () => {
      const flagged = await targetFromFlags(args, io);
      const endpoint = flagged.endpoint ?? read?.endpoint;
      if (read?.endpoint !== undefined && flagged.endpoint === undefined) io.stderr(`Using the endpoint ${planFile} was made against: ${read.endpoint}\n`);
      const target = { ...flagged, ...(endpoint === undefined ? {} : { endpoint }) };
      return withStore(
        target,
        io,
        async (store) => {
          const live = await store.read();
          // A saved plan must write what it shows: recomputed against the store it was made for.
          if (saved) verifySavedPlan(saved, live, planFile as string);
          const plan = saved ?? planFromConfig(live, config as NonNullable<typeof config>, { compact: args.flags.compact === true });
          if (!json) io.stdout(renderPlan(plan));
          io.stderr(formatChangeWarning(live, plan));
          if (isEmptyPlan(plan) && !saved) return { plan, written: { etag: plan.etag, calls: 0 } };
          if (args.flags.yes !== true && terminal && !isEmptyPlan(plan)) {
            // With --json, stdout is for the result; the person answering still sees what they approve.
            if (json) io.stderr(renderPlan(plan));
            const answer = (await terminal.ask(`\nApply these changes to ${plan.arn}? Type "yes" to write: `)).trim().toLowerCase();
            if (answer !== 'yes' && answer !== 'y') throw new CliError('cancelled; nothing was written');
          }
          const since = saved ? `${planFile} was made` : 'it was read';
          const history = { action: 'apply' as const, ...actorFrom(io.env, 'cli'), what: planSummary(plan) };
          return { plan, written: await applyPlan(store, plan, since, history).catch(replanHint) };
        },
        // A saved plan names its store; flags may still point elsewhere, and applyPlan refuses that.
        saved && target.arn === undefined ? saved.arn : undefined,
      );
    });
    report(io, json, outcome.plan, outcome.written);
    return ExitCode.ok;
  },
};

function replanHint(error: unknown): never {
  if (error instanceof ControlError && error.code === 'conflict') {
    throw new ControlError('conflict', `${error.message}. Run \`cellfront plan\` again and review the new difference`);
  }
  throw error;
}

function report(io: ControlIo, json: boolean, plan: Plan, written: WriteOutcome): void {
  const applied = written.calls > 0;
  if (json) {
    printJson(io, { applied, etag: written.etag, previousEtag: plan.etag, calls: written.calls, plan });
    return;
  }
  if (!applied) {
    io.stdout(`\nNothing to apply; the store is at ETag ${written.etag}.\n`);
    return;
  }
  const keys = plan.writes.puts.length + plan.writes.deletes.length;
  const kept = plan.writes.puts.some((p) => p.key === PREVIOUS_TABLE_KEY)
    ? ` The replaced table is kept in ${PREVIOUS_TABLE_KEY}: \`cellfront rollback\` restores it.`
    : '';
  io.stdout(`\nApplied: ${keys} key${keys === 1 ? '' : 's'} in ${written.calls} UpdateKeys call${written.calls === 1 ? '' : 's'}; the store is at ETag ${written.etag} (was ${plan.etag}).${kept}\n`);
}

async function readPlan(file: string, io: ControlIo): Promise<{ readonly plan: Plan; readonly endpoint?: string }> {
  let text: string;
  try {
    text = await readFile(resolve(io.cwd, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CliError(`${file}: no such plan file; write one with \`cellfront plan --out ${file}\``);
    throw new CliError(`${file}: cannot read: ${(error as Error).message}`);
  }
  return mapped(async () => {
    const plan = parsePlanFile(text, file);
    const endpoint = planFileEndpoint(text, file);
    return endpoint === undefined ? { plan } : { plan, endpoint };
  });
}
