import { SecretValue } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CellOrigin,
  EdgeRouter,
  EdgeRouterValidationError,
  KVS_ENTRIES_RESOURCE_TYPE,
  type EdgeRouterErrorCode,
  type EdgeRouterProps,
} from '../../infra/edge-router/index.js';
import { FUNCTION_CODE_MAX_BYTES, KVS_KEY_MAX_BYTES, KVS_VALUE_MAX_BYTES } from '../../src/limits.js';
import { ALL_VIEWER_EXCEPT_HOST_HEADER_ID, CACHING_DISABLED_ID, stackWithoutBundling, TINY_FUNCTION, tinyCode } from './stacks.js';

const CELL1 = 'https://cell1.example.com/prod/';
const CELL2 = 'https://cell2.example.com/prod/';

function synth(props: Partial<EdgeRouterProps> = {}): Template {
  const stack = stackWithoutBundling();
  new EdgeRouter(stack, 'Router', {
    origins: [CellOrigin.fromUrl(CELL1), CellOrigin.fromUrl(CELL2)],
    functionCode: tinyCode(),
    ...props,
  });
  return Template.fromStack(stack);
}

function refusal(props: Partial<EdgeRouterProps>): EdgeRouterValidationError {
  const stack = stackWithoutBundling();
  try {
    new EdgeRouter(stack, 'Router', { origins: [CellOrigin.fromUrl(CELL1)], functionCode: tinyCode(), ...props });
  } catch (error) {
    if (error instanceof EdgeRouterValidationError) return error;
    throw error;
  }
  throw new Error('the router accepted the props');
}

describe('EdgeRouter with default options', () => {
  let template: Template;
  beforeAll(() => {
    template = synth();
  });

  it('creates one KeyValueStore, named per region, and a runtime 2.0 function associated with it', () => {
    template.resourceCountIs('AWS::CloudFront::KeyValueStore', 1);
    template.hasResourceProperties('AWS::CloudFront::KeyValueStore', {
      Name: { 'Fn::Join': ['', [{ Ref: 'AWS::Region' }, Match.stringLikeRegexp('^TestRouterStore[0-9A-F]{8}$')]] },
    });
    template.hasResourceProperties('AWS::CloudFront::Function', {
      AutoPublish: true,
      FunctionCode: TINY_FUNCTION,
      FunctionConfig: {
        Runtime: 'cloudfront-js-2.0',
        KeyValueStoreAssociations: [{ KeyValueStoreARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('^RouterStore'), 'Arn'] } }],
      },
    });
  });

  it('runs the function on viewer-request only, on an uncached, all-methods default behavior', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: {
        DefaultCacheBehavior: {
          FunctionAssociations: [{ EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('^RouterFunction'), 'FunctionARN'] } }],
          CachePolicyId: CACHING_DISABLED_ID,
          OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER_ID,
          AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
          ViewerProtocolPolicy: 'redirect-to-https',
        },
      },
    });
  });

  it('makes the first cell the default origin, with its path and no custom headers', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: {
        Origins: [
          {
            DomainName: 'cell1.example.com',
            OriginPath: '/prod',
            CustomOriginConfig: { OriginProtocolPolicy: 'https-only' },
            OriginCustomHeaders: Match.absent(),
          },
        ],
      },
    });
  });

  it('writes the seed layout of the cells into the store through the custom resource', () => {
    template.hasResourceProperties(KVS_ENTRIES_RESOURCE_TYPE, {
      KvsArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^RouterStore'), 'Arn'] },
      Entries: [
        { Key: 'APIGW1URL', Value: CELL1 },
        { Key: 'APIGW2URL', Value: CELL2 },
      ],
    });
  });

  it('creates the function only after the entries are written', () => {
    const functions = template.findResources('AWS::CloudFront::Function');
    const entries = Object.keys(template.findResources(KVS_ENTRIES_RESOURCE_TYPE));
    expect(Object.values(functions)[0]?.DependsOn).toEqual(entries);
  });

  it('lets the writer use only the KVS data-plane actions it needs, on this store only', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Effect: 'Allow',
            Action: [
              'cloudfront-keyvaluestore:DescribeKeyValueStore',
              'cloudfront-keyvaluestore:ListKeys',
              'cloudfront-keyvaluestore:UpdateKeys',
            ],
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^RouterStore'), 'Arn'] },
          },
        ]),
      },
    });
  });

  it('bundles the writer for Node.js 24 and deploys no S3 bucket', () => {
    template.hasResourceProperties('AWS::Lambda::Function', { Runtime: 'nodejs24.x', Handler: 'index.handler' });
    template.resourceCountIs('AWS::S3::Bucket', 0);
  });
});

describe('EdgeRouter options', () => {
  it('also runs the function on viewer-response when asked', () => {
    synth({ viewerResponse: true }).hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: {
        DefaultCacheBehavior: {
          FunctionAssociations: [
            Match.objectLike({ EventType: 'viewer-request' }),
            Match.objectLike({ EventType: 'viewer-response' }),
          ],
        },
      },
    });
  });

  it('writes the given entries instead of the seed layout', () => {
    const entries = [{ key: 'table', value: '{"v":1}' }];
    synth({ entries }).hasResourceProperties(KVS_ENTRIES_RESOURCE_TYPE, { Entries: [{ Key: 'table', Value: '{"v":1}' }] });
  });

  it('sends the origin secret as a header to the default origin in proxy mode', () => {
    const template = synth({ mode: 'proxy', originSecret: { value: SecretValue.unsafePlainText('s3cr3t-value-of-twenty') } });
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: { Origins: [Match.objectLike({ OriginCustomHeaders: [{ HeaderName: 'x-api-key', HeaderValue: 's3cr3t-value-of-twenty' }] })] },
    });
    template.hasResourceProperties('AWS::CloudFront::Function', { FunctionConfig: { Comment: 'cellfront edge router (proxy mode)' } });
  });

  it('takes a prebuilt origin with its URL for the seed layout', () => {
    const template = synth({ origins: [CellOrigin.fromOrigin(new origins.HttpOrigin('own.example.com'), 'https://own.example.com/')] });
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: { Origins: [Match.objectLike({ DomainName: 'own.example.com' })] },
    });
    template.hasResourceProperties(KVS_ENTRIES_RESOURCE_TYPE, { Entries: [{ Key: 'APIGW1URL', Value: 'https://own.example.com/' }] });
  });

  it('shares one writer function between two routers in a stack', () => {
    const stack = stackWithoutBundling();
    new EdgeRouter(stack, 'A', { origins: [CellOrigin.fromUrl(CELL1)], functionCode: tinyCode() });
    new EdgeRouter(stack, 'B', { origins: [CellOrigin.fromUrl(CELL2)], functionCode: tinyCode() });
    const template = Template.fromStack(stack);
    template.resourceCountIs(KVS_ENTRIES_RESOURCE_TYPE, 2);
    template.resourceCountIs('AWS::Lambda::Function', 2); // the writer and the provider framework's, once
  });
});

describe('EdgeRouter refuses props that cannot work', () => {
  const cases: [string, Partial<EdgeRouterProps>, EdgeRouterErrorCode, RegExp][] = [
    ['no origins', { origins: [] }, 'NoOrigins', /origins is empty/],
    [
      'a function over 10,240 bytes',
      { functionCode: tinyCode(TINY_FUNCTION + ' '.repeat(FUNCTION_CODE_MAX_BYTES - TINY_FUNCTION.length + 1)) },
      'FunctionCodeTooLarge',
      /is 10241 bytes; a CloudFront Function is at most 10240 bytes/,
    ],
    ['an empty key', { entries: [{ key: '', value: 'v' }] }, 'EntryKeyInvalid', /entries\[0\] has a key of 0 bytes/],
    [
      'a key over 512 UTF-8 bytes',
      { entries: [{ key: 'é'.repeat(KVS_KEY_MAX_BYTES / 2 + 1), value: 'v' }] },
      'EntryKeyInvalid',
      /key of 514 bytes; keys are 1 to 512 UTF-8 bytes/,
    ],
    [
      'a value over 1,024 bytes',
      { entries: [{ key: 'k', value: 'x'.repeat(KVS_VALUE_MAX_BYTES + 1) }] },
      'EntryValueTooLarge',
      /\(key "k"\) has a value of 1025 bytes/,
    ],
    [
      'a key given twice',
      { entries: [{ key: 'k', value: '1' }, { key: 'k', value: '2' }] },
      'DuplicateEntryKey',
      /entries\[1\] repeats the key "k"/,
    ],
    [
      'an origin secret in redirect mode',
      { originSecret: { value: SecretValue.unsafePlainText('x'.repeat(20)) } },
      'OriginSecretNeedsProxy',
      /originSecret needs mode 'proxy'/,
    ],
    [
      'an origin secret with a prebuilt origin',
      { mode: 'proxy', origins: [CellOrigin.fromOrigin(new origins.HttpOrigin('own.example.com'), CELL1)], originSecret: { value: SecretValue.unsafePlainText('x'.repeat(20)) } },
      'OriginSecretNeedsUrlOrigins',
      /origins\[0\] was built with CellOrigin.fromOrigin/,
    ],
    [
      'the seed layout of an origin without a URL',
      { origins: [CellOrigin.fromOrigin(new origins.HttpOrigin('own.example.com'))] },
      'OriginUrlUnknown',
      /origins\[0\] has no URL/,
    ],
  ];

  it.each(cases)('%s', (_name, props, code, message) => {
    const error = refusal(props);
    expect(error.code).toBe(code);
    expect(error.constructPath).toBe('Test/Router');
    expect(error.message).toMatch(message);
  });

  it('accepts a key of exactly 512 bytes and a value of exactly 1,024 bytes', () => {
    const entries = [{ key: 'é'.repeat(KVS_KEY_MAX_BYTES / 2), value: 'x'.repeat(KVS_VALUE_MAX_BYTES) }];
    expect(() => synth({ entries })).not.toThrow();
  });
});
