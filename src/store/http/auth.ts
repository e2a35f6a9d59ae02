/**
 * Who may call: requests must be signed with SigV4A (what the SDK uses for this service)
 * or SigV4, and a Host of the form `{account}.host` must name the store's own account.
 * Signatures are checked for shape only: no secret keys exist locally to verify them.
 */
import { KvsError, quote } from '../errors.js';

/** The signing name requests to this API must be scoped to. */
export const SIGNING_NAME = 'cloudfront-keyvaluestore';

const AUTHORIZATION = /^(AWS4-ECDSA-P256-SHA256|AWS4-HMAC-SHA256) Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-fA-F]+)$/;
const ACCEPTED = 'sign it with SigV4A (AWS4-ECDSA-P256-SHA256) or SigV4 (AWS4-HMAC-SHA256) for service cloudfront-keyvaluestore, as the AWS SDK and CLI do';

type Headers = Readonly<Record<string, string | string[] | undefined>>;

/** Throws an AccessDeniedException unless `headers` carry a well-formed AWS signature for this service. */
export function checkSignature(headers: Headers): void {
  const authorization = single(headers.authorization);
  if (authorization === undefined) {
    throw new KvsError('AccessDeniedException', `Request is not signed: it has no Authorization header; ${ACCEPTED}`);
  }
  const match = AUTHORIZATION.exec(authorization.trim());
  if (!match) {
    throw new KvsError('AccessDeniedException', `Authorization header is not an AWS signature: ${quote(authorization, 40)}; ${ACCEPTED}`);
  }
  const [, algorithm, credential, signedHeaders] = match as unknown as [string, string, string, string];
  const scope = credential.split('/');
  // SigV4A scopes have no region (the region set travels in x-amz-region-set): key/date/service/aws4_request.
  const sigv4a = algorithm === 'AWS4-ECDSA-P256-SHA256';
  const service = scope[sigv4a ? 2 : 3];
  if (scope.length !== (sigv4a ? 4 : 5) || scope[scope.length - 1] !== 'aws4_request' || !/^\d{8}$/.test(scope[1] ?? '')) {
    throw new KvsError('AccessDeniedException', `Credential scope ${quote(credential)} is malformed; ${ACCEPTED}`);
  }
  if (service !== SIGNING_NAME) {
    throw new KvsError('AccessDeniedException', `Request is signed for service ${quote(service ?? '')}, not ${SIGNING_NAME}`);
  }
  if (!signedHeaders.split(';').includes('host')) {
    throw new KvsError('AccessDeniedException', 'The signature does not cover the Host header; SignedHeaders must include host');
  }
  if (sigv4a && single(headers['x-amz-region-set']) === undefined) {
    throw new KvsError('AccessDeniedException', 'A SigV4A-signed request needs an x-amz-region-set header');
  }
}

/**
 * The account a Host header names (`000000000000.localhost:4566` → `000000000000`), or
 * `undefined` for a bare host such as `localhost:4566` or `127.0.0.1:4566`.
 */
export function accountInHost(host: string | undefined): string | undefined {
  if (host === undefined) return undefined;
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d*$/, '');
  return /^(\d{12})\./.exec(name)?.[1];
}

/** Throws an AccessDeniedException when the Host names another account than the store's. */
export function checkHostAccount(host: string | undefined, arnAccount: string): void {
  const account = accountInHost(host);
  if (account !== undefined && account !== arnAccount) {
    throw new KvsError(
      'AccessDeniedException',
      `Host ${quote(host ?? '')} addresses account ${account}, but the KvsARN belongs to account ${arnAccount}`,
    );
  }
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
