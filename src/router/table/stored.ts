import { TABLE_KEY } from './constants.js';
import { decodeTable } from './decode.js';
import type { DecodedTable } from './types.js';

/**
 * Finds and decodes the routing table in a document a user saved from a store,
 * whichever of these it is: the table itself (`{"v":1,...}`), a KVS import file
 * (`{"data": [{"key": "cellfront:table", "value": "..."}]}`, as `cellfront
 * compile` prints), or the answer of `aws cloudfront-keyvaluestore get-key`
 * (`{"Key": "cellfront:table", "Value": "..."}`).
 *
 * @example decodeStoredTable(JSON.parse(await readFile('live.json', 'utf8')))
 */
export function decodeStoredTable(document: unknown): DecodedTable {
  if (typeof document === 'object' && document !== null && !Array.isArray(document)) {
    const record = document as Record<string, unknown>;
    if (Array.isArray(record.data)) {
      const entry: unknown = record.data.find(
        (e: unknown) => typeof e === 'object' && e !== null && (e as Record<string, unknown>).key === TABLE_KEY,
      );
      if (!entry) return { ok: false, code: 'unusable-table', reason: `no "${TABLE_KEY}" entry in "data"` };
      return decodeTable((entry as Record<string, unknown>).value);
    }
    if (typeof record.Value === 'string') return decodeTable(record.Value);
  }
  return decodeTable(JSON.stringify(document));
}
