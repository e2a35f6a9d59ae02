/**
 * The seed pattern's data layout: target URLs under `APIGW1URL`, `APIGW2URL`, ...
 * A function cannot list a store's keys (the runtime offers only get, exists and
 * meta), so it reads them in order from 1 and stops at the first missing one.
 */

/**
 * The highest `APIGW<n>URL` read. Every read costs the function compute time, so
 * the walk is capped; ten targets is well past the seed's two.
 */
export const SEED_TARGET_KEYS_MAX = 10;

/**
 * The key holding the `n`th target (from 1).
 *
 * @example seedTargetKey(2) // 'APIGW2URL'
 */
export function seedTargetKey(n: number): string {
  return 'APIGW' + n + 'URL';
}
