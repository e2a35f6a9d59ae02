import { ConfigError, resolveConfig, schemaIssues, type RawConfig } from '../config/index.js';
import { readJsonFile } from '../config/json-file.js';
import { compileForStore, embeddableTable, type KvsEntry, type PoolHead, type RoutingTable } from '../router/table/index.js';

/** A config compiled against the local system's own outputs. */
export interface DevRouting {
  /** The table (a pooled table's head), to embed in the function as the last known good one. */
  readonly table: RoutingTable | PoolHead;
  /** The table and override keys, to write into the store. */
  readonly entries: readonly KvsEntry[];
}

/**
 * Reads, validates and compiles a `cellfront.config.json` the way `cellfront
 * compile --outputs-file` would, with `${APIGATEWAY1URL}`, ... resolved from the
 * local system's outputs (under the stack name `stack`) rather than a file.
 *
 * @throws ConfigError listing every problem as `file#/pointer: message`; TableError when the table does not fit.
 * @example const routing = await compileDevConfig('cellfront.config.json', process.cwd(), 'CellfrontDev', outputs);
 */
export async function compileDevConfig(
  file: string,
  cwd: string,
  stack: string,
  outputs: Readonly<Record<string, string>>,
): Promise<DevRouting> {
  const document = await readJsonFile(file, cwd);
  const issues = schemaIssues(file, document);
  if (issues.length > 0) throw new ConfigError('config-invalid', issues);
  const resolved = resolveConfig(file, document as RawConfig, { file: `the outputs of cellfront dev`, outputs: { [stack]: outputs } });
  if ('issues' in resolved) throw new ConfigError('config-invalid', resolved.issues);
  const compiled = compileForStore(resolved.config);
  return { table: embeddableTable(compiled), entries: compiled.entries };
}
