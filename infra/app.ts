/**
 * The CDK app: `cdk synth` / `cdk deploy` run this file (see cdk.json). It builds the edge
 * function from source, so the deployed code is byte for byte what `cellfront build` and
 * the local emulator run, and checks the stack with cdk-nag's AwsSolutions pack.
 *
 * Options: `-c apis=3`, `-c mode=proxy`, `-c viewerResponse=true`, `-c stackName=...`.
 */
import { App, Validations } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildEdgeFunction } from '../src/function/build.js';
import { AppContextError, readAppOptions, type AppOptions } from './stack/context.js';
import { CellfrontStack } from './stack/cellfront-stack.js';

const app = new App();
const options = optionsOrExit(app);
const { code } = await buildEdgeFunction();
new CellfrontStack(app, options.stackName, {
  description: 'cellfront: data-driven routing at the CloudFront edge (KeyValueStore + CloudFront Function)',
  apiCount: options.apiCount,
  mode: options.mode,
  viewerResponse: options.viewerResponse,
  functionCode: cloudfront.FunctionCode.fromInline(code),
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

/** A mistyped `-c` option is the user's: one line saying what is accepted, no stack trace. */
function optionsOrExit(cdkApp: App): AppOptions {
  try {
    return readAppOptions((key) => cdkApp.node.tryGetContext(key));
  } catch (error) {
    if (!(error instanceof AppContextError)) throw error;
    console.error(`cellfront app: ${error.message}`);
    process.exit(2);
  }
}
