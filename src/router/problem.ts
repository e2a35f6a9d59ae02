import { seedTargetKey } from './seed-layout.js';

/** A stored value that is not a target. */
export interface SkippedTarget {
  readonly key: string;
  readonly value: string;
}

/**
 * Why nothing can be routed: the store holds no routing table (and the function
 * embeds none), and the seed layout gives no target. Only these answer 503; a
 * store that does not answer sends the request to the default origin instead.
 */
export type RoutingProblem =
  /** No KeyValueStore is associated with the function. */
  | { readonly kind: 'no-store'; readonly message: string }
  /** The store has neither a routing table nor `APIGW1URL`. */
  | { readonly kind: 'no-targets' }
  /** Every stored target is invalid. */
  | { readonly kind: 'all-invalid'; readonly skipped: readonly SkippedTarget[] };

/**
 * The plain-text body shown to the viewer: what is missing, and the command
 * that adds it (`aws cloudfront-keyvaluestore put-key` takes the same flags).
 * It ships inside the function, whose size counts every byte: the wording is
 * short on purpose.
 *
 * @example describeProblem({ kind: 'no-targets' })
 * // 'cellfront: no routing table and no APIGW1URL in the KeyValueStore.\nAdd a target: cellfront kvs put-key ...'
 */
export function describeProblem(problem: RoutingProblem): string {
  let key = seedTargetKey(1);
  let what = 'no routing table and no ' + key + ' in the KeyValueStore';
  if (problem.kind === 'no-store') what = 'no KeyValueStore is associated with the function (' + problem.message + ')';
  if (problem.kind === 'all-invalid') {
    key = (problem.skipped[0] as SkippedTarget).key;
    what = 'no stored value is an http(s) URL: ' + problem.skipped.map((s) => s.key + ' ' + JSON.stringify(s.value)).join(', ');
  }
  return 'cellfront: ' + what + '.\nAdd a target: cellfront kvs put-key --kvs-arn <KVSTOREARN> --if-match <ETAG> --key ' + key + ' --value https://...\n';
}
