import { Token } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { KVS_KEY_MAX_BYTES, KVS_TOTAL_MAX_BYTES, KVS_VALUE_MAX_BYTES } from '../../src/limits.js';
import { seedTargetKey } from '../../src/router/seed-layout.js';
import { utf8Bytes } from '../../src/store/entry-rules.js';
import { EdgeRouterValidationError } from './errors.js';

/**
 * One key the router writes into its KeyValueStore at deploy time. Either side may hold
 * a deploy-time token (an API's URL); such values are checked by the store when written.
 */
export interface RoutingEntry {
  readonly key: string;
  readonly value: string;
}

/** Anything with a URL: an API Gateway `RestApi`, a `CellOrigin`, a plain object. */
export interface HasUrl {
  readonly url: string;
}

/**
 * The seed pattern's layout: `APIGW1URL` .. `APIGW<N>URL` holding each target's URL,
 * in the order given. The current edge function reads exactly these keys.
 *
 * @example seedRoutingEntries([api1, api2]) // [{ key: 'APIGW1URL', value: api1.url }, ...]
 */
export function seedRoutingEntries(targets: readonly HasUrl[]): RoutingEntry[] {
  return targets.map((target, index) => ({ key: seedTargetKey(index + 1), value: target.url }));
}

/**
 * Refuses entries the KeyValueStore would refuse, before anything is deployed: keys of
 * 1 to 512 bytes, values up to 1,024 bytes, no key twice, at most 5 MB in all. Parts that
 * are tokens are only known at deploy time and are left to the store.
 */
export function validateRoutingEntries(scope: IConstruct, entries: readonly RoutingEntry[]): void {
  const seen = new Set<string>();
  let totalBytes = 0;
  for (const [index, { key, value }] of entries.entries()) {
    const where = `entries[${index}]`;
    const keyKnown = !Token.isUnresolved(key);
    const valueKnown = !Token.isUnresolved(value);
    if (keyKnown) {
      const keyBytes = utf8Bytes(key);
      if (keyBytes === 0 || keyBytes > KVS_KEY_MAX_BYTES) {
        throw new EdgeRouterValidationError(
          'EntryKeyInvalid',
          `${where} has a key of ${keyBytes} bytes; keys are 1 to ${KVS_KEY_MAX_BYTES} UTF-8 bytes`,
          scope,
        );
      }
      if (seen.has(key)) {
        throw new EdgeRouterValidationError('DuplicateEntryKey', `${where} repeats the key "${key}"; each key may appear once`, scope);
      }
      seen.add(key);
      totalBytes += keyBytes;
    }
    if (valueKnown) {
      const valueBytes = utf8Bytes(value);
      if (valueBytes > KVS_VALUE_MAX_BYTES) {
        throw new EdgeRouterValidationError(
          'EntryValueTooLarge',
          `${where} (key "${keyKnown ? key : '<token>'}") has a value of ${valueBytes} bytes; values are at most ${KVS_VALUE_MAX_BYTES} UTF-8 bytes`,
          scope,
        );
      }
      totalBytes += valueBytes;
    }
  }
  if (totalBytes > KVS_TOTAL_MAX_BYTES) {
    throw new EdgeRouterValidationError(
      'EntriesTooLarge',
      `entries add up to ${totalBytes} bytes of keys and values; a store holds at most ${KVS_TOTAL_MAX_BYTES} bytes`,
      scope,
    );
  }
}
