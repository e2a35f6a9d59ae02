import { SEED_TARGET_KEYS_MAX } from '../../src/router/seed-layout.js';
import type { RouterMode } from '../edge-router/index.js';

/** What `cdk synth` / `cdk deploy` can be told with `-c key=value`. */
export interface AppOptions {
  /** `-c stackName=...` @default 'Cellfront' */
  readonly stackName: string;
  /** `-c apis=3` @default 2 */
  readonly apiCount: number;
  /** `-c config=PATH`: the routing config. @default - `cellfront.config.json` at the project root if it exists, else the seed layout */
  readonly config?: string;
  /** `-c mode=proxy`: overrides the config's mode. @default - the config's; 'redirect' for the seed layout */
  readonly mode?: RouterMode;
  /** `-c viewerResponse=true` @default - true in proxy mode with a config, false otherwise */
  readonly viewerResponse?: boolean;
}

/** A `-c` context value the app cannot use; the message names it and what is accepted. */
export class AppContextError extends Error {
  override readonly name = 'AppContextError';
  readonly code = 'InvalidContext';
}

/** CloudFormation stack names: a letter, then letters, digits and hyphens, 128 at most. */
const STACK_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;

/**
 * Reads the app's options from CDK context. Values given with `-c` arrive as strings and
 * values from `cdk.json` keep their JSON type, so both are accepted.
 *
 * @example readAppOptions((key) => app.node.tryGetContext(key)) // { stackName: 'Cellfront', apiCount: 2 }
 */
export function readAppOptions(context: (key: string) => unknown): AppOptions {
  const stackName = text(context('stackName')) ?? 'Cellfront';
  if (!STACK_NAME_PATTERN.test(stackName)) {
    throw new AppContextError(`-c stackName=${stackName} is not a stack name; use a letter, then letters, digits or '-'`);
  }
  const apis = text(context('apis')) ?? '2';
  const apiCount = Number(apis);
  if (!/^\d+$/.test(apis) || apiCount < 1 || apiCount > SEED_TARGET_KEYS_MAX) {
    throw new AppContextError(`-c apis=${apis} is not a number of APIs; expected a whole number from 1 to ${SEED_TARGET_KEYS_MAX} (the edge function reads no further)`);
  }
  const config = text(context('config'));
  if (config === '') throw new AppContextError('-c config= names no file; give the path of a cellfront.config.json');
  const mode = text(context('mode'));
  if (mode !== undefined && mode !== 'redirect' && mode !== 'proxy') {
    throw new AppContextError(`-c mode=${mode} is not a mode; expected redirect or proxy`);
  }
  const viewerResponse = text(context('viewerResponse'));
  if (viewerResponse !== undefined && viewerResponse !== 'true' && viewerResponse !== 'false') {
    throw new AppContextError(`-c viewerResponse=${viewerResponse} is not a boolean; expected true or false`);
  }
  return {
    stackName,
    apiCount,
    ...(config === undefined ? {} : { config }),
    ...(mode === undefined ? {} : { mode }),
    ...(viewerResponse === undefined ? {} : { viewerResponse: viewerResponse === 'true' }),
  };
}

function text(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : String(value);
}
