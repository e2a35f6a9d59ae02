import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { KvsEntriesEvent, KvsEntriesResult } from '../../infra/lambda/kvs-entries/handler.js';
import { main } from '../../src/cli/main.js';
import { buildEdgeFunction } from '../../src/function/build.js';
import { TABLE_KEY } from '../../src/router/table/index.js';
import { startKvsServer } from '../../src/store/http/index.js';
import { StoreRegistry } from '../../src/store/store-registry.js';
import { repoRoot, runProcess } from '../support/dev-process.js';

interface CfnTemplate {
  Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
  Outputs: Record<string, unknown>;
}

// The app exactly as `cdk synth` runs it (cdk.json's command, CDK_OUTDIR set by the CLI),
// offline: no credentials, no Docker, no -c options: so with the demo config at the project
// root. Synthesized once for the whole file.
let outDir: string;
let synth: { code: number | null; stdout: string; stderr: string };
let template: CfnTemplate;

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'cellfront-synth-'));
  synth = await runProcess(process.execPath, ['--import', 'tsx', join(repoRoot, 'infra', 'app.ts')], {
    CDK_OUTDIR: outDir,
    CDK_CONTEXT_JSON: '{}',
    AWS_ACCESS_KEY_ID: '',
    AWS_SECRET_ACCESS_KEY: '',
    AWS_PROFILE: '',
  });
  if (synth.code === 0) template = JSON.parse(await readFile(join(outDir, 'Cellfront.template.json'), 'utf8')) as CfnTemplate;
}, 120_000);

afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

function resourcesOf(type: string) {
  return Object.values(template.Resources).filter((resource) => resource.Type === type);
}

describe('the CDK app', () => {
  it('synthesizes offline with cdk-nag AwsSolutions finding nothing', () => {
    // A finding cdk-nag reports fails synthesis, so a clean exit means none was left unacknowledged.
    expect(synth.stderr).not.toMatch(/AwsSolutions-/);
    expect(synth.code).toBe(0);
    expect(Object.keys(template.Outputs)).toEqual(['CLOUDFRONTDOMAINNAME', 'APIGATEWAY1URL', 'APIGATEWAY2URL', 'KVSTOREARN']);
  });

  it('compiles the demo config: proxy mode, the routing table in the store, the function on both events', () => {
    const [entries] = resourcesOf('Custom::CellfrontKvsEntries');
    expect((entries?.Properties.Entries as { Key: string }[]).map((e) => e.Key)).toEqual([TABLE_KEY, 'cellfront:pin:tenant-42']);
    const [distribution] = resourcesOf('AWS::CloudFront::Distribution');
    const behavior = (distribution?.Properties.DistributionConfig as { DefaultCacheBehavior: { FunctionAssociations: { EventType: string }[] } }).DefaultCacheBehavior;
    expect(behavior.FunctionAssociations.map((a) => a.EventType)).toEqual(['viewer-request', 'viewer-response']);
    expect(resourcesOf('AWS::ApiGateway::Method').map((m) => m.Properties.ApiKeyRequired)).toEqual([true, true]);
  });

  it('stops with one line, exit code 2, on a context value it cannot use', async () => {
    const result = await runProcess(process.execPath, ['--import', 'tsx', join(repoRoot, 'infra', 'app.ts')], {
      CDK_OUTDIR: outDir,
      CDK_CONTEXT_JSON: JSON.stringify({ mode: 'edge' }),
    });
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe('cellfront app: -c mode=edge is not a mode; expected redirect or proxy');
  });

  it('stops, naming the file and the field, on a config it cannot use', async () => {
    // GIVEN a config with a negative weight, named with -c config
    const file = join(outDir, 'bad.config.json');
    await writeFile(file, JSON.stringify({ cells: [{ id: 'api1', origin: '${APIGATEWAY1URL}', weight: -1 }] }), 'utf8');
    // WHEN the app runs THEN it exits 1 with the problem, and no stack trace
    const result = await runProcess(process.execPath, ['--import', 'tsx', join(repoRoot, 'infra', 'app.ts')], {
      CDK_OUTDIR: outDir,
      CDK_CONTEXT_JSON: JSON.stringify({ config: file }),
    });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(`cellfront app: ${file}#/cells/0/weight: must be >= 0`);
  });

  it('deploys the edge function byte for byte as buildEdgeFunction() makes it, with no table embedded', async () => {
    const { code } = await buildEdgeFunction();
    const [edgeFunction] = resourcesOf('AWS::CloudFront::Function');
    expect(edgeFunction?.Properties.FunctionCode).toBe(code);
  });

  it('deploys a function `cellfront check-function` passes', async () => {
    // GIVEN the function code from the template, saved as a file
    const [edgeFunction] = resourcesOf('AWS::CloudFront::Function');
    const file = join(outDir, 'deployed-function.js');
    await writeFile(file, edgeFunction?.Properties.FunctionCode as string, 'utf8');
    // WHEN the checker runs on it
    let stdout = '';
    const code = await main(['check-function', file], { stdout: (t) => (stdout += t), stderr: () => undefined, env: {}, cwd: outDir });
    // THEN it passes with nothing to report
    expect(stdout).toMatch(/deployed-function\.js: ok \(\d+ bytes of 10240\)/);
    expect(code).toBe(0);
  });

  it('bundles a writer that works as shipped: the SDK and the SigV4A signer inside one file', async () => {
    // GIVEN the bundled handler, loaded from the cloud assembly the way Lambda loads it
    const [writer] = resourcesOf('AWS::Lambda::Function').filter((fn) => fn.Properties.Runtime === 'nodejs24.x');
    const s3Key = (writer?.Properties.Code as { S3Key: string }).S3Key;
    const bundle = join(outDir, `asset.${s3Key.replace(/\.zip$/, '')}`, 'index.js');
    const bundled = createRequire(import.meta.url)(bundle) as { handler: (event: KvsEntriesEvent) => Promise<KvsEntriesResult> };
    // AND a local KeyValueStore API as its endpoint
    const dir = await mkdtemp(join(tmpdir(), 'cellfront-bundle-'));
    const registry = await StoreRegistry.open(dir);
    const server = await startKvsServer({ registry });
    const store = await registry.create({ name: 'bundled' });
    vi.stubEnv('AWS_ENDPOINT_URL_CLOUDFRONT_KEYVALUESTORE', server.url);
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      // WHEN CloudFormation creates the resource
      await bundled.handler({
        RequestType: 'Create',
        ResourceProperties: { KvsArn: store.arn, Entries: [{ Key: 'APIGW1URL', Value: 'https://a.example/prod/' }] },
      });
      // THEN the entry is in the store
      expect(store.get('APIGW1URL')).toBe('https://a.example/prod/');
    } finally {
      vi.unstubAllEnvs();
      vi.restoreAllMocks();
      await server.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
