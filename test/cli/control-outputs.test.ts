import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLE_KEY } from '../../src/router/table/index.js';
import { runCli } from '../support/dev-process.js';
import { cli, configWith, put, startLocalStore, type LocalStore } from '../control/support.js';

const STORE_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const ARN = `arn:aws:cloudfront::123456789012:key-value-store/${STORE_ID}`;

/** Outputs exactly as `cdk deploy --outputs-file cdk-outputs.json` writes them for the Cellfront stack: no KVSENDPOINT. */
const CDK_OUTPUTS = {
  Cellfront: {
    CLOUDFRONTDOMAINNAME: 'd111111abcdef8.cloudfront.net',
    APIGATEWAY1URL: 'https://abc123defg.execute-api.eu-west-1.amazonaws.com/prod/',
    APIGATEWAY2URL: 'https://hij456klmn.execute-api.eu-west-1.amazonaws.com/prod/',
    KVSTOREARN: ARN,
  },
};

let local: LocalStore;
let env: Record<string, string>;
beforeAll(async () => {
  // A local store with the ARN a real deploy would have; the endpoint comes from the environment.
  local = await startLocalStore({ name: 'cellfront-routing', accountId: '123456789012', id: STORE_ID });
  env = { AWS_ENDPOINT_URL_CLOUDFRONT_KEYVALUESTORE: local.server.url };
  await put(local.dir, 'cdk-outputs.json', CDK_OUTPUTS);
});
afterAll(async () => {
  await local.close();
});

describe('a `cdk deploy --outputs-file` file names the store', () => {
  it('cellfront kvs reads KVSTOREARN from it (a real process)', async () => {
    const r = await runCli(['kvs', 'describe-key-value-store', '--outputs-file', `${local.dir}/cdk-outputs.json`], { ...env, NODE_NO_WARNINGS: '1' });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ KvsARN: ARN, ETag: local.store.etag, Status: 'READY' });
  });

  it('cellfront kvs put-key and get-key take it in place of --kvs-arn', async () => {
    const putKey = await cli(local.dir, ['kvs', 'put-key', '--outputs-file', 'cdk-outputs.json', '--key', 'k', '--value', 'v', '--if-match', local.store.etag], { env });
    expect(putKey.code).toBe(0);
    const got = await cli(local.dir, ['kvs', 'get-key', '--outputs-file=cdk-outputs.json', '--key=k'], { env });
    expect(JSON.parse(got.stdout)).toMatchObject({ Key: 'k', Value: 'v' });
  });

  it('apply resolves the origins and the store from the same file; status reads it without an edge', async () => {
    await put(local.dir, 'cellfront.config.json', configWith([50, 50]));
    const applied = await cli(local.dir, ['apply', '--outputs-file', 'cdk-outputs.json', '--yes'], { env });
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(local.store.get(TABLE_KEY)).toContain('"d":"abc123defg.execute-api.eu-west-1.amazonaws.com","o":"/prod"');
    const status = await cli(local.dir, ['status', '--outputs-file', 'cdk-outputs.json'], { env });
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(`Store     ${ARN}\n`);
    // A CloudFront distribution has no counters endpoint: none is read.
    expect(status.stdout).not.toContain('Observed');
  });
});

describe('where the store comes from', () => {
  it('--kvs-arn beats the outputs file, which beats $CELLFRONT_KVS_ARN', async () => {
    const other = await local.registry.create({ name: 'other', accountId: '123456789012' });
    const describe = async (argv: string[], extra: Record<string, string> = {}) =>
      JSON.parse((await cli(local.dir, ['kvs', 'describe-key-value-store', ...argv], { env: { ...env, ...extra } })).stdout) as { KvsARN: string };
    expect((await describe([], { CELLFRONT_KVS_ARN: other.arn })).KvsARN).toBe(other.arn);
    expect((await describe(['--outputs-file', 'cdk-outputs.json'], { CELLFRONT_KVS_ARN: other.arn })).KvsARN).toBe(ARN);
    expect((await describe(['--outputs-file', 'cdk-outputs.json', '--kvs-arn', other.arn])).KvsARN).toBe(other.arn);
  });

  it("takes the endpoint from a `cellfront dev` file's KVSENDPOINT, before the environment", async () => {
    await put(local.dir, 'dev-outputs.json', { CellfrontDev: { ...CDK_OUTPUTS.Cellfront, KVSENDPOINT: local.server.url } });
    const r = await cli(local.dir, ['status', '--outputs-file', 'dev-outputs.json', '--json'], { env: { AWS_ENDPOINT_URL_CLOUDFRONT_KEYVALUESTORE: 'http://localhost:1' } });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ arn: ARN });
  });

  it('an outputs file with no KVSTOREARN: says so, with the outputs it has', async () => {
    await put(local.dir, 'noarn.json', { Other: { SOMEURL: 'https://example.com/', BUCKET: 'b' } });
    const r = await cli(local.dir, ['status', '--outputs-file', 'noarn.json'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'cellfront status: no store given: noarn.json has no KVSTOREARN output (it has only Other.SOMEURL, Other.BUCKET); ' +
        'pass an --outputs-file that has one (as `cdk deploy --outputs-file` and `cellfront dev` write), --kvs-arn ARN, or set $CELLFRONT_KVS_ARN\n' +
        'Run `cellfront status --help` for usage.\n',
    );
  });

  it('refuses an outputs file naming two different stores', async () => {
    await put(local.dir, 'two.json', { A: { KVSTOREARN: ARN }, B: { KVSTOREARN: ARN.replace('3301', '3302') } });
    const r = await cli(local.dir, ['status', '--outputs-file', 'two.json'], { env });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('cellfront status: two.json: KVSTOREARN is an output of several stacks with different values (A, B); pass the value with a flag\n');
  });
});
