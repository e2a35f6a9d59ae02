import { fileURLToPath } from 'node:url';

/**
 * The folder holding `package.json`, `cellfront.schema.json` and `dist/`, both
 * when the sources run (`src/package-root.ts`) and when the compiled package
 * does (`dist/src/package-root.js`): one level up from here, or three.
 */
export const PACKAGE_ROOT: URL = new URL(/\/dist\/src\/[^/]*$/.test(import.meta.url) ? '../../' : '../', import.meta.url);

/** A file of the package, by its path from the package root (`dist/edge-function.js`). */
export function packageFile(path: string): URL {
  return new URL(path, PACKAGE_ROOT);
}

/** The same, as a file system path. */
export function packagePath(path: string): string {
  return fileURLToPath(packageFile(path));
}

/**
 * True when this code runs compiled (from `dist/`), false when it runs from the
 * TypeScript sources. Compiled code uses compiled artifacts (the bundled edge
 * function sources, the pre-bundled Lambda handler); sources use sources.
 */
export const RUNS_COMPILED: boolean = import.meta.url.endsWith('.js');
