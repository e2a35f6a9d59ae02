import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import { Construct } from 'constructs';
import { DEMO_STAGE } from '../../src/demo/demo-api.js';

/** Props of {@link HelloApi}. */
export interface HelloApiProps {
  /** 1-based number, shown in the answer: `Hello from API 1`. */
  readonly index: number;
  /**
   * Refuse requests without a valid API key (`x-api-key`), so only the edge can call it.
   *
   * @default false
   */
  readonly apiKeyRequired?: boolean;
}

/**
 * One of the seed pattern's cells: a REST API whose `GET /` on stage `prod` answers
 * `{"message": "Hello from API N"}` from a MOCK integration, with no backend to pay for.
 *
 * @example new HelloApi(this, 'Api1', { index: 1 }).api.url // https://{id}.execute-api.{region}.amazonaws.com/prod/
 */
export class HelloApi extends Construct {
  /** The REST API; `api.url` is its stage URL. */
  readonly api: apigateway.RestApi;

  constructor(scope: Construct, id: string, props: HelloApiProps) {
    super(scope, id);
    this.api = new apigateway.RestApi(this, 'Api', {
      restApiName: `cellfront-hello-${props.index}`,
      description: `cellfront demo cell ${props.index}`,
      // Regional, not edge-optimized: CloudFront already sits in front, a second
      // (hidden) distribution would only add a hop.
      endpointConfiguration: { types: [apigateway.EndpointType.REGIONAL] },
      deployOptions: { stageName: DEMO_STAGE },
      // Logging to CloudWatch needs the account-wide API Gateway role; a demo stack must
      // not change account settings that other stacks rely on.
      cloudWatchRole: false,
    });
    // The stack outputs each URL under the seed's name (APIGATEWAY<N>URL); the default
    // output would add a second, differently named copy to the outputs file.
    this.api.node.tryRemoveChild('Endpoint');
    this.api.root.addMethod(
      'GET',
      new apigateway.MockIntegration({
        requestTemplates: { 'application/json': '{"statusCode": 200}' },
        integrationResponses: [
          {
            statusCode: '200',
            responseTemplates: { 'application/json': `{"message": "Hello from API ${props.index}"}` },
          },
        ],
      }),
      {
        apiKeyRequired: props.apiKeyRequired ?? false,
        methodResponses: [{ statusCode: '200' }],
      },
    );
  }
}
