#!/usr/bin/env node
// The `cellfront` command. Installed, it runs the compiled, bundled CLI in dist/cli/.
// In a checkout of the repository (the TypeScript sources are next to it) it
// runs the sources through tsx, so what runs is always what is in src/, with
// no build step and no stale build. CELLFRONT_RUN=dist runs the compiled code
// of a checkout (after `npm run build`), as the installed package does.
import { existsSync } from 'node:fs';

// The AWS SDK warns on every run under Node 20 about SDK releases after January
// 2027; cellfront pins its SDK version, so the notice is noise in CLI output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const sources = new URL('../src/cli/main.ts', import.meta.url);
const fromSources = process.env.CELLFRONT_RUN !== 'dist' && existsSync(sources);
let main;
if (fromSources) {
  // From the sources, worker threads run their modules bundled by esbuild's buildSync
  // (src/thread-module.ts), which otherwise keeps a thread of its own and an esbuild
  // service process alive for the life of the process (tens of MB, as long as
  // `cellfront dev` runs); without them, each bundle is one short-lived esbuild process.
  process.env.ESBUILD_WORKER_THREADS ??= '0';
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import(sources.href));
} else {
  ({ main } = await import('../dist/cli/main.js'));
}
process.exitCode = await main(process.argv.slice(2));
