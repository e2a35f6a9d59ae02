// The side-effect import registers the pure-JS SigV4A signer. This service is signed with
// SigV4A only; without it the SDK fails with "Neither CRT nor JS SigV4a implementation is available".
import '@aws-sdk/signature-v4a';
import { CloudFrontKeyValueStoreClient, type CloudFrontKeyValueStoreClientConfig } from '@aws-sdk/client-cloudfront-keyvaluestore';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { isIP } from 'node:net';
import { isLoopbackHost, loopbackAwareLookup } from '../net/loopback-lookup.js';

export { parseKvsArn, type KvsArnParts } from '../store/arn.js';

/** Where the client sends requests and what it reads from the environment. */
export interface KvsClientOptions {
  /**
   * @default - `AWS_ENDPOINT_URL_CLOUDFRONT_KEYVALUESTORE`, else `AWS_ENDPOINT_URL`, else
   * the AWS endpoint `https://{account}.cloudfront-kvs.global.api.aws`
   */
  readonly endpoint?: string;
  /** @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** @default - `AWS_REGION`, else `AWS_DEFAULT_REGION`, else `us-east-1` */
  readonly region?: string;
}

/** A client option that cannot work, e.g. an endpoint that is not a URL. */
export class KvsClientConfigError extends Error {
  override readonly name = 'KvsClientConfigError';
  readonly code = 'InvalidEndpoint';
}

/**
 * Credentials for loopback endpoints when the environment has none. The local API
 * checks that requests are signed, not by whom, and this keeps the SDK from probing the
 * instance metadata service (seconds of waiting) on a laptop.
 */
export const LOCAL_CREDENTIALS = { accessKeyId: 'CELLFRONTLOCAL', secretAccessKey: 'cellfront-local-secret' } as const;

/**
 * An AWS SDK v3 KeyValueStore client for AWS or the local API: the same code path, only
 * the endpoint differs. Requests to `{account}.localhost` and `{account}.<IPv4>` resolve
 * locally; everything else goes through normal DNS.
 *
 * @example
 * const client = createKvsClient({ endpoint: 'http://localhost:4566' });
 * await client.send(new DescribeKeyValueStoreCommand({ KvsARN: arn }));
 */
export function createKvsClient(options: KvsClientOptions = {}): CloudFrontKeyValueStoreClient {
  const env = options.env ?? process.env;
  const given = options.endpoint ?? nonEmpty(env.AWS_ENDPOINT_URL_CLOUDFRONT_KEYVALUESTORE) ?? nonEmpty(env.AWS_ENDPOINT_URL);
  const endpoint = given === undefined ? undefined : prefixableEndpoint(given);
  const loopback = endpoint !== undefined && isLoopbackHost(new URL(endpoint).hostname);
  const config: CloudFrontKeyValueStoreClientConfig = {
    region: options.region ?? nonEmpty(env.AWS_REGION) ?? nonEmpty(env.AWS_DEFAULT_REGION) ?? 'us-east-1',
    requestHandler: {
      httpAgent: new HttpAgent({ keepAlive: true, lookup: loopbackAwareLookup }),
      httpsAgent: new HttpsAgent({ keepAlive: true, lookup: loopbackAwareLookup }),
    },
  };
  if (endpoint !== undefined) config.endpoint = endpoint;
  const credentials = credentialsFrom(env) ?? (loopback ? LOCAL_CREDENTIALS : undefined);
  if (credentials) config.credentials = credentials;
  return new CloudFrontKeyValueStoreClient(config);
}

function credentialsFrom(env: Readonly<Record<string, string | undefined>>) {
  const accessKeyId = nonEmpty(env.AWS_ACCESS_KEY_ID);
  const secretAccessKey = nonEmpty(env.AWS_SECRET_ACCESS_KEY);
  if (accessKeyId === undefined || secretAccessKey === undefined) return undefined;
  const sessionToken = nonEmpty(env.AWS_SESSION_TOKEN);
  return sessionToken === undefined ? { accessKeyId, secretAccessKey } : { accessKeyId, secretAccessKey, sessionToken };
}

/**
 * The SDK puts the account in front of the endpoint's host (`000000000000.localhost`), which
 * an IP address cannot take: `000000000000.127.0.0.1` is not a valid URL host and the SDK
 * fails before sending. 127.0.0.1 becomes `localhost` (resolved back to 127.0.0.1 by the
 * lookup); other IP addresses are refused with the reason.
 */
function prefixableEndpoint(endpoint: string): string {
  let url: URL | undefined;
  try {
    url = new URL(endpoint);
  } catch {
    // reported below with the accepted form
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new KvsClientConfigError(`Endpoint ${JSON.stringify(endpoint)} is not an http(s) URL; expected e.g. http://localhost:4566`);
  }
  if (url.hostname === '127.0.0.1') {
    url.hostname = 'localhost';
    return url.toString().replace(/\/$/, '');
  }
  if (isIP(url.hostname.replace(/^\[|\]$/g, '')) !== 0) {
    throw new KvsClientConfigError(
      `Endpoint ${JSON.stringify(endpoint)} uses an IP address; the SDK sends KeyValueStore requests to {account}.{host}, so use a host name (e.g. http://localhost:${url.port || 80})`,
    );
  }
  return endpoint;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
