import { Stack } from 'aws-cdk-lib';
import type * as apigateway from 'aws-cdk-lib/aws-apigateway';

/*
 * A routing table is compiled at synth time, but an API's host name is only known at deploy
 * time: at synth it is a CDK token, which cannot be parsed as a URL or measured. So a config
 * is resolved with a placeholder host per API, compiled, and the placeholders in the encoded
 * entries are then swapped for the token strings; CDK renders the result as an `Fn::Join`.
 *
 * The placeholder is as long as the longest host the API can get, so a table that fits the
 * 1,024-byte KVS value at synth also fits once deployed.
 */

/** Characters in an API Gateway REST API id (`abc123defg`). */
const REST_API_ID_CHARS = 10;
/** Stands for the longest AWS region name in use, `us-isof-south-1` (15 characters). */
const REGION_PLACEHOLDER = 'xx-placeholder1';
/** Stands for the longest AWS URL suffix, `amazonaws.com.cn` (16 characters). */
const URL_SUFFIX_PLACEHOLDER = 'placeholder.test';
/** Matches every placeholder host; nothing a deployed API is called looks like it. */
const PLACEHOLDER_PATTERN = /cell\d{6}\.execute-api\.xx-placeholder1\.placeholder\.test/;

/**
 * The stand-in host for the `index`-th (1-based) REST API: a valid DNS name exactly as long as
 * the longest `{restApiId}.execute-api.{region}.{urlSuffix}`, and unique per index.
 *
 * @example restApiHostPlaceholder(1) // 'cell000001.execute-api.xx-placeholder1.placeholder.test'
 */
export function restApiHostPlaceholder(index: number): string {
  const digits = REST_API_ID_CHARS - 'cell'.length;
  if (!Number.isInteger(index) || index < 1 || index >= 10 ** digits) {
    throw new RangeError(`API index ${index} is not a whole number from 1 to ${10 ** digits - 1}`);
  }
  return `cell${String(index).padStart(digits, '0')}.execute-api.${REGION_PLACEHOLDER}.${URL_SUFFIX_PLACEHOLDER}`;
}

/**
 * A REST API's host name as a string of deploy-time tokens, the way `RestApi.url` builds it:
 * `{restApiId}.execute-api.{region}.{urlSuffix}`.
 *
 * @example restApiHost(api) // '${Token[...]}.execute-api.${Token[AWS.Region...]}.${Token[AWS.URLSuffix...]}'
 */
export function restApiHost(api: apigateway.IRestApi): string {
  const stack = Stack.of(api);
  return `${api.restApiId}.execute-api.${stack.region}.${stack.urlSuffix}`;
}

/**
 * `text` with every placeholder host replaced by its deploy-time host.
 *
 * @example substituteHosts(encodedTable, { [restApiHostPlaceholder(1)]: restApiHost(api1) })
 */
export function substituteHosts(text: string, hosts: Readonly<Record<string, string>>): string {
  let out = text;
  for (const [placeholder, host] of Object.entries(hosts)) out = out.split(placeholder).join(host);
  return out;
}

/** The first placeholder host left in `text`, if any: a cell whose API the stack does not have. */
export function leftoverPlaceholder(text: string): string | undefined {
  return PLACEHOLDER_PATTERN.exec(text)?.[0];
}
