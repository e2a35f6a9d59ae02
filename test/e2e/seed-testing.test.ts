import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, runProcess, startDevProcess, type DevProcess } from '../support/dev-process.js';

// The seed pattern's "Testing" section, step by step, word for word, with
// `aws cloudfront-keyvaluestore` replaced by the cellfront CLI plus --endpoint-url,
// against `cellfront dev --empty-kvs` running as a real process.
describe('the seed Testing section against cellfront dev --empty-kvs', () => {
  let dev: DevProcess;
  let etag: string;

  beforeAll(async () => {
    dev = await startDevProcess(['--empty-kvs']);
  });
  afterAll(async () => {
    if (dev) expect(await dev.stop()).toBe(0);
  });

  it('prints the seed stack outputs plus KVSENDPOINT and DASHBOARDURL', () => {
    expect(Object.keys(dev.outputs)).toEqual(['CLOUDFRONTDOMAINNAME', 'APIGATEWAY1URL', 'APIGATEWAY2URL', 'KVSTOREARN', 'KVSENDPOINT', 'DASHBOARDURL']);
    expect(dev.outputs.KVSTOREARN).toMatch(/^arn:aws:cloudfront::\d{12}:key-value-store\/[0-9a-f-]{36}$/);
    expect(dev.stdout()).toContain(`CellfrontDev.CLOUDFRONTDOMAINNAME = ${dev.outputs.CLOUDFRONTDOMAINNAME}`);
  });

  it('answers 503 naming the missing key while the store is empty', async () => {
    const res = await runProcess('curl', ['-s', '-i', dev.outputs.CLOUDFRONTDOMAINNAME as string]);
    expect(res.stdout).toMatch(/^HTTP\/1\.1 503/);
    expect(res.stdout).toContain('APIGW1URL');
  });

  it('step 1: describe-key-value-store gives the ETag', async () => {
    const res = await runCli(['kvs', 'describe-key-value-store', `--kvs-arn=${dev.outputs.KVSTOREARN}`, '--endpoint-url', dev.outputs.KVSENDPOINT as string]);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const body = JSON.parse(res.stdout) as { ETag: string; ItemCount: number };
    expect(body.ItemCount).toBe(0);
    expect(body.ETag).toMatch(/^\S+$/);
    etag = body.ETag;
  });

  it('step 2: update-keys with the README text (no `=` after --kvs-arn, a trailing space) stores both keys', async () => {
    const puts = `[
                {
                    "Key": "APIGW1URL",
                    "Value": "${dev.outputs.APIGATEWAY1URL} "
                },
                {
                    "Key": "APIGW2URL",
                    "Value": "${dev.outputs.APIGATEWAY2URL}"
                }
            ]`;
    const res = await runCli([
      'kvs', 'update-keys',
      `--kvs-arn${dev.outputs.KVSTOREARN}`,
      `--if-match=${etag}`,
      '--puts', puts,
      '--endpoint-url', dev.outputs.KVSENDPOINT as string,
    ]);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const body = JSON.parse(res.stdout) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['ETag', 'ItemCount', 'TotalSizeInBytes']);
    expect(body.ItemCount).toBe(2);
    expect(body.ETag).not.toBe(etag);
    const urlBytes = (dev.outputs.APIGATEWAY1URL as string).length + 1 + (dev.outputs.APIGATEWAY2URL as string).length;
    expect(body.TotalSizeInBytes).toBe('APIGW1URL'.length + 'APIGW2URL'.length + urlBytes);
  });

  it('step 3-4: curl -i -L shows the redirect, then the message of API 1 or API 2', async () => {
    const res = await runProcess('curl', ['-s', '-i', '-L', dev.outputs.CLOUDFRONTDOMAINNAME as string]);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^HTTP\/1\.1 307 /);
    expect(res.stdout).toMatch(/\r\nlocation: http:\/\/localhost:\d+\/prod\/\r\n/i);
    expect(res.stdout).toMatch(/\{"message": "Hello from API [12]"\}$/);
  });

  it('step 5: many requests reach both APIs, near half each', async () => {
    const counts = { 1: 0, 2: 0 } as Record<string, number>;
    const runs = 200;
    // One curl process following 200 redirects keeps the test quick.
    const url = `http://${dev.outputs.CLOUDFRONTDOMAINNAME}/`;
    const res = await runProcess('curl', ['-s', '-L', '-w', '\n', ...Array.from({ length: runs }, () => url)]);
    for (const match of res.stdout.matchAll(/Hello from API (\d)/g)) counts[match[1] as string]!++;
    expect((counts[1] ?? 0) + (counts[2] ?? 0)).toBe(runs);
    // Binomial(200, 0.5): 70..130 holds with probability > 0.9999.
    expect(counts[1]).toBeGreaterThan(70);
    expect(counts[2]).toBeGreaterThan(70);
  });
});
