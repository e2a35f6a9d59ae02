import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Io } from '../../src/cli/command.js';
import { main } from '../../src/cli/main.js';
import { loadConfig } from '../../src/config/index.js';
import { buildEdgeFunction } from '../../src/function/index.js';
import { compileForStore } from '../../src/router/table/index.js';

// Events for `test-function` carry the viewer's location as CloudFront gives
// it to a function: the `cloudfront-viewer-country` and
// `cloudfront-viewer-country-region` headers. A pooled table's rules read them.
let cwd: string;

const CONFIG = {
  mode: 'redirect',
  cells: [1, 2, 3, 4].map((n) => ({ id: `c${n}`, origin: `https://c${n}.example.com`, weight: n === 4 ? 1 : 0 })),
  partition: { from: [{ header: 'x-tenant-id' }] },
  pools: { eu: { c1: 1, c2: 1 } },
  rules: [
    { name: 'eu', match: { country: ['DE', 'FR'] }, pool: 'eu' },
    { name: 'wa', match: { countryRegion: ['US-WA'] }, cell: 'c3' },
  ],
};

function event(headers: Record<string, string>) {
  return {
    version: '1.0',
    context: { eventType: 'viewer-request' },
    viewer: { ip: '198.51.100.7' },
    request: { method: 'GET', uri: '/orders', querystring: {}, headers: Object.fromEntries(Object.entries({ 'x-tenant-id': 't-1', ...headers }).map(([k, v]) => [k, { value: v }])), cookies: {} },
  };
}

beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'cellfront-test-function-rules-'));
  await writeFile(join(cwd, 'cellfront.config.json'), JSON.stringify(CONFIG));
  const compiled = compileForStore(await loadConfig(join(cwd, 'cellfront.config.json')));
  await writeFile(join(cwd, 'kvs.json'), JSON.stringify({ data: compiled.entries }));
  await writeFile(join(cwd, 'fn.js'), (await buildEdgeFunction({ format: 2 })).code);
  await writeFile(join(cwd, 'de.json'), JSON.stringify(event({ 'cloudfront-viewer-country': 'DE' })));
  await writeFile(join(cwd, 'wa.json'), JSON.stringify(event({ 'cloudfront-viewer-country': 'US', 'cloudfront-viewer-country-region': 'WA' })));
  await writeFile(join(cwd, 'us.json'), JSON.stringify(event({ 'cloudfront-viewer-country': 'US', 'cloudfront-viewer-country-region': 'OR' })));
}, 60_000);
afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

async function cellFor(eventFile: string): Promise<string> {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {}, cwd };
  const code = await main(['test-function', 'fn.js', '--event-object', eventFile, '--kvs-data', 'kvs.json'], io);
  expect(code, stderr).toBe(0);
  const output = JSON.parse((JSON.parse(stdout) as { TestResult: { FunctionOutput: string } }).TestResult.FunctionOutput) as { response: { statusCode: number; headers: Record<string, { value: string }> } };
  expect(output.response.statusCode).toBe(307);
  return output.response.headers['x-cellfront-cell']?.value ?? '';
}

describe('test-function with the viewer location in the event', () => {
  it('routes by the rules that read cloudfront-viewer-country and -country-region', async () => {
    expect(['c1', 'c2']).toContain(await cellFor('de.json'));
    expect(await cellFor('wa.json')).toBe('c3');
    expect(await cellFor('us.json')).toBe('c4');
  });
});
