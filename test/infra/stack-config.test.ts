import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restApiHostPlaceholder } from '../../infra/edge-router/index.js';
import { loadStackConfig } from '../../infra/stack/stack-config.js';
import { ConfigError } from '../../src/config/index.js';
import { repoRoot } from '../support/dev-process.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cellfront-stack-config-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function configFile(name: string, document: object): Promise<string> {
  await writeFile(join(dir, name), JSON.stringify(document), 'utf8');
  return name;
}

async function refusal(file: string, options: Parameters<typeof loadStackConfig>[1]): Promise<ConfigError> {
  const error: unknown = await loadStackConfig(file, options).catch((e: unknown) => e);
  if (error instanceof ConfigError) return error;
  throw new Error(`expected a ConfigError, got ${String(error)}`);
}

describe('restApiHostPlaceholder', () => {
  it('is a DNS name exactly as long as the longest API Gateway host, one per API', () => {
    // the longest: a 10-character id, the longest region and the longest URL suffix
    const longest = 'abcdefghij.execute-api.us-isof-south-1.amazonaws.com.cn';
    expect(restApiHostPlaceholder(1)).toHaveLength(longest.length);
    expect(restApiHostPlaceholder(10)).toHaveLength(longest.length);
    expect(restApiHostPlaceholder(1)).toMatch(/^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$/);
    expect(restApiHostPlaceholder(1)).not.toBe(restApiHostPlaceholder(10));
    expect(() => restApiHostPlaceholder(0)).toThrow(RangeError);
  });
});

describe('loadStackConfig', () => {
  it("resolves the stack's API URLs, plain or qualified by the stack name, to placeholder hosts on stage prod", async () => {
    // GIVEN a config naming API 1 plainly and API 2 through the stack
    const file = await configFile('qualified.json', {
      cells: [
        { id: 'a', origin: '${APIGATEWAY1URL}', weight: 1 },
        { id: 'b', origin: '${Edge.APIGATEWAY2URL}', weight: 1 },
      ],
    });
    // WHEN loaded for stack Edge with two APIs
    const config = await loadStackConfig(file, { stackName: 'Edge', apiCount: 2, cwd: dir });
    // THEN both resolve, and the config's own mode (the default, proxy) stands
    expect(config.cells.map((c) => c.origin)).toEqual([
      `https://${restApiHostPlaceholder(1)}/prod/`,
      `https://${restApiHostPlaceholder(2)}/prod/`,
    ]);
    expect(config.mode).toBe('proxy');
    expect(config.file).toBe(file);
  });

  it('reads the demo config at the project root', async () => {
    const config = await loadStackConfig('cellfront.config.json', { stackName: 'Cellfront', apiCount: 2, cwd: repoRoot });
    expect(config.mode).toBe('proxy');
    expect(config.cells.map((c) => new URL(c.origin).hostname)).toEqual([restApiHostPlaceholder(1), restApiHostPlaceholder(2)]);
  });

  it('applies -c mode before validating, so proxy mode checks the origins it needs', async () => {
    // GIVEN a redirect-mode config with an IP address origin, fine for a redirect
    const file = await configFile('ip.json', { mode: 'redirect', cells: [{ id: 'a', origin: 'http://192.0.2.10/', weight: 1 }] });
    expect((await loadStackConfig(file, { stackName: 'Cellfront', apiCount: 1, cwd: dir })).mode).toBe('redirect');
    // WHEN loaded with mode proxy THEN the origin is refused as CloudFront would refuse it
    const error = await refusal(file, { stackName: 'Cellfront', apiCount: 1, cwd: dir, mode: 'proxy' });
    expect(error.message).toBe(
      'ip.json#/cells/0/origin: must name its host by DNS name in proxy mode (CloudFront cannot send to an IP address), got "192.0.2.10"',
    );
  });

  it('names the API the stack does not deploy and the outputs it has', async () => {
    const error = await refusal('cellfront.config.json', { stackName: 'Cellfront', apiCount: 1, cwd: repoRoot });
    expect(error.code).toBe('config-invalid');
    expect(error.message).toBe(
      'cellfront.config.json#/cells/1/origin: the stack output "APIGATEWAY2URL" is not in the outputs of stack Cellfront (-c apis=1) (outputs: Cellfront.APIGATEWAY1URL)',
    );
  });

  it('refuses a config that breaks the schema, and a missing file, naming the file', async () => {
    const file = await configFile('negative.json', { cells: [{ id: 'a', origin: '${APIGATEWAY1URL}', weight: -1 }] });
    expect((await refusal(file, { stackName: 'Cellfront', apiCount: 1, cwd: dir })).message).toBe('negative.json#/cells/0/weight: must be >= 0');
    const missing = await refusal('nowhere.json', { stackName: 'Cellfront', apiCount: 1, cwd: dir });
    expect(missing.code).toBe('file-not-found');
    expect(missing.message).toBe('nowhere.json: no such file');
  });
});
