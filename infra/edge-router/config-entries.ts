import type { IConstruct } from 'constructs';
import type { ResolvedConfig } from '../../src/config/index.js';
import { compileForStore, TableError, type KvsEntry } from '../../src/router/table/index.js';
import { leftoverPlaceholder, substituteHosts } from './deploy-time-hosts.js';
import { EdgeRouterValidationError } from './errors.js';
import type { RoutingEntry } from './routing-entries.js';

/**
 * The store entries for a config, the way `cellfront compile` makes them: the routing table
 * under `cellfront:table` (with rules or pools, the pooled table: head, shards, cell keys),
 * then one `cellfront:pin:<key>` per override. Laid out afresh: what a first deploy writes
 * into an empty store. Once the store holds a table, the deploy-time writer compiles the
 * config (`deployTimeConfig`) against that live table instead, as `cellfront apply` does.
 *
 * Placeholder hosts the config was resolved with are then replaced by `deployTimeHosts`
 * (see `restApiHostPlaceholder`), so values may hold tokens. Refuses a table or a set of
 * entries over the store's limits, and a placeholder left without its host.
 *
 * @example routingEntriesFromConfig(this, config, { [restApiHostPlaceholder(1)]: restApiHost(api) })
 * // [{ key: 'cellfront:table', value: '{"v":1,...${Token[...]}...}' }, { key: 'cellfront:pin:tenant-42', value: 'api2' }]
 */
export function routingEntriesFromConfig(
  scope: IConstruct,
  config: ResolvedConfig,
  deployTimeHosts: Readonly<Record<string, string>>,
): RoutingEntry[] {
  const stored = compiled(scope, config, Object.keys(deployTimeHosts).length > 0);
  return stored.map(({ key, value }) => ({ key, value: deployed(scope, value, deployTimeHosts, `the routing data under "${key}"`) }));
}

/**
 * The config as the deploy-time writer compiles it against the live table: the resolved
 * config as JSON, placeholder hosts replaced by `deployTimeHosts` (so it may hold tokens).
 *
 * @example deployTimeConfig(this, config, { [restApiHostPlaceholder(1)]: restApiHost(api) })
 */
export function deployTimeConfig(scope: IConstruct, config: ResolvedConfig, deployTimeHosts: Readonly<Record<string, string>>): string {
  return deployed(scope, JSON.stringify(config), deployTimeHosts, `the config ${config.file}`);
}

function deployed(scope: IConstruct, text: string, hosts: Readonly<Record<string, string>>, what: string): string {
  const value = substituteHosts(text, hosts);
  const leftover = leftoverPlaceholder(value);
  if (leftover !== undefined) {
    throw new EdgeRouterValidationError(
      'PlaceholderUnresolved',
      `${what} names the placeholder host ${leftover}, which deployTimeHosts does not replace; add it, or resolve the config without it`,
      scope,
    );
  }
  return value;
}

function compiled(scope: IConstruct, config: ResolvedConfig, withPlaceholders: boolean): readonly KvsEntry[] {
  try {
    return compileForStore(config).entries;
  } catch (error) {
    if (!(error instanceof TableError)) throw error;
    const code = error.code === 'table-too-large' ? 'RoutingTableTooLarge' : 'RoutingDataTooLarge';
    // Otherwise `cellfront compile` with the real outputs may report a smaller table and puzzle the reader.
    const note = withPlaceholders ? ' (hosts known only at deploy are counted at their longest possible length)' : '';
    throw new EdgeRouterValidationError(code, `config ${config.file}: ${error.message}${note}`, scope);
  }
}
