/**
 * The rules of one UpdateKeys call: at most 50 keys, each key named once, no key both put
 * and deleted, and every key and value within its size limit.
 */
import { KVS_UPDATE_MAX_KEYS } from '../limits.js';
import { checkKey, checkValue } from './entry-rules.js';
import { KvsError, quote } from './errors.js';
import type { PutEntry } from './update-input.js';

/** The changes of one UpdateKeys call. */
export interface UpdateRequest {
  /** @default - no puts */
  readonly puts?: readonly PutEntry[];
  /** Keys to delete; keys that do not exist are skipped. @default - no deletes */
  readonly deletes?: readonly string[];
}

/** Checks an update against the UpdateKeys rules; returns it with both lists present. */
export function checkUpdate(request: UpdateRequest): { puts: readonly PutEntry[]; deletes: readonly string[] } {
  const puts = request.puts ?? [];
  const deletes = request.deletes ?? [];
  const count = puts.length + deletes.length;
  if (count === 0) {
    throw new KvsError('ValidationException', 'UpdateKeys needs at least one key in Puts or Deletes');
  }
  if (count > KVS_UPDATE_MAX_KEYS) {
    throw new KvsError(
      'ValidationException',
      `UpdateKeys changes ${count} keys (${puts.length} puts, ${deletes.length} deletes); the limit is ${KVS_UPDATE_MAX_KEYS} keys per call`,
    );
  }
  const put = new Set<string>();
  for (const { key, value } of puts) {
    checkKey(key);
    checkValue(key, value);
    if (put.has(key)) throw duplicate(key, 'Puts');
    put.add(key);
  }
  const deleted = new Set<string>();
  for (const key of deletes) {
    checkKey(key);
    if (deleted.has(key)) throw duplicate(key, 'Deletes');
    if (put.has(key)) {
      throw new KvsError('ValidationException', `Key ${quote(key)} is in both Puts and Deletes; one call may put a key or delete it, not both`);
    }
    deleted.add(key);
  }
  return { puts, deletes };
}

function duplicate(key: string, list: string): KvsError {
  return new KvsError('ValidationException', `Key ${quote(key)} appears more than once in ${list}; each key may appear once per UpdateKeys call`);
}
