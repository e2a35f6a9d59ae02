import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/index.js';
import { ISSUE_CONFIG, useTempConfigs } from './support.js';

const configs = useTempConfigs();
const load = configs.load;

async function messages(changes: Record<string, unknown>): Promise<string> {
  const result = await load({ ...ISSUE_CONFIG, ...changes });
  if (!(result instanceof ConfigError)) throw new Error('expected a ConfigError');
  return result.message;
}

describe('rules and pools in the config', () => {
  it('resolves rules into conditions (all of them flattened) and targets', async () => {
    const config = await load({
      ...ISSUE_CONFIG,
      pools: { eu: { api1: 3, api2: 1 } },
      rules: [
        { name: 'eu', match: { country: ['DE', 'FR'] }, pool: 'eu' },
        { match: { allOf: [{ header: { name: 'X-Plan', oneOf: ['gold', 'premium'] } }, { pathPrefix: '/v2/' }, { method: ['POST'] }] }, cell: 'api2' },
        { match: { cookie: { name: 'beta', prefix: 'on' } }, pool: 'eu' },
        { match: { countryRegion: ['US-WA'] }, cell: 'api1' },
        { match: { query: { name: 'canary', equals: '1' } }, cell: 'api1' },
      ],
    });
    if (config instanceof ConfigError) throw config;
    expect(config.pools).toEqual([{ id: 'eu', members: [{ cell: 'api1', weight: 3 }, { cell: 'api2', weight: 1 }] }]);
    expect(config.rules?.map((r) => r.name)).toEqual(['eu', 'rule-1', 'rule-2', 'rule-3', 'rule-4']);
    expect(config.rules?.[1]).toEqual({
      name: 'rule-1',
      pointer: '/rules/1',
      conditions: [
        { fact: { kind: 'header', name: 'x-plan' }, test: 'equals', values: ['gold', 'premium'] },
        { fact: { kind: 'path' }, test: 'prefix', values: ['/v2/'] },
        { fact: { kind: 'method' }, test: 'equals', values: ['POST'] },
      ],
      target: { cell: 'api2' },
    });
    expect(config.rules?.[2]?.conditions).toEqual([{ fact: { kind: 'cookie', name: 'beta' }, test: 'prefix', values: ['on'] }]);
  });

  it('names the JSON pointer of what breaks the schema', async () => {
    expect(
      await messages({
        rules: [
          { match: { country: ['de'] }, pool: 'eu' },
          { match: { header: { name: 'x-a', equals: 'x', prefix: 'y' } }, pool: 'eu' },
          { match: { country: ['DE'], pathPrefix: '/' }, pool: 'eu' },
          { match: { pathPrefix: 'v2' }, pool: 'eu' },
          { match: { cookie: { name: 'tier', oneOf: ['gold', 'a\nb'] } }, pool: 'eu' },
        ],
      }),
    ).toMatchInlineSnapshot(`
      "cellfront.config.json#/rules/0/match/country/0: must be two upper-case letters, got "de"
      cellfront.config.json#/rules/1/match/header: must have exactly one of equals, oneOf, prefix
      cellfront.config.json#/rules/2/match: must have exactly one of country, countryRegion, header, cookie, query, pathPrefix, method, allOf
      cellfront.config.json#/rules/3/match/pathPrefix: must be a path prefix starting with '/', e.g. /v2/, got "v2"
      cellfront.config.json#/rules/4/match/cookie/oneOf/1: must be text without control characters (a request value never holds one), got "a\\nb""
    `);
  });

  it('names the rule and the JSON pointer of every problem of meaning', async () => {
    expect(
      await messages({
        pools: { eu: { api1: 1, api9: 1 }, default: { api1: 1 }, zero: { api2: 0 } },
        rules: [
          { name: 'eu', match: { country: ['DE'] }, pool: 'asia' },
          { name: 'eu', match: { header: { name: 'x-amz-cf-id', equals: 'x' } }, cell: 'api3' },
          { name: 'both', match: { allOf: [{ pathPrefix: '/a' }, { pathPrefix: '/b' }] }, pool: 'eu', cell: 'api1' },
          { name: 'none', match: { method: ['GET'] } },
        ],
      }),
    ).toMatchInlineSnapshot(`
      "cellfront.config.json#/pools/eu/api9: no cell "api9"; cells: api1, api2
      cellfront.config.json#/pools/default: "default" names the default split (the cells' own weights); pick another pool id
      cellfront.config.json#/pools/zero: no enabled cell of this pool has a positive weight; it could take no request
      cellfront.config.json#/rules/0/pool: rule "eu": no pool "asia"; pools: eu, default, zero
      cellfront.config.json#/rules/1/name: rule "eu" is also rule 0; names must be unique
      cellfront.config.json#/rules/1/cell: rule "eu": no cell "api3"; cells: api1, api2
      cellfront.config.json#/rules/1/match/header/name: rule "eu": CloudFront Functions never see the "x-amz-cf-id" header, so this test could never hold
      cellfront.config.json#/rules/2: rule "both" has both "pool" and "cell"; give one target
      cellfront.config.json#/rules/2/match: rule "both" tests path for two prefixes; all of them cannot hold, use one prefix
      cellfront.config.json#/rules/3: rule "none" has no target; give "pool" or "cell""
    `);
  });
});
