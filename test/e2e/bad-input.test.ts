import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, runProcess, startDevProcess, type DevProcess } from '../support/dev-process.js';

// Each bad input gets one clear line (CLI) or CloudFront's status (edge), and
// afterwards the edge still routes and the store still answers.
describe('bad input against a running cellfront dev', () => {
  let dev: DevProcess;
  let kvs: (args: string[]) => ReturnType<typeof runCli>;
  const etag = async () => (JSON.parse((await kvs(['describe-key-value-store'])).stdout) as { ETag: string }).ETag;

  beforeAll(async () => {
    dev = await startDevProcess();
    kvs = ([op, ...rest]) =>
      runCli(['kvs', op as string, '--kvs-arn', dev.outputs.KVSTOREARN as string, '--endpoint-url', dev.outputs.KVSENDPOINT as string, ...rest]);
  });
  afterAll(async () => {
    if (dev) expect(await dev.stop()).toBe(0);
  });

  async function stillServing(): Promise<void> {
    const res = await runProcess('curl', ['-s', '-L', dev.outputs.CLOUDFRONTDOMAINNAME as string]);
    expect(res.stdout).toMatch(/^\{"message": "Hello from API [12]"\}$/);
    expect((await kvs(['describe-key-value-store'])).code).toBe(0);
  }

  function oneLine(stderr: string): string {
    const lines = stderr.trim().split('\n');
    // A usage error adds the "Run --help" hint; a refusal is a single line.
    expect(lines.length).toBeLessThanOrEqual(2);
    expect(stderr).not.toMatch(/\n\s+at /);
    return lines[0] as string;
  }

  it('malformed --puts JSON', async () => {
    const res = await kvs(['update-keys', '--if-match', await etag(), '--puts', '[{"Key": "a", "Value": ']);
    expect(res.code).not.toBe(0);
    expect(oneLine(res.stderr)).toMatch(/--puts.*JSON/);
    await stillServing();
  });

  it('an unknown ARN', async () => {
    const res = await runCli([
      'kvs', 'describe-key-value-store',
      '--kvs-arn', 'arn:aws:cloudfront::000000000000:key-value-store/00000000-0000-4000-8000-000000000000',
      '--endpoint-url', dev.outputs.KVSENDPOINT as string,
    ]);
    expect(res.code).toBe(1);
    expect(oneLine(res.stderr)).toContain('ResourceNotFoundException');
    await stillServing();
  });

  it('a stale ETag exits 3 with ConflictException', async () => {
    const stale = await etag();
    expect((await kvs(['put-key', '--key', 'x', '--value', '1', '--if-match', stale])).code).toBe(0);
    const res = await kvs(['put-key', '--key', 'x', '--value', '2', '--if-match', stale]);
    expect(res.code).toBe(3);
    expect(oneLine(res.stderr)).toContain('ConflictException');
    await stillServing();
  });

  it('an oversized key and an oversized value', async () => {
    const key = await kvs(['put-key', '--key', 'k'.repeat(513), '--value', 'v', '--if-match', await etag()]);
    expect(key.code).not.toBe(0);
    expect(oneLine(key.stderr)).toMatch(/512/);
    const value = await kvs(['put-key', '--key', 'big', '--value', 'v'.repeat(1025), '--if-match', await etag()]);
    expect(value.code).toBe(1);
    expect(oneLine(value.stderr)).toMatch(/ValidationException.*1,?024/);
    await stillServing();
  });

  it('a stored target that is not a URL is skipped; only bad targets give a 503 naming them', async () => {
    const first = await kvs(['put-key', '--key', 'APIGW2URL', '--value', 'not a url', '--if-match', await etag()]);
    expect(first.code).toBe(0);
    const ok = await runProcess('curl', ['-s', '-L', '-w', '\n', ...Array.from({ length: 20 }, () => dev.outputs.CLOUDFRONTDOMAINNAME as string)]);
    expect(ok.stdout.match(/Hello from API 1/g)).toHaveLength(20);
    await kvs(['put-key', '--key', 'APIGW1URL', '--value', 'ftp://nowhere', '--if-match', await etag()]);
    const bad = await runProcess('curl', ['-s', '-i', dev.outputs.CLOUDFRONTDOMAINNAME as string]);
    expect(bad.stdout).toMatch(/^HTTP\/1\.1 503 /);
    expect(bad.stdout).toContain('APIGW1URL');
    const restore = await kvs([
      'update-keys', '--if-match', await etag(),
      '--puts', JSON.stringify([{ Key: 'APIGW1URL', Value: dev.outputs.APIGATEWAY1URL }, { Key: 'APIGW2URL', Value: dev.outputs.APIGATEWAY2URL }]),
    ]);
    expect(restore.code).toBe(0);
    await stillServing();
  });

  it('a request with a 30 KB header gets 494, as CloudFront answers oversized headers', async () => {
    const [host, port] = (dev.outputs.CLOUDFRONTDOMAINNAME as string).split(':');
    const status = await new Promise<number | undefined>((done, fail) => {
      const req = request({ host: host === 'localhost' ? '127.0.0.1' : host, port, path: '/', headers: { 'x-big': 'a'.repeat(30 * 1024) } }, (res) => {
        res.resume();
        done(res.statusCode);
      });
      req.on('error', fail);
      req.end();
    });
    expect(status).toBe(494);
    await stillServing();
  });
});
