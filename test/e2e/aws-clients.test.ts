// Real AWS clients, unchanged, against the local store. With a custom endpoint
// they call `000000000000.localhost:PORT`, which plain Linux does not resolve:
// `cellfront dev` says so and prints the hosts-file line that fixes it. Here the
// line is applied the way a user would (in /etc/hosts), but inside a private
// mount namespace (`unshare --mount` with a bind-mounted copy of /etc/hosts), so
// the machine's own /etc/hosts is never touched, even if the test dies half-way.
import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkKvsHost } from '../../src/dev/kvs-host-check.js';
import { repoRoot, runProcess, startDevProcess, type DevProcess } from '../support/dev-process.js';

const HOST = '000000000000.localhost';
const resolvesAlready = (await checkKvsHost()).resolves;
/** A private mount namespace needs root and util-linux's unshare (both there in CI). */
const canFixPrivately = process.getuid?.() === 0 && spawnSync('unshare', ['--mount', 'true']).status === 0;
/** The AWS CLI signs KeyValueStore calls (SigV4A) only with the CRT (v2 bundles it; v1 needs botocore[crt]). */
const awsCli = spawnSync('aws', ['--version'], { encoding: 'utf8' });
const awsCliWithCrt = awsCli.status === 0 && (/^aws-cli\/2\./.test(awsCli.stdout) || spawnSync('python3', ['-c', 'import awscrt']).status === 0);

let dev: DevProcess;
let hostsCopy: string;

beforeAll(async () => {
  dev = await startDevProcess();
  // The check runs after the outputs are printed: wait for its answer.
  for (let i = 0; i < 200 && !/does not resolve|aws cloudfront-keyvaluestore/.test(dev.stdout()); i++) await new Promise((r) => setTimeout(r, 50));
  hostsCopy = join(dev.dir, 'hosts');
  await writeFile(hostsCopy, `${await readFile('/etc/hosts', 'utf8')}\n127.0.0.1 ${HOST}\n`);
}, 60_000);

afterAll(async () => {
  await dev?.stop();
});

/** Runs `command` as a user's shell would, with the hosts line applied unless the name resolves already. */
function withHostsFix(command: string, env: Record<string, string>) {
  const script = resolvesAlready ? command : `mount --bind '${hostsCopy}' /etc/hosts && ${command}`;
  const [program, args] = resolvesAlready ? ['sh', ['-c', script]] : ['unshare', ['--mount', 'sh', '-c', script]];
  return runProcess(program as string, args as string[], env);
}

describe('cellfront dev and plain AWS clients', () => {
  it('says whether the AWS CLI and SDKs can reach the store, and the one line that fixes it when not', () => {
    if (resolvesAlready) {
      expect(dev.stdout()).toContain(`aws cloudfront-keyvaluestore describe-key-value-store --kvs-arn ${dev.outputs.KVSTOREARN} --endpoint-url ${dev.outputs.KVSENDPOINT}`);
    } else {
      expect(dev.stdout()).toContain(
        `The AWS CLI and SDKs send KeyValueStore calls to ${HOST}, which this machine does not resolve.\nTo use them against the local store, add this line to /etc/hosts:\n  127.0.0.1 ${HOST}\n`,
      );
    }
  });

  it.skipIf(!resolvesAlready && !canFixPrivately)('a plain SDK script with no DNS code works once the line is in /etc/hosts', async () => {
    const script = join(repoRoot, 'test/fixtures/plain-sdk-script.mjs');
    const res = await withHostsFix(`node '${script}' '${dev.outputs.KVSTOREARN}'`, {
      AWS_ENDPOINT_URL_CLOUDFRONT_KEYVALUESTORE: dev.outputs.KVSENDPOINT as string,
      AWS_ACCESS_KEY_ID: 'AKIDLOCAL',
      AWS_SECRET_ACCESS_KEY: 'local-secret',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    });
    expect(res.stderr).toBe('');
    expect(JSON.parse(res.stdout)).toEqual({ status: 'READY', key: 'plain-sdk', value: 'works' });
    // The machine's own hosts file is as it was.
    if (!resolvesAlready) expect(await readFile('/etc/hosts', 'utf8')).not.toContain(HOST);
  });

  it.skipIf(!awsCliWithCrt || (!resolvesAlready && !canFixPrivately))('the AWS CLI describes the store with --endpoint-url', async () => {
    const res = await withHostsFix(`aws cloudfront-keyvaluestore describe-key-value-store --kvs-arn '${dev.outputs.KVSTOREARN}' --endpoint-url '${dev.outputs.KVSENDPOINT}'`, {
      AWS_ACCESS_KEY_ID: 'AKIDLOCAL',
      AWS_SECRET_ACCESS_KEY: 'local-secret',
      AWS_DEFAULT_REGION: 'us-east-1',
    });
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ KvsARN: dev.outputs.KVSTOREARN, Status: 'READY' });
  });
});
