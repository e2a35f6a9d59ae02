import { Fn, Token } from 'aws-cdk-lib';
import type * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';

/** Options for {@link CellOrigin.fromUrl}. */
export interface CellUrlOriginOptions {
  /**
   * Path CloudFront puts before every request path at this origin, e.g. `/prod`.
   *
   * @default - the URL's path without its trailing slash when the URL is known at synth;
   * none when the URL is a deploy-time token
   */
  readonly originPath?: string;
}

/**
 * One cell the router can send traffic to: where its requests go (a CloudFront origin)
 * and, when known, its URL (what the seed layout writes into the store).
 *
 * Built with a static factory. The router builds the CloudFront origin itself, so it
 * can add the origin secret header to every cell in proxy mode.
 *
 * @example
 * new EdgeRouter(this, 'Router', { origins: [CellOrigin.fromRestApi(api1), CellOrigin.fromUrl('https://cell2.example.com/')] });
 */
export abstract class CellOrigin {
  /** A REST API's deployment stage: the origin is the API's host, its path the stage. */
  static fromRestApi(api: apigateway.RestApi): CellOrigin {
    return new RestApiCell(api);
  }

  /** Any HTTPS (or HTTP) URL, which may be a deploy-time token. */
  static fromUrl(url: string, options: CellUrlOriginOptions = {}): CellOrigin {
    return new UrlCell(url, options);
  }

  /**
   * An origin you built yourself. Its custom headers are yours to set, so it cannot be
   * used with an origin secret; pass `url` to let the seed layout include it.
   */
  static fromOrigin(origin: cloudfront.IOrigin, url?: string): CellOrigin {
    return new PrebuiltCell(origin, url);
  }

  /** The cell's URL, when known: the value the seed layout stores for it. */
  abstract readonly url: string | undefined;

  /** Whether the router can add headers to this origin (false for a prebuilt one). */
  abstract readonly acceptsHeaders: boolean;

  /** The CloudFront origin, sending `customHeaders` on every request to the cell. */
  abstract toOrigin(customHeaders: Record<string, string>): cloudfront.IOrigin;
}

class RestApiCell extends CellOrigin {
  readonly acceptsHeaders = true;
  constructor(private readonly api: apigateway.RestApi) {
    super();
  }
  get url(): string {
    return this.api.url;
  }
  toOrigin(customHeaders: Record<string, string>): cloudfront.IOrigin {
    return new origins.RestApiOrigin(this.api, { customHeaders });
  }
}

class UrlCell extends CellOrigin {
  readonly acceptsHeaders = true;
  constructor(
    readonly url: string,
    private readonly options: CellUrlOriginOptions,
  ) {
    super();
  }
  toOrigin(customHeaders: Record<string, string>): cloudfront.IOrigin {
    if (Token.isUnresolved(this.url)) {
      // `scheme://host/...` split on '/' puts the host third; the scheme is only known
      // at deploy time, so HTTPS is assumed, as for every AWS-issued endpoint URL.
      return new origins.HttpOrigin(Fn.select(2, Fn.split('/', this.url)), {
        originPath: this.options.originPath,
        protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
        customHeaders,
      });
    }
    const parsed = new URL(this.url);
    const path = parsed.pathname.replace(/\/+$/, '');
    const https = parsed.protocol === 'https:';
    const port = parsed.port === '' ? undefined : Number(parsed.port);
    return new origins.HttpOrigin(parsed.hostname, {
      originPath: this.options.originPath ?? (path === '' ? undefined : path),
      protocolPolicy: https ? cloudfront.OriginProtocolPolicy.HTTPS_ONLY : cloudfront.OriginProtocolPolicy.HTTP_ONLY,
      ...(https ? { httpsPort: port } : { httpPort: port }),
      customHeaders,
    });
  }
}

class PrebuiltCell extends CellOrigin {
  readonly acceptsHeaders = false;
  constructor(
    private readonly origin: cloudfront.IOrigin,
    readonly url: string | undefined,
  ) {
    super();
  }
  toOrigin(): cloudfront.IOrigin {
    return this.origin;
  }
}
