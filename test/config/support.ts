import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { ConfigError, loadConfig, type ResolvedConfig } from '../../src/config/index.js';

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

/**
 * For one test file: temporary folders removed after each test, and `load`,
 * which writes a config and an outputs file there and loads the config,
 * giving the config or the `ConfigError`.
 */
export function useTempConfigs(): {
  files(files: Record<string, unknown>): Promise<{ dir: string }>;
  load(config: unknown, outputs?: unknown): Promise<ResolvedConfig | ConfigError>;
} {
  const folders: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of folders.splice(0)) await cleanup();
  });
  const files = async (record: Record<string, unknown>) => {
    const made = await tempFiles(record);
    folders.push(made.cleanup);
    return { dir: made.dir };
  };
  return {
    files,
    async load(config, outputs = OUTPUTS) {
      const { dir } = await files({ 'cellfront.config.json': config, 'outputs.json': outputs });
      try {
        return await loadConfig('cellfront.config.json', { cwd: dir, outputsFile: 'outputs.json' });
      } catch (error) {
        if (error instanceof ConfigError) return error;
        throw error;
      }
    },
  };
}
