/**
 * The KeyValueStore a test edge's function reads: the project's own store (so
 * CloudFront's key, value and size limits apply), filled from an object or from a
 * file in CloudFront's import format `{"data": [{"key": "k", "value": "v"}]}`.
 */
import { readFile } from 'node:fs/promises';
import { KeyValueStore } from '../store/index.js';
import { TestEdgeError } from './errors.js';

/** The store's contents: keys and values, or a CloudFront import file. */
export type KvsData = Readonly<Record<string, string>> | { readonly importFile: string };

/**
 * A store holding `data`, with the id `id` (a UUID) when given, so that a function
 * naming its store (`cf.kvs(id)`) runs unchanged.
 *
 * @throws TestEdgeError `InvalidKvsImport` when the file is not an import file; KvsError when an entry breaks a limit or `id` is not a UUID.
 */
export async function storeWith(data: KvsData, id?: string): Promise<KeyValueStore> {
  const store = KeyValueStore.create({ name: 'test-edge', ...(id === undefined ? {} : { id }) });
  const entries = 'importFile' in data && typeof data.importFile === 'string' ? await readImport(data.importFile) : Object.entries(data);
  for (const [key, value] of entries) {
    if (typeof value !== 'string') throw new TestEdgeError('InvalidOptions', `kvs[${JSON.stringify(key)}] must be a string (KeyValueStore values are strings)`);
  }
  await store.replaceAll(entries as Array<[string, string]>);
  return store;
}

async function readImport(file: string): Promise<Array<[string, string]>> {
  const bad = (reason: string) => new TestEdgeError('InvalidKvsImport', `${file}: ${reason}; expected {"data": [{"key": "...", "value": "..."}]}`);
  let doc: unknown;
  try {
    doc = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw bad(error instanceof SyntaxError ? `not JSON (${error.message})` : `cannot be read (${String(error)})`);
  }
  const data = (doc as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) throw bad('"data" must be an array');
  return data.map((item: unknown, i): [string, string] => {
    const entry = item as { key?: unknown; value?: unknown } | null;
    if (typeof entry?.key !== 'string' || typeof entry.value !== 'string') throw bad(`data[${i}] must be {"key": string, "value": string}`);
    return [entry.key, entry.value];
  });
}
