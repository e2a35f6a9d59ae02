/** A local KeyValueStore API on a free loopback port, and raw HTTP access to it. */
import { request } from 'node:http';
import { StoreRegistry, type KeyValueStore } from '../../../src/store/index.js';
import { startKvsServer, type KvsServer } from '../../../src/store/http/index.js';

export interface ApiFixture {
  readonly registry: StoreRegistry;
  readonly store: KeyValueStore;
  readonly server: KvsServer;
}

export async function startApi(registry = StoreRegistry.inMemory()): Promise<ApiFixture> {
  const store = registry.findByName('routes') ?? (await registry.create({ name: 'routes' }));
  const server = await startKvsServer({ registry });
  return { registry, store, server };
}

/** A well-formed SigV4 Authorization header (the server checks shape, not the signature). */
export const SIGV4_AUTH =
  'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1/cloudfront-keyvaluestore/aws4_request, SignedHeaders=host;x-amz-date, Signature=0123abcd';

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly json: Record<string, unknown>;
}

/** Sends one request with exactly the given headers (fetch would refuse to set Host). */
export function rawRequest(
  port: number,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: options.headers ?? {}, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} });
      });
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

export function storePath(arn: string, rest = ''): string {
  return `/key-value-stores/${encodeURIComponent(arn)}${rest}`;
}
