/**
 * The CDK app: `cdk synth` / `cdk deploy` run this file (see cdk.json). It builds the edge
 * function from source, so the deployed code is byte for byte what `cellfront build` and
 * the local emulator run, compiles the routing config into the data the store receives at
 * deploy, and checks the stack with cdk-nag's AwsSolutions pack.
 *
 * Options: `-c config=PATH`, `-c mode=redirect|proxy`, `-c apis=3`, `-c viewerResponse=false`,
 * `-c stackName=...`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Validations } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ConfigError, type ResolvedConfig } from '../src/config/index.js';
import { buildEdgeFunction } from '../src/function/build.js';
import { EdgeRouterValidationError } from './edge-router/index.js';
import { AppContextError, readAppOptions, type AppOptions } from './stack/context.js';
import { CellfrontStack } from './stack/cellfront-stack.js';
import { loadStackConfig } from './stack/stack-config.js';

/** Where the demo config sits: the project root, whatever directory `cdk` runs from. */
const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
const DEFAULT_CONFIG_FILE = 'cellfront.config.json';

const app = new App();
const options = optionsOrExit(app);
const config = await configOrExit(options);
const { code } = await buildEdgeFunction();
try {
  new CellfrontStack(app, options.stackName, {
    description: 'cellfront: data-driven routing at the CloudFront edge (KeyValueStore + CloudFront Function)',
    apiCount: options.apiCount,
    config,
    // With a config, -c mode already went into it (before validation).
    mode: config ? undefined : options.mode,
    viewerResponse: options.viewerResponse,
    functionCode: cloudfront.FunctionCode.fromInline(code),
  });
} catch (error) {
  if (!(error instanceof EdgeRouterValidationError)) throw error;
  exitWith(error.message, 1);
}
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

/** A mistyped `-c` option is the user's: one line saying what is accepted, no stack trace. */
function optionsOrExit(cdkApp: App): AppOptions {
  try {
    return readAppOptions((key) => cdkApp.node.tryGetContext(key));
  } catch (error) {
    if (!(error instanceof AppContextError)) throw error;
    return exitWith(error.message, 2);
  }
}

/** The config named by `-c config`, the project's demo config, or none (the seed layout). */
async function configOrExit(appOptions: AppOptions): Promise<ResolvedConfig | undefined> {
  const given = appOptions.config;
  if (given === undefined && !existsSync(join(PROJECT_ROOT, DEFAULT_CONFIG_FILE))) return undefined;
  try {
    return await loadStackConfig(given ?? DEFAULT_CONFIG_FILE, {
      stackName: appOptions.stackName,
      apiCount: appOptions.apiCount,
      mode: appOptions.mode,
      cwd: given === undefined ? PROJECT_ROOT : process.cwd(),
    });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return exitWith(error.message, 1);
  }
}

function exitWith(message: string, exitCode: number): never {
  console.error(message.split('\n').map((line) => `cellfront app: ${line}`).join('\n'));
  process.exit(exitCode);
}
