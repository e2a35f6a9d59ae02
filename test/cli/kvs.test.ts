import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Io } from '../../src/cli/command.js';
import { main } from '../../src/cli/main.js';
import { StoreRegistry, type KeyValueStore } from '../../src/store/index.js';
import { startKvsServer, type KvsServer } from '../../src/store/http/index.js';

let server: KvsServer;
let store: KeyValueStore;
let cwd: string;

beforeAll(async () => {
  const registry = StoreRegistry.inMemory();
  store = await registry.create({ name: 'routes' });
  server = await startKvsServer({ registry });
  cwd = await mkdtemp(join(tmpdir(), 'cellfront-cli-'));
});
afterAll(async () => {
  await server.close();
  await rm(cwd, { recursive: true, force: true });
});
beforeEach(async () => {
  await store.clear();
});

/** Runs `cellfront kvs ...` in-process; the endpoint comes from the environment, as a user would set it. */
async function kvs(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string; json: Record<string, unknown> }> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env: { AWS_ENDPOINT_URL_CLOUDFRONT_KEYVALUESTORE: server.url },
    cwd,
  };
  const code = await main(['kvs', ...argv], io);
  return { code, stdout, stderr, json: stdout.startsWith('{') ? (JSON.parse(stdout) as Record<string, unknown>) : {} };
}

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00$/;

describe('cellfront kvs operations', () => {
  it('describe-key-value-store prints the AWS CLI fields in its order, 4-space JSON, ISO timestamps', async () => {
    const r = await kvs('describe-key-value-store', `--kvs-arn=${store.arn}`);
    expect(r.code).toBe(0);
    expect(Object.keys(r.json)).toEqual(['ETag', 'ItemCount', 'TotalSizeInBytes', 'KvsARN', 'Created', 'LastModified', 'Status']);
    expect(r.json).toMatchObject({ ETag: store.etag, ItemCount: 0, TotalSizeInBytes: 0, KvsARN: store.arn, Status: 'READY' });
    expect(r.json.Created).toMatch(ISO);
    expect(new Date(r.json.Created as string).getTime()).toBe(store.created.getTime());
    expect(r.stdout).toContain(`{\n    "ETag": "${store.etag}",\n`);
    expect(r.stderr).toBe('');
  });

  it('accepts --flag value, --flag=value and the seed README glued form --kvs-arnARN', async () => {
    for (const form of [['--kvs-arn', store.arn], [`--kvs-arn=${store.arn}`], [`--kvs-arn${store.arn}`]]) {
      const r = await kvs('describe-key-value-store', ...form);
      expect(r.code).toBe(0);
      expect(r.json.KvsARN).toBe(store.arn);
    }
  });

  it('update-keys prints ETag, ItemCount, TotalSizeInBytes as in the seed README', async () => {
    const puts = JSON.stringify([
      { Key: 'APIGW1URL', Value: 'x'.repeat(64) },
      { Key: 'APIGW2URL', Value: 'y'.repeat(63) },
    ]);
    const r = await kvs('update-keys', `--kvs-arn=${store.arn}`, `--if-match=${store.etag}`, '--puts', puts);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`{\n    "ETag": "${store.etag}",\n    "ItemCount": 2,\n    "TotalSizeInBytes": 145\n}\n`);
  });

  it('update-keys reads --puts and --deletes from file://', async () => {
    await store.replaceAll({ old: '1' });
    await writeFile(join(cwd, 'puts.json'), '[{"Key": "new", "Value": "2"}]');
    const r = await kvs('update-keys', '--kvs-arn', store.arn, '--if-match', store.etag, '--puts', 'file://puts.json', '--deletes', '[{"Key": "old"}]');
    expect(r.code).toBe(0);
    expect(store.get('new')).toBe('2');
    expect(store.get('old')).toBeUndefined();
  });

  it('reads --puts, --deletes and --value from fileb:// and file:// as the AWS CLI does', async () => {
    await store.replaceAll({ old: '1' });
    await writeFile(join(cwd, 'puts-b.json'), '[{"Key": "bytes", "Value": "3"}]');
    await writeFile(join(cwd, 'deletes.json'), '[{"Key": "old"}]');
    await writeFile(join(cwd, 'value.txt'), 'https://cell.example.com/');
    const update = await kvs('update-keys', '--kvs-arn', store.arn, '--if-match', store.etag, '--puts', 'fileb://puts-b.json', '--deletes', 'file://deletes.json');
    expect(update.code, update.stderr).toBe(0);
    const put = await kvs('put-key', '--kvs-arn', store.arn, '--key', 'url', '--value', 'file://value.txt', '--if-match', store.etag);
    expect(put.code, put.stderr).toBe(0);
    expect([store.get('bytes'), store.get('old'), store.get('url')]).toEqual(['3', undefined, 'https://cell.example.com/']);
    const missing = await kvs('put-key', '--kvs-arn', store.arn, '--key', 'k', '--value', 'fileb://absent.txt', '--if-match', store.etag);
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringMatching(/^cellfront kvs put-key: --value: cannot read \S+absent\.txt: ENOENT\n/)]);
  });

  it('put-key, get-key and delete-key print their AWS CLI shapes', async () => {
    const put = await kvs('put-key', '--kvs-arn', store.arn, '--key', 'k', '--value', 'v', '--if-match', store.etag);
    expect(put.code).toBe(0);
    expect(put.json).toEqual({ ETag: store.etag, ItemCount: 1, TotalSizeInBytes: 2 });
    const get = await kvs('get-key', '--kvs-arn', store.arn, '--key', 'k');
    expect(Object.keys(get.json)).toEqual(['Key', 'Value', 'ItemCount', 'TotalSizeInBytes']);
    expect(get.json).toEqual({ Key: 'k', Value: 'v', ItemCount: 1, TotalSizeInBytes: 2 });
    const del = await kvs('delete-key', '--kvs-arn', store.arn, '--key', 'k', '--if-match', store.etag);
    expect(del.json).toEqual({ ETag: store.etag, ItemCount: 0, TotalSizeInBytes: 0 });
  });

  it('list-keys pages through everything by itself, like the AWS CLI', async () => {
    await store.replaceAll(Array.from({ length: 25 }, (_, i): [string, string] => [`k${String(i).padStart(2, '0')}`, `v${i}`]));
    const r = await kvs('list-keys', '--kvs-arn', store.arn);
    expect(r.code).toBe(0);
    expect(Object.keys(r.json)).toEqual(['Items']);
    expect((r.json.Items as unknown[]).length).toBe(25);
    expect((r.json.Items as unknown[])[0]).toEqual({ Key: 'k00', Value: 'v0' });
  });

  it('list-keys with --max-results prints one page and its NextToken, which --next-token continues', async () => {
    await store.replaceAll(Array.from({ length: 15 }, (_, i): [string, string] => [`k${String(i).padStart(2, '0')}`, 'v']));
    const first = await kvs('list-keys', '--kvs-arn', store.arn, '--max-results', '10');
    expect(Object.keys(first.json)).toEqual(['NextToken', 'Items']);
    expect((first.json.Items as unknown[]).length).toBe(10);
    const second = await kvs('list-keys', '--kvs-arn', store.arn, '--next-token', first.json.NextToken as string);
    expect(second.json).not.toHaveProperty('NextToken');
    expect((second.json.Items as unknown[]).length).toBe(5);
  });
});

describe('cellfront kvs refusals', () => {
  it('exits 3 with ConflictException on a stale ETag', async () => {
    const stale = store.etag;
    await store.put('a', '1', stale);
    const r = await kvs('put-key', '--kvs-arn', store.arn, '--key', 'a', '--value', '2', '--if-match', stale);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^cellfront kvs put-key: ConflictException: ETag "${stale}" does not match .*\\n$`));
  });

  it('exits 2 on malformed --puts, naming the flag and the accepted shape', async () => {
    const r = await kvs('update-keys', '--kvs-arn', store.arn, '--if-match', store.etag, '--puts', '[{"Key": "a", ');
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toMatch(/^cellfront kvs update-keys: --puts is not valid JSON: .*; expected \[\{"Key": "\.\.\.", "Value": "\.\.\."\}\]$/);
    const shape = await kvs('update-keys', '--kvs-arn', store.arn, '--if-match', store.etag, '--puts', '{"Key": "a"}');
    expect(shape.stderr).toMatch(/--puts must be a JSON array, got an object; expected/);
    const missing = await kvs('update-keys', '--kvs-arn', store.arn, '--if-match', store.etag, '--deletes', '[{"Nope": 1}]');
    expect(missing.stderr).toMatch(/--deletes\[0\] has unknown field "Nope"; expected \[\{"Key": "\.\.\."\}\]/);
    expect(store.describe().itemCount).toBe(0);
  });

  it('exits 1 with ResourceNotFoundException for an unknown ARN', async () => {
    const unknown = 'arn:aws:cloudfront::000000000000:key-value-store/11111111-2222-4333-8444-555555555555';
    const r = await kvs('get-key', '--kvs-arn', unknown, '--key', 'a');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`cellfront kvs get-key: ResourceNotFoundException: Key value store ${unknown} was not found; check the ARN (cellfront dev prints it as KVSTOREARN)\n`);
    expect(r.stderr).not.toContain(store.arn);
  });

  it('exits 1 with ValidationException for an oversized key or value', async () => {
    const value = await kvs('put-key', '--kvs-arn', store.arn, '--key', 'k', '--value', 'v'.repeat(1025), '--if-match', store.etag);
    expect(value.code).toBe(1);
    expect(value.stderr).toBe('cellfront kvs put-key: ValidationException: Value for key "k" is 1025 bytes; the limit is 1024 bytes\n');
    const key = await kvs('put-key', '--kvs-arn', store.arn, '--key', 'k'.repeat(513), '--value', 'v', '--if-match', store.etag);
    expect(key.code).toBe(1);
    expect(key.stderr).toMatch(/ValidationException: Key "k+…" is 513 bytes; the limit is 512 bytes\n$/);
  });

  it('exits 2 for a missing required flag or an out-of-range --max-results', async () => {
    const r = await kvs('get-key', '--kvs-arn', store.arn);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^cellfront kvs get-key: --key is required\n/);
    const max = await kvs('list-keys', '--kvs-arn', store.arn, '--max-results', '51');
    expect(max.code).toBe(2);
    expect(max.stderr).toMatch(/--max-results takes a whole number from 1 to 50, got "51"/);
  });

  it('exits 2 for an ARN the SDK cannot use, or an endpoint that is not a URL', async () => {
    const arn = await kvs('describe-key-value-store', '--kvs-arn', 'arn:aws:cloudfront::000000000000:distribution/E123');
    expect(arn.code).toBe(2);
    expect(arn.stderr.split('\n')[0]).toBe(
      'cellfront kvs describe-key-value-store: --kvs-arn: ARN resource type is invalid. Expected `key-value-store`, found: `distribution`; expected arn:aws:cloudfront::ACCOUNT:key-value-store/ID',
    );
    const endpoint = await kvs('describe-key-value-store', '--kvs-arn', store.arn, '--endpoint-url', 'localhost:4566');
    expect(endpoint.code).toBe(2);
    expect(endpoint.stderr).toMatch(/Endpoint "localhost:4566" is not an http\(s\) URL/);
  });

  it('exits 1 when the endpoint cannot be reached, in one line', async () => {
    const closed = await startKvsServer({ registry: StoreRegistry.inMemory() });
    await closed.close();
    const r = await kvs('describe-key-value-store', '--kvs-arn', store.arn, '--endpoint-url', closed.url);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^cellfront kvs describe-key-value-store: cannot reach the KeyValueStore endpoint: .*ECONNREFUSED.*\n$/);
  });
});

describe('cellfront kvs help', () => {
  it('lists the operations', async () => {
    const r = await kvs('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatchInlineSnapshot(`
      "Read and write a KeyValueStore, like \`aws cloudfront-keyvaluestore\`.

      Usage: cellfront kvs <command>

      Same operations, flags and JSON output as the AWS CLI, through the AWS SDK. Requests go to AWS
      unless --endpoint-url or $AWS_ENDPOINT_URL_CLOUDFRONT_KEYVALUESTORE points at another endpoint,
      such as the local store. Exit codes: 0 ok, 1 refused, 2 bad command line, 3 stale ETag (--if-match).

      Commands:
        describe-key-value-store  Show a store: its ETag, item count, size and dates.
        get-key                   Show one key and its value.
        list-keys                 List keys and values, in key order.
        put-key                   Create or replace one key.
        delete-key                Delete one key.
        update-keys               Put and delete up to 50 keys at once, all or nothing.

      Flags:
        --help  Show this help and exit.

      Run \`cellfront kvs <command> --help\` for a command's flags.
      "
    `);
  });

  it("shows an operation's flags", async () => {
    const r = await kvs('update-keys', '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatchInlineSnapshot(`
      "Put and delete up to 50 keys at once, all or nothing.

      Usage: cellfront kvs update-keys [flags]

      Flags:
        --kvs-arn ARN        The store: arn:aws:cloudfront::ACCOUNT:key-value-store/ID.
        --if-match ETAG      The store's current ETag (from describe-key-value-store).
        --puts JSON          Keys to put: [{"Key": "...", "Value": "..."}], or file://PATH (or fileb://PATH).
        --deletes JSON       Keys to delete: [{"Key": "..."}], or file://PATH (or fileb://PATH).
        --endpoint-url URL   Call this endpoint instead of AWS, e.g. http://localhost:PORT for the local store.
        --outputs-file FILE  Outputs of \`cdk deploy\` or \`cellfront dev\`: --kvs-arn from KVSTOREARN, --endpoint-url from KVSENDPOINT.
        --help               Show this help and exit.
      "
    `);
  });
});

describe('bin/cellfront.js', () => {
  it('runs kvs operations as a real process', async () => {
    const bin = fileURLToPath(new URL('../../bin/cellfront.js', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, [bin, 'kvs', 'put-key', '--kvs-arn', store.arn, '--key', 'cell', '--value', 'a', '--if-match', store.etag], {
      env: { PATH: process.env.PATH, NODE_NO_WARNINGS: '1', AWS_ENDPOINT_URL_CLOUDFRONT_KEYVALUESTORE: server.url },
    });
    expect(JSON.parse(stdout)).toEqual({ ETag: store.etag, ItemCount: 1, TotalSizeInBytes: 5 });
    const stale = await promisify(execFile)(process.execPath, [bin, 'kvs', 'delete-key', `--kvs-arn=${store.arn}`, '--key=cell', '--if-match=KVAAAAAAAAAAAAA'], {
      env: { PATH: process.env.PATH, NODE_NO_WARNINGS: '1', AWS_ENDPOINT_URL_CLOUDFRONT_KEYVALUESTORE: server.url },
    }).catch((e: unknown) => e as { code: number; stderr: string });
    expect(stale).toMatchObject({ code: 3 });
    expect((stale as { stderr: string }).stderr).toMatch(/^cellfront kvs delete-key: ConflictException: /);
    expect((stale as { stderr: string }).stderr).not.toMatch(/\n\s+at /);
  });
});
