/**
 * Starts a worker thread on one of the package's own modules. Compiled, the
 * thread runs the module's `.js` file. In a checkout run from the TypeScript
 * sources (tsx, Vitest), the module and what it imports are bundled once per
 * process with esbuild (a dependency already) and the thread runs the bundle: no
 * TypeScript loader per thread, so a thread starts in a fraction of the time and
 * memory.
 */
import { createRequire } from 'node:module';
import type * as Esbuild from 'esbuild';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

const FROM_SOURCES = import.meta.url.endsWith('.ts');

export interface ModuleThreadOptions {
  /** Handed to the thread as `workerData`. */
  readonly workerData?: unknown;
  /**
   * The young generation of the thread's heap, in MB. Objects that die with a
   * request or an invocation are collected often and cheaply in a small one;
   * V8's default grows under load to tens of MB per thread of garbage held longer.
   */
  readonly youngGenerationMb: number;
  /**
   * From the sources: what `import.meta.url` reads in the bundle, for a module
   * of the thread that finds files next to itself (a bundle loses its location).
   * @default - the entry's own URL
   */
  readonly importMetaUrl?: URL;
}

const bundles = new Map<string, string>();

/** The entry's modules as one CommonJS script, made on first use. */
function bundle(entry: URL, importMetaUrl: URL): string {
  const key = `${entry.href} ${importMetaUrl.href}`;
  const made = bundles.get(key);
  if (made !== undefined) return made;
  const esbuild = createRequire(import.meta.url)('esbuild') as typeof Esbuild;
  const result = esbuild.buildSync({
    entryPoints: [fileURLToPath(entry)],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    logLevel: 'silent',
    define: { 'import.meta.url': JSON.stringify(importMetaUrl.href) },
  });
  const text = result.outputFiles[0]?.text ?? '';
  bundles.set(key, text);
  return text;
}

/**
 * A new thread running the module `entry`, named as the compiled module
 * (`new URL('./worker.js', import.meta.url)`, as imports name it); from the
 * sources its `.ts` is bundled and run instead. The thread's stdout and stderr
 * go to the process's own.
 *
 * @example
 * const worker = startModuleThread(new URL('./my-worker.js', import.meta.url), { youngGenerationMb: 4 });
 */
export function startModuleThread(entry: URL, options: ModuleThreadOptions): Worker {
  const workerOptions = { workerData: options.workerData, stdout: false, stderr: false, resourceLimits: { maxYoungGenerationSizeMb: options.youngGenerationMb } };
  if (!FROM_SOURCES) return new Worker(entry, workerOptions);
  const source = new URL(entry.href.replace(/\.js$/, '.ts'));
  return new Worker(bundle(source, options.importMetaUrl ?? source), { ...workerOptions, eval: true });
}
