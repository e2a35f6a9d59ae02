// The CLI bundle builds the SigV4A signer's base-point table with a smaller
// window (scripts/sigv4a-window.ts). That may change how fast the first
// signature is, never what it is: the signer, bundled with the same plugin the
// build uses, must sign requests to exactly the bytes the library does.
import { createHash, createHmac } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SignatureV4a } from '@smithy/signature-v4a';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { SIGV4A_BASE_WINDOW_BITS, sigv4aWindowPlugin, type WindowTweak } from '../../scripts/sigv4a-window.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** SHA-256 and HMAC-SHA-256 in the SDK's checksum shape. */
type SourceData = string | ArrayBuffer | ArrayBufferView;
const bytes = (data: SourceData) => (typeof data === 'string' ? data : ArrayBuffer.isView(data) ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : Buffer.from(data));
class Sha256 {
  readonly #hash;
  constructor(secret?: SourceData) {
    this.#hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: SourceData): void {
    this.#hash.update(bytes(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.#hash.digest()));
  }
}

type Signer = typeof SignatureV4a;

async function authorizations(Signer: Signer): Promise<string[]> {
  const signer = new Signer({ service: 'cloudfront-keyvaluestore', region: '*', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-a-secret' }, sha256: Sha256 });
  const signed: string[] = [];
  for (const [method, path, day] of [
    ['GET', '/key-value-stores/arn%3Aaws%3Acloudfront%3A%3A000000000000%3Akey-value-store%2Fa/keys/cellfront%3Atable', '2026-01-01'],
    ['POST', '/key-value-stores/arn%3Aaws%3Acloudfront%3A%3A000000000000%3Akey-value-store%2Fa/keys', '2026-06-30'],
    ['HEAD', '/key-value-stores/x', '2027-12-31'],
  ] as const) {
    const host = '000000000000.cloudfront-kvs.global.api.aws';
    const request = { method, protocol: 'https:', hostname: host, path, headers: { host }, query: {} };
    const out = (await signer.sign(request, { signingDate: new Date(`${day}T12:34:56Z`) })) as { headers: Record<string, string> };
    signed.push(out.headers.authorization as string);
  }
  return signed;
}

describe('the CLI bundle\'s SigV4A signer', () => {
  let folder = '';
  afterAll(async () => {
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it(`uses a ${SIGV4A_BASE_WINDOW_BITS}-bit base-point window and signs exactly as the library does`, async () => {
    await mkdir(join(ROOT, 'test-output'), { recursive: true });
    folder = await mkdtemp(join(ROOT, 'test-output', 'sigv4a-'));
    await writeFile(join(folder, 'entry.mjs'), "export { SignatureV4a } from '@smithy/signature-v4a';\n");
    const tweak: WindowTweak = { applied: 0 };
    await build({ entryPoints: [join(folder, 'entry.mjs')], outfile: join(folder, 'signer.mjs'), bundle: true, platform: 'node', format: 'esm', plugins: [sigv4aWindowPlugin(tweak)], logLevel: 'silent' });
    expect(tweak.applied).toBeGreaterThan(0);
    expect(await readFile(join(folder, 'signer.mjs'), 'utf8')).toContain(`Point.BASE.precompute(${SIGV4A_BASE_WINDOW_BITS});`);
    const bundled = (await import(pathToFileURL(join(folder, 'signer.mjs')).href)) as { SignatureV4a: Signer };
    const expected = await authorizations(SignatureV4a);
    expect(expected[0]).toMatch(/^AWS4-ECDSA-P256-SHA256 Credential=AKIDEXAMPLE\/20260101\/cloudfront-keyvaluestore\/aws4_request, .*Signature=[0-9a-f]{120,}$/);
    expect(await authorizations(bundled.SignatureV4a)).toEqual(expected);
  });
});
