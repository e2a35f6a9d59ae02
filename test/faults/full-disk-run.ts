/**
 * Run by full-disk.test.ts inside a private mount namespace (`unshare -rm`): mounts a
 * 512 KiB tmpfs, fills it, and records how the store behaves while the disk is full
 * and after space returns. Prints one JSON object of observations.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StoreRegistry } from '../../src/store/index.js';

const mountPoint = process.argv[2] as string;
const cli = process.argv[3] as string;
mkdirSync(mountPoint, { recursive: true });
execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=512k', 'tmpfs', mountPoint]);
const dataDir = join(mountPoint, 'data');
const out: Record<string, unknown> = {};
const temps = () => readdirSync(dataDir).filter((f) => f.endsWith('.tmp'));
const attempt = async (run: () => Promise<unknown>): Promise<string> => {
  try {
    await run();
    return 'ok';
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
};

const registry = await StoreRegistry.open(dataDir);
const store = await registry.create({ name: 'disk' });
await store.put('before', 'b'.repeat(500), store.etag);
// Fill the disk: one big file, then small ones until not even a byte fits.
const filler = join(mountPoint, 'filler');
mkdirSync(filler);
let n = 0;
for (let size = 64 * 1024; size >= 1; size = Math.floor(size / 2)) {
  for (;;) {
    try {
      writeFileSync(join(filler, String(n++)), Buffer.alloc(size));
    } catch {
      break;
    }
  }
}
out.putWhileFull = await attempt(() => store.put('during', 'd'.repeat(900), store.etag));
out.tempsAfterFailedPut = temps();
out.deleteWhileFull = await attempt(() => store.delete('before', store.etag));
out.tempsAfterFailedDelete = temps();
out.valueWhileFull = store.get('before')?.length;
// A restart while the disk is full: the CLI says what is wrong, without a stack trace.
await registry.close();
const dev = spawnSync(process.execPath, [cli, 'dev', '--port', '0', '--data-dir', dataDir, '--function', join(mountPoint, 'none.js')], { encoding: 'utf8', timeout: 60_000 });
out.devWhileFull = { code: dev.status, stderr: dev.stderr };
// Space returns: writes work again, with no restart needed.
const reopened = await StoreRegistry.open(dataDir);
const again = reopened.findByName('disk');
rmSync(filler, { recursive: true });
out.putAfterSpace = await attempt(async () => again?.put('after', 'a', again.etag));
out.deleteAfterSpace = await attempt(async () => again?.delete('before', again.etag));
await reopened.close();
const final = await StoreRegistry.open(dataDir);
out.finalKeys = final.findByName('disk')?.list().items.map((i) => i.key);
out.finalTemps = temps();
await final.close();
execFileSync('umount', [mountPoint]);
process.stdout.write(`${JSON.stringify(out)}\n`);
