import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type CfnElement, CustomResource, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { packagePath, RUNS_COMPILED } from '../../src/package-root.js';
import type { RoutingEntry } from './routing-entries.js';

/** CloudFormation type of the resource that writes routing entries. */
export const KVS_ENTRIES_RESOURCE_TYPE = 'Custom::CellfrontKvsEntries';

const HANDLER_ENTRY = fileURLToPath(new URL('../lambda/kvs-entries/handler.ts', import.meta.url));
const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const LOCK_FILE = fileURLToPath(new URL('../../package-lock.json', import.meta.url));
const PROVIDER_ID = 'CellfrontKvsEntriesProvider';
/** The handler as `npm run build` bundles it (`index.js`, CommonJS): what the installed package uses. */
export const BUNDLED_HANDLER_DIR = packagePath('dist/lambda/kvs-entries');

/** Props of {@link KvsEntries}. */
export interface KvsEntriesProps {
  /** The store to write into. */
  readonly keyValueStore: cloudfront.IKeyValueStore;
  /** The entries it must hold after every create and update. Values may be tokens. */
  readonly entries: readonly RoutingEntry[];
  /**
   * Keys whose value, when an update replaces it, is kept under another key first: the
   * routing table under `cellfront:table:previous`, so `cellfront rollback` undoes a deploy.
   *
   * @default - nothing is kept
   */
  readonly keepReplaced?: readonly { readonly key: string; readonly into: string }[];
  /**
   * A resolved cellfront config as JSON (values may be tokens). When the store already holds
   * a routing table, the writer compiles this config against it, as `cellfront apply` does
   * (the fewest keys move, per pool), and writes that plan instead of `entries`; `entries` is
   * what a store without a table gets.
   *
   * @default - `entries` are written as they are
   */
  readonly config?: string;
}

/**
 * Keeps routing entries in a KeyValueStore in step with the stack: writes them on create,
 * writes the changed ones and deletes the dropped ones on update, removes them on delete.
 * Deploy-time values (an API's URL) cannot go into a store's import source, hence a
 * custom resource; it talks to the KVS data-plane API, signed with SigV4A.
 *
 * @example new KvsEntries(this, 'Entries', { keyValueStore: kvs, entries: [{ key: 'APIGW1URL', value: api.url }] });
 */
export class KvsEntries extends Construct {
  /** The custom resource; depend on it to run after the entries are in place. */
  readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: KvsEntriesProps) {
    super(scope, id);
    const provider = KvsEntriesProvider.of(this);
    provider.allowWriting(props.keyValueStore);
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: KVS_ENTRIES_RESOURCE_TYPE,
      properties: {
        KvsArn: props.keyValueStore.keyValueStoreArn,
        Entries: props.entries.map(({ key, value }) => ({ Key: key, Value: value })),
        ...(props.keepReplaced?.length ? { KeepReplaced: props.keepReplaced.map(({ key, into }) => ({ Key: key, Into: into })) } : {}),
        ...(props.config !== undefined ? { Config: props.config } : {}),
      },
    });
  }
}

/** One provider per stack, shared by every {@link KvsEntries} in it. */
class KvsEntriesProvider extends Construct {
  static of(scope: Construct): KvsEntriesProvider {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(PROVIDER_ID);
    return existing instanceof KvsEntriesProvider ? existing : new KvsEntriesProvider(stack, PROVIDER_ID);
  }

  readonly serviceToken: string;
  private readonly handler: lambda.Function;

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    const common = {
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      timeout: Duration.minutes(2),
      description: 'cellfront: writes routing entries into a CloudFront KeyValueStore',
      logGroup: new logs.LogGroup(this, 'HandlerLogs', {
        retention: logs.RetentionDays.ONE_WEEK,
        removalPolicy: RemovalPolicy.DESTROY,
      }),
    };
    // The installed (compiled) package ships the handler bundled, so a user's app synthesizes
    // without a build step of ours; from the sources, it is bundled from the sources at synth.
    this.handler = RUNS_COMPILED
      ? new lambda.Function(this, 'Handler', { ...common, code: lambda.Code.fromAsset(bundledHandlerDir()), handler: 'index.handler' })
      : new NodejsFunction(this, 'Handler', {
          ...common,
          entry: HANDLER_ENTRY,
          projectRoot: PROJECT_ROOT,
          depsLockFilePath: LOCK_FILE,
          bundling: {
            // The Lambda runtime's SDK has no SigV4A signer (no CRT), and the pure-JS one must
            // register with the very client instance that uses it: bundle both, never Docker.
            externalModules: [],
            forceDockerBundling: false,
            format: OutputFormat.CJS,
            minify: true,
            target: 'node24',
          },
        });
    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: this.handler,
      logGroup: new logs.LogGroup(this, 'ProviderLogs', {
        retention: logs.RetentionDays.ONE_WEEK,
        removalPolicy: RemovalPolicy.DESTROY,
      }),
    });
    this.serviceToken = provider.serviceToken;
    this.acknowledgeFrameworkFindings();
  }

  /** Lets the handler read and write `store`'s keys. */
  allowWriting(store: cloudfront.IKeyValueStore): void {
    this.handler.addToRolePolicy(
      new iam.PolicyStatement({
        actions: [
          'cloudfront-keyvaluestore:DescribeKeyValueStore',
          'cloudfront-keyvaluestore:ListKeys',
          'cloudfront-keyvaluestore:UpdateKeys',
        ],
        resources: [store.keyValueStoreArn],
      }),
    );
  }

  /**
   * Acknowledges the cdk-nag findings that come with the provider framework, so users who
   * run cdk-nag see only their own decisions. Each finding is acknowledged by its exact id.
   */
  private acknowledgeFrameworkFindings(): void {
    const handlerId = Stack.of(this).getLogicalId(this.handler.node.defaultChild as CfnElement);
    Validations.of(this).acknowledge(
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: 'AWSLambdaBasicExecutionRole only lets the two deploy-time functions write their own logs.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::<${handlerId}.Arn>:*]`,
        reason: "The provider framework invokes the handler by ARN with ':*' (any version); it is the only function it may call.",
      },
    );
  }
}

function bundledHandlerDir(): string {
  if (!existsSync(`${BUNDLED_HANDLER_DIR}/index.js`)) {
    throw new Error(`the bundled KVS writer ${BUNDLED_HANDLER_DIR}/index.js is missing from the cellfront package; reinstall it, or run \`npm run build\` in its checkout`);
  }
  return BUNDLED_HANDLER_DIR;
}
