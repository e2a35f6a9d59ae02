import { SEED_TARGET_KEYS_MAX, seedTargetKey } from './seed-layout.js';
import type { SkippedTarget } from './types.js';

/** Why a request could not be routed. */
export type RoutingProblem =
  /** No KeyValueStore is associated with the function. */
  | { readonly kind: 'no-store'; readonly message: string }
  /** The store has no `APIGW1URL`. */
  | { readonly kind: 'no-targets' }
  /** Every stored target is invalid. */
  | { readonly kind: 'all-invalid'; readonly skipped: readonly SkippedTarget[] }
  /** Reading a key failed before any valid target was found. */
  | {
      readonly kind: 'read-failed';
      readonly key: string;
      readonly message: string;
      readonly skipped: readonly SkippedTarget[];
    }
  /** The function itself failed; the adapter turns any exception into this. */
  | { readonly kind: 'internal'; readonly message: string };

// Everything here ships inside the 10 KB function, so the wording is kept short.
const FIRST_KEY = seedTargetKey(1);
const DESCRIBE = 'aws cloudfront-keyvaluestore describe-key-value-store --kvs-arn <KVSTOREARN>';

/**
 * One line for the function's log.
 *
 * @example summarizeProblem({ kind: 'read-failed', key: 'APIGW1URL', message: 'timeout', skipped: [] })
 * // 'cellfront: 503 read-failed: APIGW1URL: timeout'
 */
export function summarizeProblem(problem: RoutingProblem): string {
  let detail = '';
  if (problem.kind === 'read-failed') detail = problem.key + ': ' + problem.message;
  else if (problem.kind === 'no-store' || problem.kind === 'internal') detail = problem.message;
  else if (problem.kind === 'no-targets') detail = 'no ' + FIRST_KEY;
  return 'cellfront: 503 ' + problem.kind + (detail === '' ? '' : ': ' + detail);
}

/**
 * The plain-text body shown to the viewer: what is missing or broken, and the
 * command that fixes it.
 *
 * @example describeProblem({ kind: 'no-targets' }) // '... has no APIGW1URL ... cellfront kvs update-keys ...'
 */
export function describeProblem(problem: RoutingProblem): string {
  let lines: string[] = [];
  switch (problem.kind) {
    case 'no-store':
      lines = [
        'No KeyValueStore is associated with this CloudFront Function (' + problem.message + ').',
        'Associate one (FunctionConfig.KeyValueStoreAssociations, or keyValueStore in the CDK),',
        'publish the function, then add a target:',
      ].concat(howToPut(FIRST_KEY));
      break;
    case 'no-targets':
      lines = [
        'The KeyValueStore associated with this function has no key ' + FIRST_KEY + '.',
        'Targets are read from ' + FIRST_KEY + ', ' + seedTargetKey(2) + ', ... (up to ' +
          seedTargetKey(SEED_TARGET_KEYS_MAX) + ') until the first missing key,',
        'and traffic is split evenly between them. Add a target:',
      ].concat(howToPut(FIRST_KEY));
      break;
    case 'all-invalid':
      lines = ['No stored target is an absolute http:// or https:// URL:']
        .concat(listSkipped(problem.skipped))
        .concat(['Store one, such as https://abc123.execute-api.us-east-1.amazonaws.com/prod/:'])
        .concat(howToPut(firstKey(problem.skipped)));
      break;
    case 'read-failed':
      lines = ['Reading ' + problem.key + ' from the KeyValueStore failed: ' + problem.message]
        .concat(problem.skipped.length > 0 ? ['Skipped before it:'] : [])
        .concat(listSkipped(problem.skipped))
        .concat(['This is usually temporary. If it persists, check the store:', '  ' + DESCRIBE]);
      break;
    case 'internal':
      lines = ['The routing function failed unexpectedly: ' + problem.message];
      break;
  }
  return ['cellfront cannot route this request (503 Service Unavailable).', ''].concat(lines).join('\n') + '\n';
}

function howToPut(key: string): string[] {
  const args = " update-keys --kvs-arn <KVSTOREARN> --if-match <ETAG> --puts '[{\"Key\":\"" + key +
    '","Value":"https://..."}]\'';
  return [
    '',
    '  cellfront kvs' + args,
    '',
    'or with the AWS CLI:',
    '',
    '  aws cloudfront-keyvaluestore' + args,
    '',
    '<ETAG> comes from: ' + DESCRIBE,
  ];
}

function listSkipped(skipped: readonly SkippedTarget[]): string[] {
  return skipped.map(
    (s) => '  ' + s.key + (s.value === undefined ? '' : ' = ' + JSON.stringify(s.value)) + ': ' + s.reason,
  );
}

function firstKey(skipped: readonly SkippedTarget[]): string {
  return skipped.length > 0 ? (skipped[0] as SkippedTarget).key : FIRST_KEY;
}
