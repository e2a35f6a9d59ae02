/**
 * DNS rebinding: a web page whose own name resolves to 127.0.0.1 can make the
 * user's browser send requests to local ports, but with its own name as Host.
 * The KVS endpoint and the edge's `/_cellfront/*` paths answer only loopback Host
 * names, and no error lists the stores that exist.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEdge, originFromUrl, type Edge } from '../../src/edge/index.js';
import { startKvsServer, type KvsServer } from '../../src/store/http/index.js';
import { StoreRegistry, type KeyValueStore } from '../../src/store/index.js';
import { rawExchange } from './support.js';

describe('local control endpoints refuse foreign Host names', () => {
  let kvs: KvsServer;
  let edge: Edge;
  let store: KeyValueStore;

  beforeAll(async () => {
    const registry = StoreRegistry.inMemory();
    store = await registry.create({ name: 'routes' });
    kvs = await startKvsServer({ registry });
    edge = await startEdge({ defaultOrigin: originFromUrl('api', 'http://localhost:1/') });
  });
  afterAll(async () => {
    await kvs?.close();
    await edge?.close();
  });

  const put = (host: string) =>
    rawExchange(
      kvs.port,
      [
        `PUT /key-value-stores/${encodeURIComponent(store.arn)}/keys/cellfront%3Atable HTTP/1.1`,
        `Host: ${host}`,
        'Authorization: AWS4-HMAC-SHA256 Credential=x/20260101/us-east-1/cloudfront-keyvaluestore/aws4_request, SignedHeaders=host, Signature=00',
        `If-Match: ${store.etag}`,
        'Content-Type: application/json',
        'Content-Length: 13',
        'Connection: close',
        '',
        '{"Value":"x"}',
      ].join('\r\n'),
    );

  it('the KVS endpoint refuses a write whose Host is not loopback (403), and the store is unchanged', async () => {
    const answer = await put(`attacker.example:${kvs.port}`);
    expect(answer.status).toBe(403);
    expect(answer.text).toContain('is not a loopback name');
    expect(store.get('cellfront:table')).toBeUndefined();
  });

  it('the KVS endpoint still answers localhost, *.localhost and 127.0.0.1', async () => {
    for (const host of [`localhost:${kvs.port}`, `000000000000.localhost:${kvs.port}`, `127.0.0.1:${kvs.port}`]) {
      const etagBefore = store.etag;
      const answer = await put(host);
      expect(answer.status, host).toBe(200);
      expect(store.etag).not.toBe(etagBefore);
    }
  });

  it('an unknown ARN\'s error names no other store', async () => {
    const unknown = encodeURIComponent('arn:aws:cloudfront::000000000000:key-value-store/11111111-2222-4333-8444-555555555555');
    const answer = await rawExchange(
      kvs.port,
      `GET /key-value-stores/${unknown} HTTP/1.1\r\nHost: localhost:${kvs.port}\r\nAuthorization: AWS4-HMAC-SHA256 Credential=x/20260101/us-east-1/cloudfront-keyvaluestore/aws4_request, SignedHeaders=host, Signature=00\r\nConnection: close\r\n\r\n`,
    );
    expect(answer.status).toBe(404);
    expect(answer.text).not.toContain(store.id);
  });

  it('the edge serves /_cellfront/stats to localhost only', async () => {
    const foreign = await rawExchange(edge.port, `GET /_cellfront/stats HTTP/1.1\r\nHost: attacker.example:${edge.port}\r\nConnection: close\r\n\r\n`);
    expect(foreign.status).toBe(403);
    expect(foreign.text).not.toContain('"byStatus"');
    const local = await rawExchange(edge.port, `GET /_cellfront/stats HTTP/1.1\r\nHost: localhost:${edge.port}\r\nConnection: close\r\n\r\n`);
    expect(local.status).toBe(200);
    expect(local.text).toContain('"byStatus"');
  });
});
