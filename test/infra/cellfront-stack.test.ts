import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { EdgeRouterValidationError, KVS_ENTRIES_RESOURCE_TYPE } from '../../infra/edge-router/index.js';
import { CellfrontStack, type CellfrontStackProps } from '../../infra/stack/cellfront-stack.js';
import { tinyCode } from './stacks.js';

function synth(props: CellfrontStackProps = {}): Template {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  return Template.fromStack(new CellfrontStack(app, 'Cellfront', { functionCode: tinyCode(), ...props }));
}

/** `{ "Fn::GetAtt": [<logical id of Api<n>'s RestApi>, ...] }` and friends all start with this. */
const apiRef = (n: number) => ({ Ref: Match.stringLikeRegexp(`^Api${n}Api[0-9A-F]{8}$`) });

describe('CellfrontStack without a config: the seed layout, in redirect mode', () => {
  let template: Template;
  beforeAll(() => {
    template = synth();
  });

  it('deploys two regional REST APIs answering GET / from a MOCK integration on stage prod', () => {
    template.resourceCountIs('AWS::ApiGateway::RestApi', 2);
    template.hasResourceProperties('AWS::ApiGateway::RestApi', { EndpointConfiguration: { Types: ['REGIONAL'] } });
    for (const n of [1, 2]) {
      template.hasResourceProperties('AWS::ApiGateway::Method', {
        HttpMethod: 'GET',
        RestApiId: apiRef(n),
        ApiKeyRequired: false,
        Integration: {
          Type: 'MOCK',
          RequestTemplates: { 'application/json': '{"statusCode": 200}' },
          IntegrationResponses: [{ StatusCode: '200', ResponseTemplates: { 'application/json': `{"message": "Hello from API ${n}"}` } }],
        },
      });
      template.hasResourceProperties('AWS::ApiGateway::Stage', { StageName: 'prod', RestApiId: apiRef(n) });
    }
  });

  it("writes each API's URL under the seed's keys", () => {
    const url = (n: number) => ({ 'Fn::Join': ['', Match.arrayWith(['https://', apiRef(n)])] });
    template.hasResourceProperties(KVS_ENTRIES_RESOURCE_TYPE, {
      Entries: [
        { Key: 'APIGW1URL', Value: url(1) },
        { Key: 'APIGW2URL', Value: url(2) },
      ],
    });
  });

  it('puts the first API behind the distribution as its default origin', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: {
        Origins: [Match.objectLike({ DomainName: { 'Fn::Select': [2, { 'Fn::Split': ['/', { 'Fn::Join': ['', Match.arrayWith([apiRef(1)])] }] }] } })],
      },
    });
  });

  it("outputs exactly the seed's names, so the outputs file matches the local one", () => {
    expect(Object.keys(template.toJSON().Outputs as object)).toEqual(['CLOUDFRONTDOMAINNAME', 'APIGATEWAY1URL', 'APIGATEWAY2URL', 'KVSTOREARN']);
    template.hasOutput('CLOUDFRONTDOMAINNAME', { Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^RouterDistribution'), 'DomainName'] } });
    template.hasOutput('KVSTOREARN', { Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^RouterStore'), 'Arn'] } });
    template.hasOutput('APIGATEWAY2URL', { Value: { 'Fn::Join': ['', Match.arrayWith(['https://', apiRef(2)])] } });
  });

  it('has no API key, usage plan, secret or bucket: redirect mode needs public cells', () => {
    template.resourceCountIs('AWS::ApiGateway::ApiKey', 0);
    template.resourceCountIs('AWS::ApiGateway::UsagePlan', 0);
    template.resourceCountIs('AWS::SecretsManager::Secret', 0);
    template.resourceCountIs('AWS::S3::Bucket', 0);
  });
});

describe('CellfrontStack without a config, in proxy mode', () => {
  let template: Template;
  beforeAll(() => {
    template = synth({ mode: 'proxy' });
  });

  const secretRef = { 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: Match.stringLikeRegexp('^EdgeApiKey') }, ':SecretString:::}}']] };

  it('requires an API key on every API', () => {
    template.resourcePropertiesCountIs('AWS::ApiGateway::Method', { HttpMethod: 'GET', ApiKeyRequired: true }, 2);
  });

  it('takes the key from a generated secret, by reference, and enables it on every stage', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ PasswordLength: 40, ExcludePunctuation: true }),
    });
    template.hasResourceProperties('AWS::ApiGateway::ApiKey', { Value: secretRef });
    template.hasResourceProperties('AWS::ApiGateway::UsagePlan', {
      ApiStages: [Match.objectLike({ ApiId: apiRef(1) }), Match.objectLike({ ApiId: apiRef(2) })],
    });
    template.resourceCountIs('AWS::ApiGateway::UsagePlanKey', 1);
  });

  it('has the distribution send the key to the default origin as x-api-key', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: { Origins: [Match.objectLike({ OriginCustomHeaders: [{ HeaderName: 'x-api-key', HeaderValue: secretRef }] })] },
    });
  });

  it('never holds the key in plain text', () => {
    const json = JSON.stringify(template.toJSON());
    expect(json).not.toMatch(/"SecretString"\s*:/);
    expect(json.match(/\{\{resolve:secretsmanager:/g)).toHaveLength(2);
  });
});

describe('CellfrontStack sizes', () => {
  it('deploys N APIs with N outputs and N seed entries', () => {
    const template = synth({ apiCount: 3 });
    template.resourceCountIs('AWS::ApiGateway::RestApi', 3);
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      Integration: { IntegrationResponses: [Match.objectLike({ ResponseTemplates: { 'application/json': '{"message": "Hello from API 3"}' } })] },
    });
    template.hasOutput('APIGATEWAY3URL', {});
    template.hasResourceProperties(KVS_ENTRIES_RESOURCE_TYPE, {
      Entries: [Match.objectLike({ Key: 'APIGW1URL' }), Match.objectLike({ Key: 'APIGW2URL' }), Match.objectLike({ Key: 'APIGW3URL' })],
    });
  });

  it('refuses zero APIs', () => {
    expect(() => synth({ apiCount: 0 })).toThrow(EdgeRouterValidationError);
    expect(() => synth({ apiCount: 0 })).toThrow(/apiCount is 0; expected a whole number of at least 1/);
  });
});
