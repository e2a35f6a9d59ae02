/** A plain AWS SDK v3 script, run as its own Node process, against the local API. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiFixture } from './fixture.js';

const script = fileURLToPath(new URL('../../fixtures/sdk-script.mjs', import.meta.url));
const run = promisify(execFile);

let api: ApiFixture;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api.server.close();
});

const expected = {
  describe: { ItemCount: 0, Status: 'READY', hasETag: true },
  put: { ItemCount: 1, TotalSizeInBytes: 9 + 29, etagChanged: true },
  get: { Key: 'APIGW1URL', Value: 'https://one.example.com/prod/' },
  update: { ItemCount: 25 },
  pages: [10, 10, 5],
  staleEtag: 'ConflictException',
  oversizedValue: 'ValidationException',
  delete: { ItemCount: 24 },
};

describe('a plain AWS SDK v3 script', () => {
  it.each([
    ['the endpoint as an argument', (url: string) => ({ args: [url], env: {} })],
    ['AWS_ENDPOINT_URL_CLOUDFRONT_KEYVALUESTORE', (url: string) => ({ args: [], env: { AWS_ENDPOINT_URL_CLOUDFRONT_KEYVALUESTORE: url } })],
  ])('performs every operation given %s', async (_label, how) => {
    await api.store.clear();
    const { args, env } = how(api.server.url);
    const { stdout } = await run(process.execPath, [script, api.store.arn, ...args], {
      env: { PATH: process.env.PATH, NODE_NO_WARNINGS: '1', ...env },
    });
    expect(JSON.parse(stdout)).toEqual(expected);
    expect(api.store.describe().itemCount).toBe(24);
  });
});
