import { App, Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';

/** A valid runtime 2.0 function, small enough to read in a failure message. */
export const TINY_FUNCTION = 'async function handler(event) { return event.request; }';

/** The AWS managed policies' fixed ids, from the CloudFront Developer Guide. */
export const CACHING_DISABLED_ID = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
export const ALL_VIEWER_EXCEPT_HOST_HEADER_ID = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

/**
 * A stack in an app that skips asset bundling: construct tests look at the template, not
 * at the Lambda bundle, and this keeps esbuild from running once per stack.
 */
export function stackWithoutBundling(id = 'Test'): Stack {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  return new Stack(app, id);
}

/** Inline code for the edge function. */
export function tinyCode(code = TINY_FUNCTION): cloudfront.FunctionCode {
  return cloudfront.FunctionCode.fromInline(code);
}
