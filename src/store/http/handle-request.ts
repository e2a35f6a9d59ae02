/**
 * The KeyValueStore API as a function from request to response, with no sockets: the
 * server in `server.ts` is a thin adapter around it.
 */
import { KVS_LIST_MAX_RESULTS } from '../../limits.js';
import { KvsError } from '../errors.js';
import type { KeyValueStore } from '../key-value-store.js';
import { parseKvsArn } from '../arn.js';
import type { StoreRegistry } from '../store-registry.js';
import { parseDeletes, parsePuts } from '../update-input.js';
import { checkHostAccount, checkSignature } from './auth.js';
import { matchRoute, type KvsRoute } from './routes.js';
import { epochSeconds, errorResponse, errorWithType, jsonResponse, type KvsHttpResponse } from './wire.js';

/** A request as the handler sees it. */
export interface KvsHttpRequest {
  readonly method: string;
  /** Path and query, as sent (still percent-encoded). */
  readonly url: string;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
}

/**
 * Answers one API request. Never throws: every failure becomes an error response, and an
 * unexpected one an InternalServerException.
 *
 * @example await handleKvsRequest(registry, { method: 'GET', url: `/key-value-stores/${encodeURIComponent(arn)}`, headers, body: Buffer.alloc(0) })
 */
export async function handleKvsRequest(registry: StoreRegistry, request: KvsHttpRequest): Promise<KvsHttpResponse> {
  try {
    const queryAt = request.url.indexOf('?');
    const path = queryAt === -1 ? request.url : request.url.slice(0, queryAt);
    const query = new URLSearchParams(queryAt === -1 ? '' : request.url.slice(queryAt + 1));
    const route = matchRoute(request.method, path);
    if (!route) {
      return errorWithType(
        'UnknownOperationException',
        404,
        `No KeyValueStore operation matches ${request.method} ${path}; the API serves GET|PUT|DELETE /key-value-stores/{KvsARN}/keys/{Key}, GET|POST /key-value-stores/{KvsARN}/keys and GET /key-value-stores/{KvsARN}`,
      );
    }
    checkSignature(request.headers);
    const host = request.headers.host;
    checkHostAccount(Array.isArray(host) ? host[0] : host, parseKvsArn(route.arn).accountId);
    const store = registry.get(route.arn);
    return await runOperation(store, route, request, query);
  } catch (error) {
    return errorResponse(error);
  }
}

async function runOperation(store: KeyValueStore, route: KvsRoute, request: KvsHttpRequest, query: URLSearchParams): Promise<KvsHttpResponse> {
  const key = route.key ?? '';
  switch (route.operation) {
    case 'DescribeKeyValueStore': {
      const d = store.describe();
      return jsonResponse(
        {
          ItemCount: d.itemCount,
          TotalSizeInBytes: d.totalSizeInBytes,
          KvsARN: d.arn,
          Created: epochSeconds(d.created),
          LastModified: epochSeconds(d.lastModified),
          Status: d.status,
        },
        { etag: d.etag },
      );
    }
    case 'GetKey': {
      const item = store.getKey(key);
      return jsonResponse({ Key: item.key, Value: item.value, ItemCount: item.itemCount, TotalSizeInBytes: item.totalSizeInBytes });
    }
    case 'ListKeys': {
      const nextToken = query.get('NextToken') ?? undefined;
      const page = store.list({ maxResults: maxResults(query.get('MaxResults')), ...(nextToken === undefined ? {} : { nextToken }) });
      const Items = page.items.map((item) => ({ Key: item.key, Value: item.value }));
      return jsonResponse(page.nextToken === undefined ? { Items } : { NextToken: page.nextToken, Items });
    }
    case 'PutKey': {
      const body = jsonBody(request.body);
      if (typeof body.Value !== 'string') throw new KvsError('ValidationException', 'PutKey needs a body {"Value": "..."} with a string Value');
      return written(await store.put(key, body.Value, ifMatch(request)));
    }
    case 'DeleteKey':
      return written(await store.delete(key, ifMatch(request)));
    case 'UpdateKeys': {
      const body = jsonBody(request.body);
      const puts = body.Puts === undefined ? [] : parsePuts(body.Puts, 'Puts');
      const deletes = body.Deletes === undefined ? [] : parseDeletes(body.Deletes, 'Deletes');
      return written(await store.update({ puts, deletes }, ifMatch(request)));
    }
  }
}

function written(result: { etag: string; itemCount: number; totalSizeInBytes: number }): KvsHttpResponse {
  return jsonResponse({ ItemCount: result.itemCount, TotalSizeInBytes: result.totalSizeInBytes }, { etag: result.etag });
}

function ifMatch(request: KvsHttpRequest): string {
  const value = request.headers['if-match'];
  const tag = Array.isArray(value) ? value[0] : value;
  if (tag === undefined || tag === '') {
    throw new KvsError('ValidationException', 'The If-Match header is required: send the ETag returned by DescribeKeyValueStore');
  }
  return tag;
}

function maxResults(raw: string | null): number | undefined {
  if (raw === null) return undefined;
  if (!/^\d+$/.test(raw)) throw new KvsError('ValidationException', `MaxResults must be a whole number from 1 to ${KVS_LIST_MAX_RESULTS}, got ${JSON.stringify(raw)}`);
  return Number(raw);
}

function jsonBody(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new KvsError('ValidationException', `Request body is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new KvsError('ValidationException', 'Request body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}
