/** A private folder of files for one njs run, removed afterwards whatever happens. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Writes `files` (name → text) into a new temporary folder, runs `use` on it and
 * removes the folder. njs resolves `import x from 'name'` against its `-p` folder
 * by the bare name, so a module file is named exactly as it is imported.
 *
 * @example
 * await withNjsFiles({ cloudfront: shim, 'main.js': code }, (dir) => run(njs, ['-p', dir, join(dir, 'main.js')]));
 */
export async function withNjsFiles<T>(files: Readonly<Record<string, string>>, use: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'cellfront-njs-'));
  try {
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text, 'utf8');
    return await use(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
