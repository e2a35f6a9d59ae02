import { existsSync } from 'node:fs';
import { Lazy, Names, Stack, type SecretValue } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { Construct } from 'constructs';
import { FUNCTION_CODE_MAX_BYTES } from '../../src/limits.js';
import { packagePath } from '../../src/package-root.js';
import type { ResolvedConfig } from '../../src/config/index.js';
import { PREVIOUS_TABLE_KEY, TABLE_KEY } from '../../src/router/table/index.js';
import type { CellOrigin } from './cell-origin.js';
import { deployTimeConfig, routingEntriesFromConfig } from './config-entries.js';
import { viewerHeadersFor } from './viewer-headers.js';
import { EdgeRouterValidationError } from './errors.js';
import { KvsEntries } from './kvs-entries.js';
import { seedRoutingEntries, validateRoutingEntries, type HasUrl, type RoutingEntry } from './routing-entries.js';

/** Where `npm run build` writes the project's edge function. */
export const DEFAULT_EDGE_FUNCTION_PATH = packagePath('dist/edge-function.js');

/**
 * How the edge function sends a viewer to a cell.
 * - `redirect`: it answers with a redirect to the cell's URL; the viewer then calls the cell
 *   directly, so every cell must be publicly reachable.
 * - `proxy`: it changes the request's origin; the viewer only ever talks to CloudFront, and
 *   cells can require the origin secret.
 */
export type RouterMode = 'redirect' | 'proxy';

/** A header CloudFront adds to every request it sends to a cell, proving it came through the edge. */
export interface OriginSecret {
  /**
   * Name of the header.
   *
   * @default 'x-api-key' (what API Gateway checks for API keys)
   */
  readonly headerName?: string;
  /** The value. A Secrets Manager reference keeps it out of the template's plain text. */
  readonly value: SecretValue;
}

/** Props of {@link EdgeRouter}. */
export interface EdgeRouterProps {
  /**
   * The cells. The first is the distribution's default origin, where a request lands when
   * the function does not route it elsewhere, so a routing failure still reaches a cell.
   */
  readonly origins: readonly CellOrigin[];
  /**
   * The CloudFront Function's code, at most 10,240 bytes.
   *
   * @default - the project's edge function, as `npm run build` writes it
   */
  readonly functionCode?: cloudfront.FunctionCode;
  /**
   * A validated cellfront config (`loadConfig`). The router compiles it into the routing
   * table and one `cellfront:pin:<key>` entry per override, as `cellfront compile` does, and
   * the store holds them after every deploy. Give `config` or `entries`, not both.
   *
   * @default - `entries`, or else the seed layout
   */
  readonly config?: ResolvedConfig;
  /**
   * Host names known only at deploy time. Each key is a placeholder host the `config` was
   * resolved with (`restApiHostPlaceholder(n)`), replaced in the routing data by its value,
   * a string that may hold tokens (`restApiHost(api)`).
   *
   * @default - none: the config's origins are written as they are
   */
  readonly deployTimeHosts?: Readonly<Record<string, string>>;
  /**
   * What the KeyValueStore holds after every deploy. Values may be deploy-time tokens.
   *
   * @default - the routing data compiled from `config`; without a config, the seed layout:
   * `APIGW1URL` .. `APIGW<N>URL` = each origin's URL
   */
  readonly entries?: readonly RoutingEntry[];
  /**
   * How the function sends viewers to cells. With a `config`, the function does what the
   * routing table says, so this must be left out or agree with the config's mode.
   *
   * @default - the config's mode; 'redirect' without a config (what the seed layout does)
   */
  readonly mode?: RouterMode;
  /**
   * Also run the function on viewer-response. Only enable it for code that handles both
   * event types, as cellfront's edge function does.
   *
   * @default - true with a config in proxy mode (the function adds the visitor cookie and the
   * cell header to the origin's response); false otherwise (in redirect mode the function
   * answers on viewer-request itself)
   */
  readonly viewerResponse?: boolean;
  /**
   * A header every cell receives from CloudFront, so cells can refuse viewers that skip the
   * edge. Proxy mode only: in redirect mode viewers call cells directly, without it.
   *
   * @default - no header; cells must be public
   */
  readonly originSecret?: OriginSecret;
}

/**
 * Routes traffic at the CloudFront edge from data: a CloudFront Function reads its targets
 * from a KeyValueStore that is filled at deploy time, in front of a set of cells.
 *
 * @example
 * const router = new EdgeRouter(this, 'Router', {
 *   origins: apis.map((api) => CellOrigin.fromRestApi(api)),
 *   functionCode: cloudfront.FunctionCode.fromInline((await buildEdgeFunction()).code),
 *   config: await loadConfig('cellfront.config.json'),
 * });
 * new CfnOutput(this, 'CLOUDFRONTDOMAINNAME', { value: router.distribution.distributionDomainName });
 */
export class EdgeRouter extends Construct {
  /** The store the function reads its routing data from. */
  readonly keyValueStore: cloudfront.KeyValueStore;
  /** The edge function (runtime `cloudfront-js-2.0`, the store associated). */
  readonly edgeFunction: cloudfront.Function;
  /** The distribution viewers call. */
  readonly distribution: cloudfront.Distribution;
  /** The custom resource keeping the store's entries in step with the stack. */
  readonly entries: KvsEntries;
  /** The mode the router was built for. */
  readonly mode: RouterMode;
  /** Whether the function also runs on viewer-response. */
  readonly viewerResponse: boolean;

  constructor(scope: Construct, id: string, props: EdgeRouterProps) {
    super(scope, id);
    this.mode = this.checkedMode(props);
    this.viewerResponse = props.viewerResponse ?? props.config?.mode === 'proxy';
    const [defaultCell] = props.origins;
    if (defaultCell === undefined) {
      throw new EdgeRouterValidationError('NoOrigins', 'origins is empty; give at least one cell (the first is the default origin)', this);
    }
    const code = this.checkedCode(props.functionCode);
    const entries =
      props.entries ??
      (props.config ? routingEntriesFromConfig(this, props.config, props.deployTimeHosts ?? {}) : this.seedEntries(props.origins));
    validateRoutingEntries(this, entries);
    const customHeaders = this.originHeaders(props);

    this.keyValueStore = new cloudfront.KeyValueStore(this, 'Store', {
      comment: 'cellfront routing data',
      // Store names are unique per account across all regions (CloudFront is global); the
      // default name is not, so the same stack in two regions would collide. CDK names
      // functions the same way.
      keyValueStoreName: Lazy.string({
        produce: () => Stack.of(this).region + Names.uniqueResourceName(this.keyValueStore, { maxLength: 40 }),
      }),
    });
    this.entries = new KvsEntries(this, 'Entries', {
      keyValueStore: this.keyValueStore,
      entries,
      // As `cellfront apply` does, so `cellfront rollback` also undoes a deploy that changed the table.
      ...(props.config ? { keepReplaced: [{ key: TABLE_KEY, into: PREVIOUS_TABLE_KEY }] } : {}),
      // A deploy compiles against the live table, so it moves no more users than `cellfront apply`.
      ...(props.config ? { config: deployTimeConfig(this, props.config, props.deployTimeHosts ?? {}) } : {}),
    });
    this.edgeFunction = new cloudfront.Function(this, 'Function', {
      code,
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      keyValueStore: this.keyValueStore,
      comment: `cellfront edge router (${this.mode} mode)`,
      autoPublish: true,
    });
    // The function must never run against an empty store, not even during the first deploy.
    this.edgeFunction.node.addDependency(this.entries);

    const functionAssociations: cloudfront.FunctionAssociation[] = [
      { function: this.edgeFunction, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST },
    ];
    if (this.viewerResponse) {
      functionAssociations.push({ function: this.edgeFunction, eventType: cloudfront.FunctionEventType.VIEWER_RESPONSE });
    }
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'cellfront edge router',
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      defaultBehavior: {
        origin: defaultCell.toOrigin(customHeaders),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        // API traffic: nothing is cached, and the cell sees the viewer's query string and
        // headers, except Host, which must name the cell for API Gateway to accept it.
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        originRequestPolicy: this.originRequestPolicy(props.config),
        functionAssociations,
      },
    });
  }

  /**
   * CloudFront adds `CloudFront-Viewer-Country` and `-Country-Region` to a viewer-request
   * function's event only when a cache or origin request policy of the behavior includes
   * them. Without rules on them, the managed AllViewerExceptHostHeader policy. With them, a
   * policy of the same viewer values (every header, cookie and query string) plus those
   * CloudFront headers: such a policy forwards the viewer's Host too, which the function
   * replaces with the chosen cell's (`hostHeader`) whenever it routes.
   */
  private originRequestPolicy(config: ResolvedConfig | undefined): cloudfront.IOriginRequestPolicy {
    const headers = viewerHeadersFor(config);
    if (headers.length === 0) return cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER;
    return new cloudfront.OriginRequestPolicy(this, 'ViewerLocation', {
      comment: 'cellfront: every viewer value, and the viewer location the routing rules read',
      headerBehavior: cloudfront.OriginRequestHeaderBehavior.all(...headers),
      cookieBehavior: cloudfront.OriginRequestCookieBehavior.all(),
      queryStringBehavior: cloudfront.OriginRequestQueryStringBehavior.all(),
    });
  }

  private checkedMode(props: EdgeRouterProps): RouterMode {
    if (props.config !== undefined && props.entries !== undefined) {
      throw new EdgeRouterValidationError('EntriesAndConfig', 'entries and config are both set; give one: config is compiled into entries', this);
    }
    const fromConfig = props.config?.mode;
    if (props.mode !== undefined && fromConfig !== undefined && props.mode !== fromConfig) {
      throw new EdgeRouterValidationError(
        'ModeConflict',
        `mode is '${props.mode}' but the config's mode is '${fromConfig}'; the function routes as the table says, so leave mode out or change the config`,
        this,
      );
    }
    return props.mode ?? fromConfig ?? 'redirect';
  }

  private checkedCode(given: cloudfront.FunctionCode | undefined): cloudfront.FunctionCode {
    if (given === undefined && !existsSync(DEFAULT_EDGE_FUNCTION_PATH)) {
      throw new EdgeRouterValidationError(
        'FunctionCodeMissing',
        `functionCode is not set and the built edge function ${DEFAULT_EDGE_FUNCTION_PATH} does not exist; run \`npm run build\` or pass functionCode`,
        this,
      );
    }
    const code = given ?? cloudfront.FunctionCode.fromFile({ filePath: DEFAULT_EDGE_FUNCTION_PATH });
    const bytes = Buffer.byteLength(code.render(), 'utf8');
    if (bytes > FUNCTION_CODE_MAX_BYTES) {
      throw new EdgeRouterValidationError(
        'FunctionCodeTooLarge',
        `functionCode is ${bytes} bytes; a CloudFront Function is at most ${FUNCTION_CODE_MAX_BYTES} bytes`,
        this,
      );
    }
    return code;
  }

  private seedEntries(origins: readonly CellOrigin[]): RoutingEntry[] {
    const withUrls: HasUrl[] = origins.map((cell, index) => {
      if (cell.url === undefined) {
        throw new EdgeRouterValidationError(
          'OriginUrlUnknown',
          `origins[${index}] has no URL, so the seed layout cannot include it; pass entries, or a url to CellOrigin.fromOrigin`,
          this,
        );
      }
      return { url: cell.url };
    });
    return seedRoutingEntries(withUrls);
  }

  private originHeaders(props: EdgeRouterProps): Record<string, string> {
    const secret = props.originSecret;
    if (secret === undefined) return {};
    if (this.mode !== 'proxy') {
      throw new EdgeRouterValidationError(
        'OriginSecretNeedsProxy',
        "originSecret needs mode 'proxy'; in redirect mode viewers call the cells directly and would never send it",
        this,
      );
    }
    const prebuilt = props.origins.findIndex((cell) => !cell.acceptsHeaders);
    if (prebuilt !== -1) {
      throw new EdgeRouterValidationError(
        'OriginSecretNeedsUrlOrigins',
        `origins[${prebuilt}] was built with CellOrigin.fromOrigin, so the router cannot add the originSecret header to it; use fromRestApi or fromUrl`,
        this,
      );
    }
    // unsafeUnwrap renders what the SecretValue holds: for a Secrets Manager secret that is a
    // {{resolve:secretsmanager:...}} reference CloudFormation resolves at deploy time, so the
    // value itself never enters the template.
    return { [(secret.headerName ?? 'x-api-key').toLowerCase()]: secret.value.unsafeUnwrap() };
  }
}
