import type { IConstruct } from 'constructs';
import type { ResolvedConfig } from '../../src/config/index.js';
import { compileTable, storeEntries, TableError, type StoreEntries } from '../../src/router/table/index.js';
import { leftoverPlaceholder, substituteHosts } from './deploy-time-hosts.js';
import { EdgeRouterValidationError } from './errors.js';
import type { RoutingEntry } from './routing-entries.js';

/**
 * The store entries for a config, the way `cellfront compile` makes them: the routing table
 * under `cellfront:table`, then one `cellfront:pin:<key>` per override. The table is laid out
 * afresh (no previous table: at deploy there is none to keep users on).
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
  return stored.data.map(({ key, value }) => {
    const deployed = substituteHosts(value, deployTimeHosts);
    const leftover = leftoverPlaceholder(deployed);
    if (leftover !== undefined) {
      throw new EdgeRouterValidationError(
        'PlaceholderUnresolved',
        `the routing data under "${key}" names the placeholder host ${leftover}, which deployTimeHosts does not replace; add it, or resolve the config without it`,
        scope,
      );
    }
    return { key, value: deployed };
  });
}

function compiled(scope: IConstruct, config: ResolvedConfig, withPlaceholders: boolean): StoreEntries {
  try {
    return storeEntries(compileTable(config), config);
  } catch (error) {
    if (!(error instanceof TableError)) throw error;
    const code = error.code === 'table-too-large' ? 'RoutingTableTooLarge' : 'RoutingDataTooLarge';
    // Otherwise `cellfront compile` with the real outputs may report a smaller table and puzzle the reader.
    const note = withPlaceholders ? ' (hosts known only at deploy are counted at their longest possible length)' : '';
    throw new EdgeRouterValidationError(code, `config ${config.file}: ${error.message}${note}`, scope);
  }
}
