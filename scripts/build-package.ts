// `npm run build` (and `prepack`): compiles the package to dist/ so it runs
// without TypeScript: the sources as JavaScript with declaration files, the
// files the runtime reads as text, the edge function, and the Lambda handler
// of the CDK construct bundled into one file.
import { spawnSync } from 'node:child_process';
import { cp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type * as edgeFunctionModule from '../src/function/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
/** What this script writes; anything else in dist/ (e.g. `cellfront build --out dist/x.js`) is left alone. */
const OWNED = ['src', 'infra', 'lambda', 'edge-function.js'];

async function main(): Promise<void> {
  const started = Date.now();
  for (const name of OWNED) await rm(join(dist, name), { recursive: true, force: true });
  await rm(join(dist, '.tsbuildinfo'), { force: true });

  const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  if (tsc.status !== 0) throw new Error(`tsc failed (exit ${tsc.status})`);

  // The sandbox preludes and the njs host module are read as text at run time;
  // the `cloudfront` module's declarations are referenced by the emitted ones.
  const copied = await copyFiles(join(root, 'src'), join(dist, 'src'), (name) => name.endsWith('.js') || name.endsWith('.d.ts'));

  // The edge function, built by the compiled code: what the installed package bundles.
  const { writeEdgeFunction } = (await import(join(dist, 'src/function/index.js'))) as typeof edgeFunctionModule;
  const edge = await writeEdgeFunction(join(dist, 'edge-function.js'));

  const lambdaDir = join(dist, 'lambda', 'kvs-entries');
  await build({
    entryPoints: [join(root, 'infra/lambda/kvs-entries/handler.ts')],
    outfile: join(lambdaDir, 'index.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node24',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  // The package is ESM; this folder is CommonJS, as Lambda loads it.
  await writeFile(join(lambdaDir, 'package.json'), '{ "type": "commonjs" }\n');

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`dist/ built in ${seconds} s: compiled sources, ${copied} runtime files, edge-function.js (${edge.bytes} bytes), lambda/kvs-entries/index.js`);
}

async function copyFiles(from: string, to: string, wanted: (name: string) => boolean): Promise<number> {
  let count = 0;
  for (const entry of await readdir(from, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !wanted(entry.name)) continue;
    const source = join(entry.parentPath, entry.name);
    const target = join(to, relative(from, source));
    await mkdir(dirname(target), { recursive: true });
    await cp(source, target);
    count++;
  }
  return count;
}

await main();
