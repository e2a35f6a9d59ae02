/**
 * One store, one JSON file `<id>.json`. Files are replaced atomically (temp file in the
 * same directory, fsync, rename, fsync the directory), so a crash leaves either the old
 * file or the new one, never half of one. Items are kept under `data` in the shape of a
 * CloudFront import source (`{"data": [{"key", "value"}]}`), so a store file doubles as one.
 */
import { randomBytes } from 'node:crypto';
import { open, readFile, readdir, rename, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { StoreFileError } from './errors.js';
import type { StoreSnapshot } from './store-types.js';

const FORMAT = 'cellfront-kvs/1';
const STORE_FILE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.json$/;

/** The path of a store's file. */
export function storeFilePath(dataDir: string, id: string): string {
  return join(dataDir, `${id}.json`);
}

/** Names of the store files in `dataDir`; temp files and anything else are not stores. */
export async function listStoreFiles(dataDir: string): Promise<string[]> {
  const names = await readdir(dataDir);
  return names.filter((name) => STORE_FILE.test(name)).sort();
}

/** Temp files of interrupted writes: `.<id>.json.<pid>.<random>.tmp`. */
const TEMP_FILE = /^\.[0-9a-f-]{36}\.json\.\d+\.[0-9a-f]+\.tmp$/;

/**
 * Writes a store's file atomically. On any failure (a full disk, a closed handle)
 * the temp file is removed before the error is passed on, so a failed write leaves
 * the directory exactly as it was.
 */
export async function writeStoreFile(dataDir: string, snapshot: StoreSnapshot): Promise<void> {
  const file = storeFilePath(dataDir, snapshot.id);
  const temp = join(dataDir, `.${snapshot.id}.json.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let handle: FileHandle | undefined;
  try {
    handle = await open(temp, 'wx');
    await handle.writeFile(serialize(snapshot), 'utf8');
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temp, file);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dataDir);
}

/**
 * Removes the temp files interrupted writes left in `dataDir` (a process killed
 * between creating and renaming one). Only the owner of the directory's lock calls
 * this. Returns the names removed.
 */
export async function removeLeftoverTempFiles(dataDir: string): Promise<string[]> {
  const leftovers = (await readdir(dataDir)).filter((name) => TEMP_FILE.test(name));
  for (const name of leftovers) await rm(join(dataDir, name), { force: true });
  return leftovers;
}

/** Reads and checks a store file; anything unexpected is a StoreFileError naming the file. */
export async function readStoreFile(file: string): Promise<StoreSnapshot> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new StoreFileError(file, error instanceof Error ? error.message : String(error));
  }
  return toSnapshot(file, parsed);
}

function serialize(snapshot: StoreSnapshot): string {
  const { items, ...fields } = snapshot;
  const data = items.map(([key, value]) => `    ${JSON.stringify({ key, value })}`);
  const head = JSON.stringify({ format: FORMAT, ...fields }, null, 2).slice(0, -2);
  return `${head},\n  "data": [${data.length ? `\n${data.join(',\n')}\n  ` : ''}]\n}\n`;
}

function toSnapshot(file: string, parsed: unknown): StoreSnapshot {
  const bad = (reason: string) => new StoreFileError(file, reason);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw bad('the file is not a JSON object');
  const doc = parsed as Record<string, unknown>;
  if (doc.format !== FORMAT) throw bad(`"format" is ${JSON.stringify(doc.format)}, expected "${FORMAT}"`);
  const text = (name: string): string => {
    const value = doc[name];
    if (typeof value !== 'string' || value.length === 0) throw bad(`"${name}" must be a non-empty string`);
    return value;
  };
  const date = (name: string): string => {
    const value = text(name);
    if (Number.isNaN(Date.parse(value))) throw bad(`"${name}" is not an ISO-8601 date: ${JSON.stringify(value)}`);
    return value;
  };
  const id = text('id');
  if (`${id}.json` !== file.split(/[\\/]/).pop()) throw bad(`"id" ${JSON.stringify(id)} does not match the file name`);
  if (!Array.isArray(doc.data)) throw bad('"data" must be an array of {"key", "value"}');
  const seen = new Set<string>();
  const items = doc.data.map((item: unknown, i): [string, string] => {
    const entry = item as Record<string, unknown> | null;
    if (typeof entry !== 'object' || entry === null || typeof entry.key !== 'string' || typeof entry.value !== 'string') {
      throw bad(`data[${i}] must be {"key": string, "value": string}`);
    }
    if (seen.has(entry.key)) throw bad(`data[${i}] repeats key ${JSON.stringify(entry.key)}`);
    seen.add(entry.key);
    return [entry.key, entry.value];
  });
  const accountId = text('accountId');
  if (!/^\d{12}$/.test(accountId)) throw bad(`"accountId" must be 12 digits, got ${JSON.stringify(accountId)}`);
  return {
    id,
    name: text('name'),
    accountId,
    etag: text('etag'),
    created: date('created'),
    lastModified: date('lastModified'),
    items,
  };
}

/** Makes the rename durable. Some platforms cannot open a directory for syncing; there it is skipped. */
async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL' && code !== 'EBADF') throw error;
  } finally {
    await handle?.close();
  }
}
