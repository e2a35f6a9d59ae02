import { SEED_TARGET_KEYS_MAX, seedTargetKey, type StoredTarget, type StoreRead } from '../router/index.js';
import { errorText } from './error-text.js';

/** The KeyValueStore calls the edge function makes (runtime 2.0 offers no listing). */
export interface KvsReader {
  /** Rejects when the key is missing, and when the read fails. */
  get(key: string): Promise<string>;
  exists(key: string): Promise<boolean>;
}

/**
 * Reads `APIGW1URL`, `APIGW2URL`, ... in order until the first missing key (at
 * most {@link SEED_TARGET_KEYS_MAX}). `open` is `cf.kvs`, which throws when no
 * store is associated with the function. Never rejects.
 */
export async function readSeedTargets(open: () => KvsReader): Promise<StoreRead> {
  let kvs: KvsReader;
  try {
    kvs = open();
  } catch (err) {
    return { associated: false, message: errorText(err) };
  }
  const entries: StoredTarget[] = [];
  for (let n = 1; n <= SEED_TARGET_KEYS_MAX; n++) {
    const key = seedTargetKey(n);
    try {
      // `await` stays out of call arguments: njs rejects it there ("await in
      // arguments not supported") and crashes on it inside an object literal.
      const value = await kvs.get(key);
      entries.push({ key: key, value: String(value) });
    } catch (err) {
      // `get` rejects for a missing key and for a failed read alike; `exists`
      // tells the end of the list from a store that is not answering.
      if (await isMissing(kvs, key)) break;
      return { associated: true, entries: entries, failure: { key: key, message: errorText(err) } };
    }
  }
  return { associated: true, entries: entries, failure: undefined };
}

async function isMissing(kvs: KvsReader, key: string): Promise<boolean> {
  try {
    const found = await kvs.exists(key);
    return found === false;
  } catch {
    // esbuild lowers this to `catch (e)`, which runtime 2.0 requires.
    return false;
  }
}
