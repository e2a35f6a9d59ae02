/** CloudFront Functions events as CloudFront builds them, for the edge function's tests and the bench. */
import type { CfField } from '../../src/function/index.js';

type Fields = Record<string, CfField>;

/** What a test varies in a viewer request. */
export interface RequestShape {
  readonly method?: string;
  readonly querystring?: Fields;
  readonly headers?: Record<string, string>;
  readonly cookies?: Record<string, string>;
  /** Shared by the viewer-request and viewer-response events of one request. */
  readonly requestId?: string;
  readonly ip?: string;
}

function fields(values: Record<string, string> | undefined): Fields {
  const out: Fields = {};
  for (const [name, value] of Object.entries(values ?? {})) out[name] = { value };
  return out;
}

function request(uri: string, shape: RequestShape) {
  return {
    method: shape.method ?? 'GET',
    uri,
    querystring: shape.querystring ?? {},
    headers: { host: { value: 'd111111abcdef8.cloudfront.net' }, ...fields(shape.headers) },
    cookies: fields(shape.cookies),
  };
}

/** A viewer-request event. */
export function viewerRequest(uri: string, shape: RequestShape = {}) {
  return {
    version: '1.0',
    context: { distributionDomainName: 'd111111abcdef8.cloudfront.net', distributionId: 'EDFDVBD6EXAMPLE', eventType: 'viewer-request', requestId: shape.requestId ?? 'r1' },
    viewer: { ip: shape.ip ?? '198.51.100.7' },
    request: request(uri, shape),
  };
}

/** The viewer-response event of the same request: the origin answered 200. */
export function viewerResponse(uri: string, shape: RequestShape = {}) {
  return {
    ...viewerRequest(uri, shape),
    context: { distributionDomainName: 'd111111abcdef8.cloudfront.net', distributionId: 'EDFDVBD6EXAMPLE', eventType: 'viewer-response', requestId: shape.requestId ?? 'r1' },
    response: { statusCode: 200, statusDescription: 'OK', headers: { 'content-type': { value: 'application/json' } }, cookies: {} },
  };
}
