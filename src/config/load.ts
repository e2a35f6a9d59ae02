import { ConfigError } from './errors.js';
import { readJsonFile } from './json-file.js';
import { readOutputsFile } from './outputs.js';
import type { RawConfig } from './raw.js';
import { resolveConfig } from './resolve.js';
import { schemaIssues } from './schema.js';
import type { ResolvedConfig } from './types.js';

/** Options of `loadConfig`. */
export interface LoadConfigOptions {
  /**
   * Stack outputs file (`cdk deploy --outputs-file` format) resolving `${Name}` in origins.
   * @default - none: origins must not reference outputs
   */
  readonly outputsFile?: string;
  /**
   * Directory relative paths are read from. Messages name files as given.
   * @default process.cwd()
   */
  readonly cwd?: string;
}

/**
 * Reads, validates and resolves a `cellfront.config.json`: the schema first
 * (ajv), then the meaning (unique ids, existing targets, resolvable absolute
 * origins, weights that split something). Throws `ConfigError` listing every
 * problem as `file#/json/pointer: message`.
 *
 * @example const config = await loadConfig('cellfront.config.json', { outputsFile: 'cdk-outputs.json' });
 */
export async function loadConfig(path: string, options: LoadConfigOptions = {}): Promise<ResolvedConfig> {
  const cwd = options.cwd ?? process.cwd();
  const document = await readJsonFile(path, cwd);
  const issues = schemaIssues(path, document);
  if (issues.length > 0) throw new ConfigError('config-invalid', issues);
  const outputs = options.outputsFile === undefined ? undefined : await readOutputsFile(options.outputsFile, cwd);
  const result = resolveConfig(path, document as RawConfig, outputs);
  if ('issues' in result) throw new ConfigError('config-invalid', result.issues);
  return result.config;
}
