import { DescribeKeyValueStoreCommand } from '@aws-sdk/client-cloudfront-keyvaluestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKvsClient, KvsClientConfigError, LOCAL_CREDENTIALS, parseKvsArn } from '../../src/aws/index.js';
import { KvsError, StoreRegistry, type KeyValueStore } from '../../src/store/index.js';
import { startKvsServer, type KvsServer } from '../../src/store/http/index.js';

// Two servers with one store each: which store a client can see tells which endpoint it used.
let a: { server: KvsServer; store: KeyValueStore };
let b: { server: KvsServer; store: KeyValueStore };

async function start(name: string) {
  const registry = StoreRegistry.inMemory();
  const store = await registry.create({ name });
  return { server: await startKvsServer({ registry }), store };
}

beforeAll(async () => {
  a = await start('a');
  b = await start('b');
});
afterAll(async () => {
  await a.server.close();
  await b.server.close();
});

async function reaches(client: ReturnType<typeof createKvsClient>, store: KeyValueStore): Promise<boolean> {
  try {
    await client.send(new DescribeKeyValueStoreCommand({ KvsARN: store.arn }));
    return true;
  } catch (error) {
    if ((error as Error).name === 'ResourceNotFoundException') return false;
    throw error;
  } finally {
    client.destroy();
  }
}

describe('createKvsClient endpoint', () => {
  it('prefers the endpoint argument, then AWS_ENDPOINT_URL_CLOUDFRONT_KEYVALUESTORE, then AWS_ENDPOINT_URL', async () => {
    const both = { AWS_ENDPOINT_URL_CLOUDFRONT_KEYVALUESTORE: a.server.url, AWS_ENDPOINT_URL: b.server.url };
    expect(await reaches(createKvsClient({ endpoint: b.server.url, env: both }), b.store)).toBe(true);
    expect(await reaches(createKvsClient({ env: both }), a.store)).toBe(true);
    expect(await reaches(createKvsClient({ env: { AWS_ENDPOINT_URL: b.server.url } }), b.store)).toBe(true);
  });

  it('uses the AWS endpoint when none is configured', () => {
    const client = createKvsClient({ env: {} });
    expect((client.config as { isCustomEndpoint?: boolean }).isCustomEndpoint).toBe(false);
    client.destroy();
  });

  it('turns 127.0.0.1 into localhost, which the SDK can prefix with the account', async () => {
    expect(await reaches(createKvsClient({ endpoint: `http://127.0.0.1:${a.server.port}`, env: {} }), a.store)).toBe(true);
  });

  it('refuses an endpoint that is not an http(s) URL, or is another IP address', () => {
    expect(() => createKvsClient({ endpoint: 'localhost:4566', env: {} })).toThrow(KvsClientConfigError);
    expect(() => createKvsClient({ endpoint: 'not a url', env: {} })).toThrow(/is not an http\(s\) URL; expected e.g. http:\/\/localhost:4566/);
    expect(() => createKvsClient({ endpoint: 'http://10.0.0.5:4566', env: {} })).toThrow(/uses an IP address; .* use a host name/);
  });
});

describe('createKvsClient credentials and region', () => {
  it('uses fixed local credentials for a loopback endpoint when the environment has none', async () => {
    const client = createKvsClient({ endpoint: a.server.url, env: {} });
    expect(await client.config.credentials()).toMatchObject(LOCAL_CREDENTIALS);
    client.destroy();
  });

  it('uses the credentials and region of the environment it is given', async () => {
    const env = { AWS_ACCESS_KEY_ID: 'AKIDENV', AWS_SECRET_ACCESS_KEY: 'env-secret', AWS_SESSION_TOKEN: 'tok', AWS_REGION: 'eu-west-1' };
    const client = createKvsClient({ endpoint: a.server.url, env });
    expect(await client.config.credentials()).toMatchObject({ accessKeyId: 'AKIDENV', secretAccessKey: 'env-secret', sessionToken: 'tok' });
    expect(await client.config.region()).toBe('eu-west-1');
    client.destroy();
  });

  it('falls back to AWS_DEFAULT_REGION, then us-east-1', async () => {
    const fromDefault = createKvsClient({ endpoint: a.server.url, env: { AWS_DEFAULT_REGION: 'ap-south-1' } });
    const fallback = createKvsClient({ endpoint: a.server.url, env: {} });
    expect(await fromDefault.config.region()).toBe('ap-south-1');
    expect(await fallback.config.region()).toBe('us-east-1');
    fromDefault.destroy();
    fallback.destroy();
  });
});

describe('parseKvsArn', () => {
  it('splits a store ARN', () => {
    expect(parseKvsArn('arn:aws:cloudfront::123456789012:key-value-store/9F1C2D3E-4B5A-4C6D-8E7F-0A1B2C3D4E5F')).toEqual({
      partition: 'aws',
      accountId: '123456789012',
      id: '9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f',
    });
  });

  it.each([
    'arn:aws:s3:::bucket',
    'arn:aws:cloudfront::123:key-value-store/9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f',
    'arn:aws:cloudfront:us-east-1:123456789012:key-value-store/9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f',
    'arn:aws:cloudfront::123456789012:function/9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f',
    '',
  ])('refuses %j with a ValidationException showing the format', (arn) => {
    expect(() => parseKvsArn(arn)).toThrow(KvsError);
    expect(() => parseKvsArn(arn)).toThrow(/expected arn:aws:cloudfront::<12-digit account>:key-value-store\/<uuid>/);
  });
});
