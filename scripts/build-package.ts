// `npm run build` (and `prepack`): compiles the package to dist/ so it runs
// without TypeScript: the sources as JavaScript with declaration files, the
// files the runtime reads as text, the edge function, and the Lambda handler
// of the CDK construct bundled into one file. The CLI that `bin/cellfront.js`
// runs is bundled too (dist/cli/), with its dependencies inlined: Node resolves
// and reads one file per command instead of hundreds of small modules of the
// AWS SDK, which is most of a control command's start-up.
import { spawnSync } from 'node:child_process';
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { sigv4aWindowPlugin, type WindowTweak } from './sigv4a-window.js';
import type * as schemaModule from '../src/config/schema.js';
import type * as edgeFunctionModule from '../src/function/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
/** What this script writes; anything else in dist/ (e.g. `cellfront build --out dist/x.js`) is left alone. */
const OWNED = ['src', 'infra', 'lambda', 'cli', 'edge-function.js'];
/** Left to Node at run time: native binaries, optional peers, and what only a checkout has. */
const CLI_EXTERNAL = ['esbuild', 'aws-cdk-lib', 'constructs', 'tsx', 'playwright-core'];

async function main(): Promise<void> {
  const started = Date.now();
  for (const name of OWNED) await rm(join(dist, name), { recursive: true, force: true });
  await rm(join(dist, '.tsbuildinfo'), { force: true });

  const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  if (tsc.status !== 0) throw new Error(`tsc failed (exit ${tsc.status})`);

  // The sandbox preludes and the njs host module are read as text at run time;
  // the `cloudfront` module's declarations are referenced by the emitted ones.
  const copied = await copyFiles(join(root, 'src'), join(dist, 'src'), (name) => name.endsWith('.js') || name.endsWith('.d.ts'));

  // The config validator as standalone code: no schema compilation at run time.
  const { standaloneValidatorSource, STANDALONE_VALIDATOR_FILE } = (await import(join(dist, 'src/config/schema.js'))) as typeof schemaModule;
  await writeFile(join(dist, 'src/config', STANDALONE_VALIDATOR_FILE), standaloneValidatorSource());

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

  await bundleCli();

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`dist/ built in ${seconds} s: compiled sources, ${copied} runtime files, edge-function.js (${edge.bytes} bytes), lambda/kvs-entries/index.js, config/schema-validator.cjs, cli/ bundle`);
}

/**
 * The CLI as one entry and one chunk per lazily loaded command, in dist/cli/.
 * Modules that find files next to themselves (`new URL('./x', import.meta.url)`)
 * keep finding them in dist/src/: their `import.meta.url` is rewritten to
 * their own compiled file, relative to the bundle.
 */
async function bundleCli(): Promise<void> {
  const outdir = join(dist, 'cli');
  const compiled = join(dist, 'src');
  const ownUrl: Plugin = {
    name: 'own-import-meta-url',
    setup(on) {
      on.onLoad({ filter: /\.js$/ }, async (args) => {
        if (!args.path.startsWith(compiled)) return undefined;
        const text = await readFile(args.path, 'utf8');
        if (!text.includes('import.meta.url')) return undefined;
        const own = `new URL(${JSON.stringify(relative(outdir, args.path).split('\\').join('/'))}, import.meta.url).href`;
        return { contents: text.split('import.meta.url').join(own), loader: 'js' };
      });
    },
  };
  const tweak: WindowTweak = { applied: 0 };
  await build({
    entryPoints: { main: join(compiled, 'cli/main.js') },
    outdir,
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    chunkNames: '[name]-[hash]',
    external: CLI_EXTERNAL,
    // CommonJS dependencies (the AWS SDK) call require() for Node's own modules.
    banner: { js: "import { createRequire as cellfrontRequire } from 'node:module'; const require = cellfrontRequire(import.meta.url);" },
    plugins: [ownUrl, sigv4aWindowPlugin(tweak)],
    legalComments: 'none',
    logLevel: 'warning',
  });
  // Only start-up time depends on it: say so, and build anyway.
  if (tweak.applied === 0) console.warn('build: the SigV4A signer no longer has the expected base-point table; the CLI bundle keeps its default window');
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
