import type { Command } from '../command.js';

/**
 * A command as `cellfront --help` lists it: its name and summary, and the
 * module with the rest, loaded only when the command runs (or shows its own
 * help). This keeps `cellfront --help` and every command from loading what
 * other commands need (the AWS SDK, ajv, esbuild, acorn): a new command must
 * be added here with `lazy`, and must import heavy modules only on its run path.
 */
function lazy(name: string, summary: string, load: () => Promise<Command>): Command {
  return { name, summary, load };
}

/** Every top-level command, in the order `cellfront --help` lists them. */
export const commands: readonly Command[] = [
  lazy('init', 'Write a starter cellfront.config.json: two cells on the demo APIs of `cellfront dev`, 50/50, proxy mode.', async () => (await import('./init.js')).initCommand),
  lazy('dev', 'Run the whole system locally: demo APIs, the KVS endpoint and a local CloudFront edge.', async () => (await import('./dev.js')).devCommand),
  lazy('kvs', 'Read and write a KeyValueStore, like `aws cloudfront-keyvaluestore`.', async () => (await import('./kvs.js')).kvsCommand),
  lazy('check-function', 'Check a CloudFront Function against the runtime 2.0 allow-list before deploying it.', async () => (await import('./check-function.js')).checkFunctionCommand),
  lazy('test-function', 'Run a CloudFront Function on one event and print what `aws cloudfront test-function` prints.', async () => (await import('./test-function.js')).testFunctionCommand),
  lazy('build', 'Bundle the edge function into one CloudFront Functions file.', async () => (await import('./build.js')).buildCommand),
  lazy('compile', 'Compile the config into the routing table and override keys, in the KVS import format.', async () => (await import('./compile.js')).compileCommand),
  lazy('simulate', 'Route synthetic keys through the routing decision: shares per cell, stickiness, movement.', async () => (await import('./simulate.js')).simulateCommand),
  // The control plane: change routing in the live store.
  lazy('validate', 'Check the config: schema, meaning, and that its table and overrides fit the KVS limits.', async () => (await import('./validate.js')).validateCommand),
  lazy('plan', 'Show what applying the config would change in the live store, and save it as a plan.', async () => (await import('./plan.js')).planCommand),
  lazy('apply', 'Write the config (or a saved plan) to the live store, never over a change made since it was read.', async () => (await import('./apply.js')).applyCommand),
  lazy('status', 'Show the live routing table: cells, shares, ETag, last change, overrides, and observed traffic.', async () => (await import('./status.js')).statusCommand),
  lazy('shift', "Move a cell's share of keys to a target, step by step, each step a conditional write.", async () => (await import('./shift.js')).shiftCommand),
  lazy('rollback', 'Put the previous routing table back, byte for byte, in one conditional write.', async () => (await import('./rollback.js')).rollbackCommand),
  lazy('pin', 'Send one partition key (a tenant, a session) to one cell, whatever its hash says.', async () => (await import('./pin.js')).pinCommand),
  lazy('unpin', 'Remove the pin of one partition key: it routes by its hash again.', async () => (await import('./unpin.js')).unpinCommand),
  lazy('drain', 'Take a cell out of routing at once: its keys go to the fallback cell, every other key stays put.', async () => (await import('./drain.js')).drainCommand),
  lazy('undrain', 'Bring a drained cell back: its keys return to it, every other key stays put.', async () => (await import('./undrain.js')).undrainCommand),
  lazy('dashboard', 'Serve a live dashboard of the split on 127.0.0.1: shares, traffic, table, history, and controls.', async () => (await import('./dashboard.js')).dashboardCommand),
];
