import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { planFileText, planFromConfig } from '../../control/index.js';
import { stringFlag } from '../args.js';
import type { Command } from '../command.js';
import { CliError, ExitCode, fileProblem, UsageError } from '../errors.js';
import { configFromFlags } from './compile.js';
import { withLocalOutputs } from './local-outputs.js';
import { controlFlags, effectiveEndpoint, mapped, positionals, printJson, storeFlags, targetFromFlags, withStore } from './control-common.js';
import { formatChangeWarning, renderPlan } from './control-render.js';

/** `cellfront plan`: what applying the config would change in the live store. */
export const planCommand: Command = {
  name: 'plan',
  summary: 'Show what applying the config would change in the live store, and save it as a plan.',
  description: [
    'Reads the live store and compiles the config against its table, so the fewest keys move.',
    'Prints each cell\'s share of keys before and after, the share moving in and out of each',
    'cell, the cells, settings and overrides that change, and the keys that would be written.',
    'With --out, saves the plan with the ETag it was computed against: `cellfront apply PLAN`',
    'writes exactly that, or stops with exit code 3 if the store changed in between.',
    'Exit codes: 0 planned, 1 the config or the store refused, 2 bad command line.',
  ].join('\n'),
  flags: [
    controlFlags.config,
    ...storeFlags,
    { name: 'out', type: 'string', valueName: 'PLAN', description: 'Save the plan to this file, for `cellfront apply PLAN`.' },
    controlFlags.compact,
    controlFlags.json,
  ],
  run: async (args, io) => {
    positionals(args, []);
    const out = stringFlag(args, 'out');
    if (out !== undefined && out.trim() === '') throw new UsageError('--out needs a file name');
    const config = await configFromFlags(withLocalOutputs(args, io), io);
    const { plan, endpoint } = await mapped(async () => {
      const target = await targetFromFlags(args, io);
      const made = await withStore(target, io, async (store) => {
        const live = await store.read();
        const planned = planFromConfig(live, config, { compact: args.flags.compact === true });
        io.stderr(formatChangeWarning(live, planned));
        return planned;
      });
      return { plan: made, endpoint: effectiveEndpoint(target, io) };
    });
    // The plan remembers the endpoint it was made against: `apply PLAN` writes to that same store.
    if (out !== undefined) await savePlan(out, io.cwd, planFileText(plan, new Date(), endpoint));
    if (args.flags.json === true) {
      printJson(io, { ...plan, ...(out === undefined ? {} : { planFile: out }) });
      return ExitCode.ok;
    }
    io.stdout(renderPlan(plan));
    if (out !== undefined) io.stdout(`\nSaved to ${out}. Apply it with: cellfront apply ${out}\n`);
    return ExitCode.ok;
  },
};

/** Writes the plan file; a missing folder or a file that cannot be written is a one-line error (exit 1). */
async function savePlan(given: string, cwd: string, text: string): Promise<void> {
  try {
    await writeFile(resolve(cwd, given), text);
  } catch (error) {
    const why = fileProblem(error, { given, cwd, action: 'write' }) ?? (error as Error).message;
    throw new CliError(`--out ${given}: cannot write the plan: ${why}; the plan was not saved and nothing was written to the store`);
  }
}
