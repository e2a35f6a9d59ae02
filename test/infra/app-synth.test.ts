import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { KvsEntriesEvent, KvsEntriesResult } from '../../infra/lambda/kvs-entries/handler.js';
import { buildEdgeFunction } from '../../src/function/build.js';
import { startKvsServer } from '../../src/store/http/index.js';
import { StoreRegistry } from '../../src/store/store-registry.js';
import { repoRoot, runProcess } from '../support/dev-process.js';

interface CfnTemplate {
  Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
  Outputs: Record<string, unknown>;
}

// The app exactly as `cdk synth` runs it (cdk.json's command, CDK_OUTDIR set by the CLI),
// offline: no credentials, no Docker. Synthesized once for the whole file.
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

  it('stops with one line, exit code 2, on a context value it cannot use', async () => {
    const result = await runProcess(process.execPath, ['--import', 'tsx', join(repoRoot, 'infra', 'app.ts')], {
      CDK_OUTDIR: outDir,
      CDK_CONTEXT_JSON: JSON.stringify({ mode: 'edge' }),
    });
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe('cellfront app: -c mode=edge is not a mode; expected redirect or proxy');
  });

  it('deploys the edge function byte for byte as buildEdgeFunction() makes it', async () => {
    const { code } = await buildEdgeFunction();
    const [edgeFunction] = resourcesOf('AWS::CloudFront::Function');
    expect(edgeFunction?.Properties.FunctionCode).toBe(code);
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
