// The package as a user gets it: `npm pack`, the tarball installed into an
// empty project (no tsx, no TypeScript sources), and there the CLI, the three
// entry points and their README examples. Slow by nature (it builds dist/ and
// installs a project), so every check shares one pack and one install.
import { spawn } from 'node:child_process';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { installedProject, packRepository, repoRoot, run, type Packed } from './installed-project.js';
import { readmeExamples } from './readme-examples.js';

const SETUP_TIMEOUT_MS = 600_000;
/** Each step starts a Node process that loads a large dependency (aws-cdk-lib, TypeScript): generous on a loaded machine. */
const STEP_TIMEOUT_MS = 180_000;

let packed: Packed;
let dir: string;

beforeAll(async () => {
  packed = await packRepository();
  dir = await installedProject(packed.tarball);
  for (const [name, code] of readmeExamples(await readFile(join(repoRoot, 'README.md'), 'utf8'))) await writeFile(join(dir, name), code);
  await copyFile(join(repoRoot, 'test/testing/fixtures/canary-router.js'), join(dir, 'functions/router.js'));
  // The starter config, as a user gets it (README: "Install it in your project").
  const init = await run('npx', ['cellfront', 'init'], dir);
  if (init.code !== 0) throw new Error(`npx cellfront init exited with ${init.code}:\n${init.stderr}`);
}, SETUP_TIMEOUT_MS);

describe('the packed tarball', () => {
  it('holds the compiled code with declarations, the edge function, the schema, README and license; no tests, no TypeScript sources', () => {
    const files = packed.files;
    for (const wanted of [
      'bin/cellfront.js',
      'dist/edge-function.js',
      'dist/src/index.js',
      'dist/src/index.d.ts',
      'dist/src/cli/main.js',
      'dist/src/testing/index.js',
      'dist/src/testing/index.d.ts',
      'dist/infra/edge-router/index.js',
      'dist/infra/edge-router/index.d.ts',
      'dist/lambda/kvs-entries/index.js',
      'dist/src/runtime/sandbox/driver.js',
      'cellfront.schema.json',
      'cellfront.config.json',
      'README.md',
      'LICENSE',
      'package.json',
    ]) {
      expect(files, wanted).toContain(wanted);
    }
    expect(files.filter((f) => f.startsWith('test/') || f.startsWith('src/') || f.startsWith('infra/') || f.startsWith('bench/'))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    expect(files.filter((f) => f.includes('tsbuildinfo'))).toEqual([]);
  }, STEP_TIMEOUT_MS);
});

describe('installed in an empty project', () => {
  it('cellfront init wrote the project\'s config, its $schema the installed schema', async () => {
    const written = JSON.parse(await readFile(join(dir, 'cellfront.config.json'), 'utf8')) as Record<string, unknown>;
    const own = JSON.parse(await readFile(join(repoRoot, 'cellfront.config.json'), 'utf8')) as Record<string, unknown>;
    expect(written).toEqual({ ...own, $schema: './node_modules/cellfront/cellfront.schema.json' });
  }, STEP_TIMEOUT_MS);

  it('brings no tsx and no TypeScript sources', () => {
    expect(existsSync(join(dir, 'node_modules/tsx'))).toBe(false);
    expect(existsSync(join(dir, 'node_modules/cellfront/src'))).toBe(false);
    expect(existsSync(join(dir, 'node_modules/cellfront/dist/src/cli/main.js'))).toBe(true);
  }, STEP_TIMEOUT_MS);

  it('npx cellfront --help lists the commands', async () => {
    const res = await run('npx', ['cellfront', '--help'], dir);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('Usage: cellfront <command>');
    expect(res.stdout).toMatch(/^ {2}status\s+Show the live routing table/m);
  }, STEP_TIMEOUT_MS);

  it('npx cellfront dev --port 0 answers through the edge; status, plan, apply and validate work with no store flags', async () => {
    const dev = spawn('npx', ['cellfront', 'dev', '--port', '0'], { cwd: dir, stdio: 'pipe', detached: true });
    let out = '';
    let err = '';
    dev.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    dev.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const exited = new Promise<number | null>((done) => dev.on('exit', (code) => done(code)));
    try {
      await new Promise<void>((ready, fail) => {
        const timer = setInterval(() => out.includes('Outputs:') && (clearInterval(timer), ready()), 50);
        void exited.then((code) => (clearInterval(timer), fail(new Error(`cellfront dev exited with ${code}:\n${err}`))));
      });
      const domain = /CLOUDFRONTDOMAINNAME = (\S+)/.exec(out)?.[1];
      expect(domain).toMatch(/^localhost:\d+$/);
      // The project's cellfront.config.json: proxy mode, so the edge forwards to a demo API.
      const res = await fetch(`http://${domain}/`, { headers: { 'x-tenant-id': 'tenant-42' } });
      expect([res.status, res.headers.get('x-cellfront-cell'), ((await res.json()) as { message: string }).message]).toEqual([200, 'api2', 'Hello from API 2']);

      const status = await run('npx', ['cellfront', 'status'], dir);
      expect(status.code, status.stderr).toBe(0);
      expect(status.stderr).toContain('.cellfront/outputs.json');
      expect(status.stdout).toMatch(/^ {2}api2\s+active\s+50\.00%/m);

      // The bundled CLI's other store paths: a plan saved and applied, and the
      // config validator (ajv's standalone code in the package) rejecting a bad file.
      const config = JSON.parse(await readFile(join(dir, 'cellfront.config.json'), 'utf8')) as { cells: Array<Record<string, unknown>>; mode: string };
      const shifted = { ...config, cells: config.cells.map((cell) => ({ ...cell, weight: cell.id === 'api2' ? 70 : 30 })) };
      await writeFile(join(dir, 'shifted.json'), JSON.stringify(shifted));
      const plan = await run('npx', ['cellfront', 'plan', '--config', 'shifted.json', '--out', 'shift-plan.json'], dir);
      expect(plan.code, plan.stderr).toBe(0);
      const apply = await run('npx', ['cellfront', 'apply', 'shift-plan.json', '--yes'], dir);
      expect(apply.code, apply.stderr).toBe(0);
      const after = await run('npx', ['cellfront', 'status'], dir);
      expect(after.stdout).toMatch(/^ {2}api2\s+active\s+70\.00%/m);
      await writeFile(join(dir, 'bad.json'), JSON.stringify({ ...config, mode: 'teleport' }));
      const invalid = await run('npx', ['cellfront', 'validate', '--config', 'bad.json'], dir);
      expect(invalid.code).toBe(1);
      expect(invalid.stderr).toContain('bad.json#/mode: must be one of "proxy", "redirect", got "teleport"');
    } finally {
      if (dev.pid !== undefined) process.kill(-dev.pid, 'SIGTERM');
      await exited;
    }
  }, STEP_TIMEOUT_MS);

  it('runs the README example of cellfront/testing with plain node', async () => {
    const res = await run('node', ['testing.mjs'], dir);
    expect(res.stderr).toBe('');
    expect(res.stdout).toBe('200 canary canary\n');
  }, STEP_TIMEOUT_MS);

  it('runs the README example of the cellfront library with plain node', async () => {
    // The AWS SDK's notice about Node 20 is the SDK's own, printed to every user on Node 20.
    const res = await run('node', ['library.mjs'], dir);
    expect(res.stderr.replace(/^\(node:\d+\) Warning: NodeVersionSupportWarning: The AWS SDK for JavaScript[\s\S]*?--trace-warnings[^\n]*\n/m, '')).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^2 cells, 1 UpdateKeys call\(s\), ETag \S+\n$/);
  }, STEP_TIMEOUT_MS);

  it('synthesizes the README CDK app: a cloudfront-js-2.0 function associated with a KeyValueStore', async () => {
    // As `cdk synth --app 'node cdk-app.mjs'` runs it: the CDK CLI names the output folder.
    const res = await run('node', ['cdk-app.mjs'], dir, STEP_TIMEOUT_MS, { CDK_OUTDIR: 'cdk.out' });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const template = JSON.parse(await readFile(join(dir, 'cdk.out', 'Routing.template.json'), 'utf8')) as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
    const resources = Object.entries(template.Resources);
    const [kvsId] = resources.find(([, r]) => r.Type === 'AWS::CloudFront::KeyValueStore') ?? [];
    const fn = resources.find(([, r]) => r.Type === 'AWS::CloudFront::Function')?.[1];
    expect(kvsId).toBeDefined();
    expect(fn?.Properties.FunctionConfig).toMatchObject({ Runtime: 'cloudfront-js-2.0', KeyValueStoreAssociations: [{ KeyValueStoreARN: { 'Fn::GetAtt': [kvsId, 'Arn'] } }] });
    // The packaged edge function, and the packaged (pre-bundled) KVS writer.
    const edgeFunction = await readFile(join(dir, 'node_modules/cellfront/dist/edge-function.js'), 'utf8');
    expect(fn?.Properties.FunctionCode).toBe(edgeFunction);
    const writer = resources.find(([, r]) => r.Type === 'AWS::Lambda::Function' && r.Properties.Description === 'cellfront: writes routing entries into a CloudFront KeyValueStore')?.[1];
    expect(writer?.Properties).toMatchObject({ Runtime: 'nodejs24.x', Handler: 'index.handler' });
    const asset = (writer?.Properties.Code as { S3Key: string }).S3Key.replace(/\.zip$/, '');
    const bundled = await readFile(join(dir, 'cdk.out', `asset.${asset}`, 'index.js'), 'utf8');
    expect(bundled).toBe(await readFile(join(dir, 'node_modules/cellfront/dist/lambda/kvs-entries/index.js'), 'utf8'));
  }, STEP_TIMEOUT_MS);

  it('type-checks a TypeScript file importing all three entry points', async () => {
    await writeFile(
      join(dir, 'types.ts'),
      [
        "import { compileTable, loadConfig, type ResolvedConfig } from 'cellfront';",
        "import { createTestEdge, type TestEdgeOptions } from 'cellfront/testing';",
        "import { EdgeRouter, type EdgeRouterProps } from 'cellfront/cdk';",
        'export async function check(options: TestEdgeOptions, props: EdgeRouterProps): Promise<ResolvedConfig> {',
        '  void [createTestEdge, EdgeRouter, props, options];',
        "  const config = await loadConfig('cellfront.config.json');",
        '  compileTable(config);',
        '  return config;',
        '}',
        '',
      ].join('\n'),
    );
    const tsc = join(repoRoot, 'node_modules/typescript/bin/tsc');
    const res = await run('node', [tsc, '--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--types', 'node', '--typeRoots', join(repoRoot, 'node_modules/@types'), 'types.ts'], dir);
    expect(res.stdout + res.stderr).toBe('');
    expect(res.code).toBe(0);
  }, STEP_TIMEOUT_MS);
});
