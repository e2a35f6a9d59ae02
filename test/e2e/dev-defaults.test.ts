import { describe, expect, it } from 'vitest';
import { runCli, runProcess, startDevProcess } from '../support/dev-process.js';

describe('cellfront dev without flags beyond ports', () => {
  it('seeds the store so curl -i -L works at once, and keeps the store across a restart', async () => {
    const first = await startDevProcess();
    const arn = first.outputs.KVSTOREARN as string;
    const endpoint = ['--endpoint-url', first.outputs.KVSENDPOINT as string];
    try {
      const res = await runProcess('curl', ['-s', '-i', '-L', first.outputs.CLOUDFRONTDOMAINNAME as string]);
      expect(res.stdout).toMatch(/^HTTP\/1\.1 307 /);
      expect(res.stdout).toMatch(/\{"message": "Hello from API [12]"\}$/);
      const described = JSON.parse((await runCli(['kvs', 'describe-key-value-store', '--kvs-arn', arn, ...endpoint])).stdout) as { ETag: string };
      const put = await runCli(['kvs', 'put-key', '--kvs-arn', arn, '--key', 'kept', '--value', 'across restarts', '--if-match', described.ETag, ...endpoint]);
      expect(put.code).toBe(0);
    } finally {
      expect(await first.stop()).toBe(0);
    }
    expect(first.stderr()).toContain('stopping');

    const second = await startDevProcess([], first.dir);
    try {
      expect(second.outputs.KVSTOREARN).toBe(arn);
      const got = await runCli(['kvs', 'get-key', '--kvs-arn', arn, '--key', 'kept', '--endpoint-url', second.outputs.KVSENDPOINT as string]);
      expect(JSON.parse(got.stdout)).toMatchObject({ Key: 'kept', Value: 'across restarts' });
    } finally {
      expect(await second.stop()).toBe(0);
    }
  });

  it('exits with a usage error naming the flag for a bad --port', async () => {
    const res = await runProcess(process.execPath, ['bin/cellfront.js', 'dev', '--port', '70000']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('--port takes a whole number from 0 to 65535, got "70000"');
  });
});
