import { Aws } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import {
  CellOrigin,
  EdgeRouter,
  EdgeRouterValidationError,
  KVS_ENTRIES_RESOURCE_TYPE,
  restApiHostPlaceholder,
  type EdgeRouterErrorCode,
  type EdgeRouterProps,
} from '../../infra/edge-router/index.js';
import { resolveConfig, type RawConfig, type ResolvedConfig } from '../../src/config/index.js';
import { compileForStore, compileTable, PREVIOUS_TABLE_KEY, storeEntries, TABLE_KEY } from '../../src/router/table/index.js';
import { stackWithoutBundling, tinyCode } from './stacks.js';

const CELL1 = 'https://cell1.example.com/prod/';
const CELL2 = 'https://cell2.example.com/prod/';

/** A config as `loadConfig` would return it, without a file. */
function configOf(raw: RawConfig): ResolvedConfig {
  const result = resolveConfig('test.config.json', raw, undefined);
  if ('issues' in result) throw new Error(result.issues.map((i) => i.message).join('; '));
  return result.config;
}

const proxyConfig = configOf({
  mode: 'proxy',
  cells: [
    { id: 'one', origin: CELL1, weight: 3 },
    { id: 'two', origin: CELL2, weight: 1 },
  ],
  overrides: { 'tenant-7': 'two' },
});
const redirectConfig = configOf({ mode: 'redirect', cells: [{ id: 'one', origin: CELL1, weight: 1 }] });

function synth(props: Partial<EdgeRouterProps>): Template {
  const stack = stackWithoutBundling();
  new EdgeRouter(stack, 'Router', { origins: [CellOrigin.fromUrl(CELL1), CellOrigin.fromUrl(CELL2)], functionCode: tinyCode(), ...props });
  return Template.fromStack(stack);
}

function refusal(props: Partial<EdgeRouterProps>): EdgeRouterValidationError {
  try {
    synth(props);
  } catch (error) {
    if (error instanceof EdgeRouterValidationError) return error;
    throw error;
  }
  throw new Error('the router accepted the props');
}

describe('EdgeRouter with a config', () => {
  it('writes the compiled routing table and the overrides, keeping a replaced table for rollback', () => {
    const template = synth({ config: proxyConfig });
    const expected = storeEntries(compileTable(proxyConfig), proxyConfig).data.map(({ key, value }) => ({ Key: key, Value: value }));
    expect(expected.map((e) => e.Key)).toEqual([TABLE_KEY, 'cellfront:pin:tenant-7']);
    template.hasResourceProperties(KVS_ENTRIES_RESOURCE_TYPE, {
      Entries: expected,
      KeepReplaced: [{ Key: TABLE_KEY, Into: PREVIOUS_TABLE_KEY }],
    });
  });

  it("takes the config's mode, and in proxy mode runs the function on viewer-response too", () => {
    const template = synth({ config: proxyConfig });
    template.hasResourceProperties('AWS::CloudFront::Function', { FunctionConfig: { Comment: 'cellfront edge router (proxy mode)' } });
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: {
        DefaultCacheBehavior: { FunctionAssociations: [Match.objectLike({ EventType: 'viewer-request' }), Match.objectLike({ EventType: 'viewer-response' })] },
      },
    });
  });

  it('runs the function on viewer-request only in redirect mode, or when told so', () => {
    const requestOnly = { DistributionConfig: { DefaultCacheBehavior: { FunctionAssociations: [Match.objectLike({ EventType: 'viewer-request' })] } } };
    const redirect = synth({ config: redirectConfig });
    redirect.hasResourceProperties('AWS::CloudFront::Function', { FunctionConfig: { Comment: 'cellfront edge router (redirect mode)' } });
    redirect.hasResourceProperties('AWS::CloudFront::Distribution', requestOnly);
    synth({ config: proxyConfig, viewerResponse: false }).hasResourceProperties('AWS::CloudFront::Distribution', requestOnly);
  });

  it('swaps placeholder hosts for deploy-time ones in the written table', () => {
    // GIVEN a config resolved with a placeholder host WHEN the router knows its deploy-time host
    const config = configOf({ cells: [{ id: 'one', origin: `https://${restApiHostPlaceholder(1)}/prod/`, weight: 1 }] });
    const template = synth({ config, deployTimeHosts: { [restApiHostPlaceholder(1)]: `${Aws.STACK_NAME}.example.com` } });
    // THEN the table names the host through a reference, and the placeholder is gone
    template.hasResourceProperties(KVS_ENTRIES_RESOURCE_TYPE, {
      Entries: [{ Key: TABLE_KEY, Value: { 'Fn::Join': ['', [Match.stringLikeRegexp('"d":"$'), { Ref: 'AWS::StackName' }, Match.stringLikeRegexp('^\\.example\\.com","o":"/prod"')]] } }],
    });
    expect(JSON.stringify(template.toJSON())).not.toContain(restApiHostPlaceholder(1));
  });
});

describe('EdgeRouter with rules', () => {
  const cells = [
    { id: 'one', origin: CELL1, weight: 1 },
    { id: 'two', origin: CELL2, weight: 1 },
  ];
  const geo = configOf({
    mode: 'proxy',
    cells,
    pools: { eu: { two: 1 } },
    rules: [
      { name: 'eu', match: { country: ['DE', 'FR'] }, pool: 'eu' },
      { name: 'plan', match: { header: { name: 'x-plan', equals: 'premium' } }, cell: 'one' },
    ],
  });
  const region = configOf({ mode: 'proxy', cells, rules: [{ name: 'wa', match: { allOf: [{ countryRegion: ['US-WA'] }, { pathPrefix: '/v2/' }] }, cell: 'two' }] });
  const noGeo = configOf({ mode: 'proxy', cells, rules: [{ name: 'v2', match: { pathPrefix: '/v2/' }, cell: 'two' }] });
  // CloudFront's managed AllViewerExceptHostHeader origin request policy.
  const ALL_VIEWER_EXCEPT_HOST = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

  it('forwards CloudFront-Viewer-Country in the distribution\'s origin request policy when rules read the country', () => {
    const template = synth({ config: geo });
    template.hasResourceProperties('AWS::CloudFront::OriginRequestPolicy', {
      OriginRequestPolicyConfig: {
        HeadersConfig: { HeaderBehavior: 'allViewerAndWhitelistCloudFront', Headers: ['CloudFront-Viewer-Country'] },
        CookiesConfig: { CookieBehavior: 'all' },
        QueryStringsConfig: { QueryStringBehavior: 'all' },
      },
    });
    const [policyId] = Object.keys(template.findResources('AWS::CloudFront::OriginRequestPolicy'));
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: { DefaultCacheBehavior: { OriginRequestPolicyId: { Ref: policyId } } },
    });
  });

  it('forwards the region with its country for country-region rules, and keeps the managed policy when no rule reads the location', () => {
    synth({ config: region }).hasResourceProperties('AWS::CloudFront::OriginRequestPolicy', {
      OriginRequestPolicyConfig: { HeadersConfig: { HeaderBehavior: 'allViewerAndWhitelistCloudFront', Headers: ['CloudFront-Viewer-Country', 'CloudFront-Viewer-Country-Region'] } },
    });
    for (const config of [noGeo, proxyConfig]) {
      const template = synth({ config });
      template.resourceCountIs('AWS::CloudFront::OriginRequestPolicy', 0);
      template.hasResourceProperties('AWS::CloudFront::Distribution', { DistributionConfig: { DefaultCacheBehavior: { OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST } } });
    }
  });

  it('writes the pooled table into an empty store, and gives the writer the config to compile against a live table', () => {
    const template = synth({ config: geo });
    const fresh = compileForStore(geo).entries.map(({ key, value }) => ({ Key: key, Value: value }));
    expect(fresh[0]?.Key).toBe(TABLE_KEY);
    expect(fresh.some((e) => e.Key.startsWith('cellfront:s:'))).toBe(true);
    template.hasResourceProperties(KVS_ENTRIES_RESOURCE_TYPE, { Entries: fresh, Config: JSON.stringify(geo) });
  });
});

describe('EdgeRouter refuses a config that cannot work', () => {
  const manyCells = configOf({
    cells: Array.from({ length: 12 }, (_, i) => ({ id: `cell-${i}`, origin: `https://${restApiHostPlaceholder(i + 1)}/prod/`, weight: 1 })),
  });
  const cases: [string, Partial<EdgeRouterProps>, EdgeRouterErrorCode, RegExp][] = [
    ['entries and a config', { config: proxyConfig, entries: [{ key: 'k', value: 'v' }] }, 'EntriesAndConfig', /entries and config are both set/],
    ['a mode other than the config\'s', { config: proxyConfig, mode: 'redirect' }, 'ModeConflict', /mode is 'redirect' but the config's mode is 'proxy'/],
    [
      'a table over one KVS value',
      { config: manyCells, deployTimeHosts: { x: 'y' } },
      'RoutingTableTooLarge',
      /config test\.config\.json: the routing table takes \d+ bytes, over the 1024-byte limit .*counted at their longest possible length\)$/,
    ],
    [
      'a placeholder host nothing replaces',
      { config: configOf({ cells: [{ id: 'one', origin: `https://${restApiHostPlaceholder(3)}/prod/`, weight: 1 }] }) },
      'PlaceholderUnresolved',
      /the routing data under "cellfront:table" names the placeholder host cell000003\.execute-api\./,
    ],
  ];

  it.each(cases)('%s', (_name, props, code, message) => {
    const error = refusal(props);
    expect(error.code).toBe(code);
    expect(error.constructPath).toBe('Test/Router');
    expect(error.message).toMatch(message);
  });
});
