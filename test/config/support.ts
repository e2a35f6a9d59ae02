import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A temporary directory holding the given files; `cleanup` removes it. */
export async function tempFiles(files: Record<string, unknown>): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'cellfront-config-'));
  for (const [name, content] of Object.entries(files)) {
    await writeFile(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2), 'utf8');
  }
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** The config from the issue, with `${...}` origins. */
export const ISSUE_CONFIG = {
  $schema: './cellfront.schema.json',
  mode: 'proxy',
  cells: [
    { id: 'api1', origin: '${APIGATEWAY1URL}', weight: 50 },
    { id: 'api2', origin: '${APIGATEWAY2URL}', weight: 50 },
  ],
  partition: {
    from: [{ header: 'x-tenant-id' }, { cookie: 'session' }],
    sticky: { cookie: 'cellfront-visitor', maxAgeSeconds: 86400 },
  },
  overrides: { 'tenant-42': 'api2' },
  force: { header: 'x-cellfront-cell' },
  fallback: 'api1',
};

/** Stack outputs as `cdk deploy --outputs-file` writes them. */
export const OUTPUTS = {
  CellfrontStack: {
    APIGATEWAY1URL: 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod/',
    APIGATEWAY2URL: 'https://def456.execute-api.eu-west-1.amazonaws.com/prod/',
  },
};
