import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EdgeRouterValidationError, KVS_ENTRIES_RESOURCE_TYPE } from '../../infra/edge-router/index.js';
import { CellfrontStack } from '../../infra/stack/cellfront-stack.js';
import { loadStackConfig, type StackConfigOptions } from '../../infra/stack/stack-config.js';
import { loadConfig, type ResolvedConfig } from '../../src/config/index.js';
import { compileTable, decodeTable, PREVIOUS_TABLE_KEY, storeEntries, TABLE_KEY, type RoutingTable } from '../../src/router/table/index.js';
import { repoRoot } from '../support/dev-process.js';
import { resolveIntrinsics, resolveString } from './cfn.js';
import { tinyCode } from './stacks.js';

/** What CloudFormation would fill in at deploy: made-up API ids in eu-west-1. */
const REGION = 'eu-west-1';
const fakeApiId = (n: number) => `fakeapi${String(n).padStart(3, '0')}`;
const apiHost = (n: number) => `${fakeApiId(n)}.execute-api.${REGION}.amazonaws.com`;
const apiRef = (n: number) => ({ Ref: Match.stringLikeRegexp(`^Api${n}Api[0-9A-F]{8}$`) });

async function synth(options: Partial<StackConfigOptions> & { file?: string; cwd?: string } = {}) {
  const { file = 'cellfront.config.json', cwd = repoRoot, ...rest } = options;
  const config = await loadStackConfig(file, { stackName: 'Cellfront', apiCount: 2, cwd, ...rest });
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new CellfrontStack(app, 'Cellfront', { functionCode: tinyCode(), config });
  return { config, stack, template: Template.fromStack(stack) };
}

/** Values for every `Ref` the routing data and the outputs use. */
function deployTimeRefs(template: Template): Record<string, string> {
  const refs: Record<string, string> = { 'AWS::Region': REGION, 'AWS::URLSuffix': 'amazonaws.com' };
  for (const [logicalId, api] of Object.entries(template.findResources('AWS::ApiGateway::RestApi'))) {
    const n = Number(/cellfront-hello-(\d+)$/.exec((api.Properties as { Name: string }).Name)?.[1]);
    refs[logicalId] = fakeApiId(n);
  }
  for (const [logicalId, stage] of Object.entries(template.findResources('AWS::ApiGateway::Stage'))) {
    refs[logicalId] = (stage.Properties as { StageName: string }).StageName;
  }
  return refs;
}

/** The custom resource's entries as the writer would receive them. */
function deployedEntries(template: Template): { Key: string; Value: string }[] {
  const [resource] = Object.values(template.findResources(KVS_ENTRIES_RESOURCE_TYPE));
  return resolveIntrinsics((resource?.Properties as { Entries: unknown }).Entries, deployTimeRefs(template)) as { Key: string; Value: string }[];
}

function deployedTable(template: Template): RoutingTable {
  const decoded = decodeTable(deployedEntries(template).find((e) => e.Key === TABLE_KEY)?.Value);
  if (!decoded.ok) throw new Error(`the deployed table does not decode: ${decoded.reason}`);
  return decoded.table;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cellfront-stack-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('CellfrontStack with the demo config (proxy mode)', () => {
  let template: Template;
  let stack: CellfrontStack;
  let config: ResolvedConfig;
  beforeAll(async () => {
    ({ template, stack, config } = await synth());
  });

  it("writes the routing table, built from the APIs' deploy-time hosts, and the override through the custom resource", () => {
    const host = (n: number) => [apiRef(n), '.execute-api.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }];
    template.hasResourceProperties(KVS_ENTRIES_RESOURCE_TYPE, {
      Entries: [
        { Key: TABLE_KEY, Value: { 'Fn::Join': ['', [Match.stringLikeRegexp('^\\{"v":1,"m":"p"'), ...host(1), Match.anyValue(), ...host(2), Match.anyValue()]] } },
        { Key: 'cellfront:pin:tenant-42', Value: 'api2' },
      ],
      KeepReplaced: [{ Key: TABLE_KEY, Into: PREVIOUS_TABLE_KEY }],
    });
    expect(JSON.stringify(template.toJSON())).not.toContain('placeholder');
  });

  it("resolves at deploy to a table whose cells are the APIs' stages, within one KVS value", () => {
    const table = deployedTable(template);
    expect(table.m).toBe('p');
    expect(table.c).toEqual([
      { i: 'api1', d: apiHost(1), o: '/prod' },
      { i: 'api2', d: apiHost(2), o: '/prod' },
    ]);
    expect(table.r).toEqual([0, 5000, 1, 5000]);
  });

  it('resolves to exactly what `cellfront plan` compiles from the deployed outputs file, so a first plan changes nothing', async () => {
    // GIVEN the outputs file `cdk deploy --outputs-file` would write with the same ids
    const refs = deployTimeRefs(template);
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    const values = Object.fromEntries(
      Object.entries(outputs)
        .filter(([name]) => /^APIGATEWAY\d+URL$/.test(name))
        .map(([name, output]) => [name, resolveString(output.Value, refs)]),
    );
    const outputsFile = join(dir, 'cdk-outputs.json');
    await writeFile(outputsFile, JSON.stringify({ Cellfront: values }), 'utf8');
    expect(values.APIGATEWAY1URL).toBe(`https://${apiHost(1)}/prod/`);
    // WHEN the control plane loads the same config with it and compiles
    const live = await loadConfig('cellfront.config.json', { outputsFile, cwd: repoRoot });
    const expected = storeEntries(compileTable(live), live).data.map(({ key, value }) => ({ Key: key, Value: value }));
    // THEN the deployed entries are the same, byte for byte
    expect(deployedEntries(template)).toEqual(expected);
    expect(config.overrides).toEqual(live.overrides);
  });

  it('runs the function on viewer-request and viewer-response (visitor cookie, cell header)', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: {
        DefaultCacheBehavior: { FunctionAssociations: [Match.objectLike({ EventType: 'viewer-request' }), Match.objectLike({ EventType: 'viewer-response' })] },
      },
    });
    template.hasResourceProperties('AWS::CloudFront::Function', { FunctionConfig: { Comment: 'cellfront edge router (proxy mode)' } });
  });

  it('makes API 1 the default origin and lets only the edge in: an API key on every API, sent as an origin header', () => {
    template.resourcePropertiesCountIs('AWS::ApiGateway::Method', { HttpMethod: 'GET', ApiKeyRequired: true }, 2);
    template.resourceCountIs('AWS::ApiGateway::UsagePlanKey', 1);
    const [distribution] = Object.values(template.findResources('AWS::CloudFront::Distribution'));
    const [origin] = (distribution?.Properties as { DistributionConfig: { Origins: Record<string, unknown>[] } }).DistributionConfig.Origins;
    const refs = deployTimeRefs(template);
    expect([resolveString(origin?.DomainName, refs), resolveString(origin?.OriginPath, refs)]).toEqual([apiHost(1), '/prod']);
    expect(origin).toMatchObject({ OriginCustomHeaders: [{ HeaderName: 'x-api-key' }] });
  });

  it("keeps the seed's outputs and warns about nothing", () => {
    expect(Object.keys(template.toJSON().Outputs as object)).toEqual(['CLOUDFRONTDOMAINNAME', 'APIGATEWAY1URL', 'APIGATEWAY2URL', 'KVSTOREARN']);
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });
});

describe('CellfrontStack with the demo config in redirect mode (-c mode=redirect)', () => {
  let template: Template;
  beforeAll(async () => {
    ({ template } = await synth({ mode: 'redirect' }));
  });

  it("redirects to the APIs' stage URLs with the config's status", () => {
    const table = deployedTable(template);
    expect(table).toMatchObject({ m: 'r', rs: 307 });
    expect(table.c).toEqual([
      { i: 'api1', u: `https://${apiHost(1)}/prod` },
      { i: 'api2', u: `https://${apiHost(2)}/prod` },
    ]);
  });

  it('leaves the APIs public and runs the function on viewer-request only', () => {
    template.resourcePropertiesCountIs('AWS::ApiGateway::Method', { HttpMethod: 'GET', ApiKeyRequired: false }, 2);
    template.resourceCountIs('AWS::ApiGateway::ApiKey', 0);
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: { DefaultCacheBehavior: { FunctionAssociations: [Match.objectLike({ EventType: 'viewer-request' })] } },
    });
  });
});

describe('CellfrontStack refuses or flags configs that would not work as meant', () => {
  it('warns when a proxy-mode cell is not one of its APIs: it would receive the API key too', async () => {
    const file = 'foreign.json';
    await writeFile(
      join(dir, file),
      JSON.stringify({ cells: [{ id: 'api1', origin: '${APIGATEWAY1URL}', weight: 1 }, { id: 'ext', origin: 'https://cell.example.com/', weight: 1 }] }),
      'utf8',
    );
    const { stack } = await synth({ file, cwd: dir });
    Annotations.fromStack(stack).hasWarning(
      '/Cellfront/Router',
      Match.stringLikeRegexp('cell "ext" \\(cell\\.example\\.com\\) is not one of this stack\'s APIs; in proxy mode CloudFront sends it the x-api-key header'),
    );
  });

  it('refuses a mode that disagrees with the config', async () => {
    const config = await loadStackConfig('cellfront.config.json', { stackName: 'Cellfront', apiCount: 2, cwd: repoRoot });
    const build = () => {
      const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
      return new CellfrontStack(app, 'Cellfront', { functionCode: tinyCode(), config, mode: 'redirect' });
    };
    expect(build).toThrow(EdgeRouterValidationError);
    expect(build).toThrow("Cellfront/Router: mode is 'redirect' but the config's mode is 'proxy'");
  });
});
