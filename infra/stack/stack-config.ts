import type * as apigateway from 'aws-cdk-lib/aws-apigateway';
import { ConfigError, resolveConfig, schemaIssues, type OutputsFile, type RawConfig, type ResolvedConfig } from '../../src/config/index.js';
import { readJsonFile } from '../../src/config/json-file.js';
import { DEMO_STAGE } from '../../src/demo/demo-api.js';
import { restApiHost, restApiHostPlaceholder, type RouterMode } from '../edge-router/index.js';

/** The stack output holding the `index`-th (1-based) API's URL, as the seed names it. */
export function apiUrlOutputName(index: number): string {
  return `APIGATEWAY${index}URL`;
}

/** Options of {@link loadStackConfig}. */
export interface StackConfigOptions {
  /** The stack's name: `${Stack.Output}` references name it. */
  readonly stackName: string;
  /** How many demo APIs the stack deploys: `${APIGATEWAY1URL}` .. `${APIGATEWAY<N>URL}` resolve. */
  readonly apiCount: number;
  /**
   * Overrides the config's `mode` before it is validated (proxy mode checks origins harder).
   *
   * @default - the config's mode
   */
  readonly mode?: RouterMode;
  /**
   * Directory a relative `file` is read from; messages name the file as given.
   *
   * @default process.cwd()
   */
  readonly cwd?: string;
}

/**
 * Reads and validates a `cellfront.config.json` for the CDK stack, the way `loadConfig` does,
 * with the stack's own outputs standing in for an outputs file: `${APIGATEWAY<n>URL}` (or
 * `${<stack>.APIGATEWAY<n>URL}`) resolves to the n-th API's URL, whose host is a placeholder
 * until {@link deployTimeApiHosts} swaps in the deployed one. Throws `ConfigError` naming every
 * problem as `file#/pointer: message`.
 *
 * @example const config = await loadStackConfig('cellfront.config.json', { stackName: 'Cellfront', apiCount: 2 });
 */
export async function loadStackConfig(file: string, options: StackConfigOptions): Promise<ResolvedConfig> {
  const document = await readJsonFile(file, options.cwd ?? process.cwd());
  const issues = schemaIssues(file, document);
  if (issues.length > 0) throw new ConfigError('config-invalid', issues);
  const raw = document as RawConfig;
  const result = resolveConfig(file, options.mode === undefined ? raw : { ...raw, mode: options.mode }, stackOutputs(options));
  if ('issues' in result) throw new ConfigError('config-invalid', result.issues);
  return result.config;
}

/**
 * The deployed host of each API, keyed by the placeholder {@link loadStackConfig} resolved
 * its URL with: what `EdgeRouterProps.deployTimeHosts` takes.
 *
 * @example new EdgeRouter(this, 'Router', { origins, config, deployTimeHosts: deployTimeApiHosts(apis) })
 */
export function deployTimeApiHosts(apis: readonly apigateway.IRestApi[]): Record<string, string> {
  return Object.fromEntries(apis.map((api, i) => [restApiHostPlaceholder(i + 1), restApiHost(api)]));
}

/** `{restApiId}` etc. are unknown until deploy; the path is the stage, as in `RestApi.url`. */
function stackOutputs({ stackName, apiCount }: StackConfigOptions): OutputsFile {
  const outputs: Record<string, string> = {};
  for (let n = 1; n <= apiCount; n++) outputs[apiUrlOutputName(n)] = `https://${restApiHostPlaceholder(n)}/${DEMO_STAGE}/`;
  return { file: `the outputs of stack ${stackName} (-c apis=${apiCount})`, outputs: { [stackName]: outputs } };
}
