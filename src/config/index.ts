/**
 * The config file, `cellfront.config.json`: validated at the boundary against
 * the published schema (`cellfront.schema.json`) and for meaning, with stack
 * outputs resolved. Everything past `loadConfig` trusts the result.
 */
export { loadConfig, type LoadConfigOptions } from './load.js';
export { ConfigError, formatIssue, type ConfigErrorCode, type ConfigIssue } from './errors.js';
export { readOutputsFile, resolveReferences, type OutputsFile, type StackOutputs } from './outputs.js';
export { configSchema, schemaIssues } from './schema.js';
export { resolveConfig } from './resolve.js';
export { CONFIG_DEFAULTS, type RawCell, type RawConfig, type RawMatch, type RawRule, type RawSource, type RawValueTest } from './raw.js';
export { factLabel } from './rules.js';
export type { Override, PartitionSource, ResolvedCell, ResolvedConfig, ResolvedPool, ResolvedRule, RuleCondition, RuleFact } from './types.js';
