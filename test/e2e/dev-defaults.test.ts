import { copyFile, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli, runProcess, startDevProcess } from '../support/dev-process.js';

describe('cellfront dev without flags beyond ports', () => {
  it('routes by the cellfront.config.json it finds, so curl -i -L works at once, and keeps the store across a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cellfront-e2e-defaults-'));
    await copyFile(join(repoRoot, 'cellfront.config.json'), join(dir, 'cellfront.config.json'));
    const first = await startDevProcess([], dir);
    const arn = first.outputs.KVSTOREARN as string;
    const endpoint = ['--endpoint-url', first.outputs.KVSENDPOINT as string];
    try {
      // Proxy mode: no redirect, the API's answer comes through the edge, naming the cell.
      const res = await runProcess('curl', ['-s', '-i', '-L', first.outputs.CLOUDFRONTDOMAINNAME as string]);
      expect(res.stdout).toMatch(/^HTTP\/1\.1 200 /);
      const cell = /\r\nx-cellfront-cell: api([12])\r\n/i.exec(res.stdout)?.[1];
      expect(res.stdout).toMatch(new RegExp(`\\{"message": "Hello from API ${cell}"\\}$`));
      const described = JSON.parse((await runCli(['kvs', 'describe-key-value-store', '--kvs-arn', arn, ...endpoint])).stdout) as { ETag: string; ItemCount: number };
      // The table, the one override of the demo config, and the history entry recording the start.
      expect(described.ItemCount).toBe(3);
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

  it('seeds the seed layout when there is no config, and redirects as the seed does', async () => {
    const dev = await startDevProcess();
    try {
      expect(dev.stdout()).toContain('routing by the seed layout (APIGW1URL, ...)');
      const res = await runProcess('curl', ['-s', '-i', '-L', dev.outputs.CLOUDFRONTDOMAINNAME as string]);
      expect(res.stdout).toMatch(/^HTTP\/1\.1 307 /);
      expect(res.stdout).toMatch(/\{"message": "Hello from API [12]"\}$/);
    } finally {
      expect(await dev.stop()).toBe(0);
    }
  });

  it('with --function, says that the function given routes, and runs it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cellfront-e2e-function-'));
    const fn = 'async function handler(event) { return { statusCode: 200, statusDescription: "OK", headers: { "x-mine": { value: "yes" } } }; }\n';
    await writeFile(join(dir, 'mine.js'), fn);
    const dev = await startDevProcess(['--function', 'mine.js'], dir);
    try {
      expect(dev.stdout()).toContain('routing by your function mine.js;');
      const res = await fetch(`http://${dev.outputs.CLOUDFRONTDOMAINNAME as string}/`);
      await res.arrayBuffer();
      expect([res.status, res.headers.get('x-mine')]).toEqual([200, 'yes']);
    } finally {
      expect(await dev.stop()).toBe(0);
    }
  });

  it('prints only its outputs as JSON with --json, the same object as its outputs file', async () => {
    const dev = await startDevProcess(['--json']);
    try {
      const printed = JSON.parse(dev.stdout()) as Record<string, Record<string, string>>;
      expect(Object.keys(printed)).toEqual(['CellfrontDev']);
      expect(printed.CellfrontDev).toEqual(dev.outputs);
      const res = await fetch(`http://${dev.outputs.CLOUDFRONTDOMAINNAME as string}/`, { redirect: 'manual' });
      await res.arrayBuffer();
      expect(res.status).toBe(307);
    } finally {
      expect(await dev.stop()).toBe(0);
    }
  });

  it('names the config problem in one line and exits 1', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cellfront-e2e-bad-config-'));
    const res = await runProcess(process.execPath, ['bin/cellfront.js', 'dev', '--port', '0', '--data-dir', join(dir, 'data'), '--config', 'test/fixtures/absent.json']);
    expect(res.code).toBe(1);
    expect(res.stderr.trim()).toBe('cellfront dev: test/fixtures/absent.json: no such file');
  });

  it('exits with a usage error naming the flag for a bad --port', async () => {
    const res = await runProcess(process.execPath, ['bin/cellfront.js', 'dev', '--port', '70000']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('--port takes a whole number from 0 to 65535, got "70000"');
  });
});
