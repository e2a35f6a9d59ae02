import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import {
  loadFunction,
  viewerRequestEvent,
  type EventContext,
  type FunctionEvent,
  type HttpRequestFacts,
  type Invocation,
  type KvsReader,
  type LoadOptions,
} from '../../src/runtime/index.js';

export const CONTEXT: EventContext = {
  distributionDomainName: 'd111111abcdef8.cloudfront.net',
  distributionId: 'EDFDVBD6EXAMPLE',
  requestId: 'req-1',
};

/** A store in memory, as the edge's real one is read: synchronously. */
export function memoryKvs(entries: Record<string, string>): KvsReader {
  const items = new Map(Object.entries(entries));
  return {
    get: (key) => items.get(key),
    meta: () => ({ creationDateTime: '2024-01-02T03:04:05.000Z', lastUpdatedDateTime: '2024-02-03T04:05:06.000Z', keyCount: items.size }),
  };
}

/**
 * Sends `head` (request line and headers, CRLF-separated, without the blank line)
 * byte for byte to a real node:http server on loopback and returns what node saw.
 */
export async function captureRequest(head: string): Promise<HttpRequestFacts> {
  let facts: HttpRequestFacts | undefined;
  const server = createServer((req, res) => {
    facts = { method: req.method ?? '', url: req.url ?? '', rawHeaders: req.rawHeaders, clientIp: req.socket.remoteAddress ?? '' };
    res.writeHead(204, { connection: 'close' }).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.write(`${head}\r\n\r\n`));
      socket.on('data', () => undefined);
      socket.on('end', resolve);
      socket.on('error', reject);
    });
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  if (!facts) throw new Error('the server saw no request');
  return facts;
}

/** A viewer-request event for a request that is not about wire details. */
export function requestEvent(url = '/', rawHeaders: readonly string[] = ['Host', 'example.com']): FunctionEvent {
  return viewerRequestEvent({ method: 'GET', url, rawHeaders, clientIp: '203.0.113.9' }, CONTEXT);
}

/** Loads `source` and runs it once on `event`. */
export function run(source: string, event: FunctionEvent = requestEvent(), options: LoadOptions = {}): Promise<Invocation> {
  return loadFunction(source, options).invoke(event);
}

/** The text of a function in test/fixtures/functions. */
export function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/functions/${name}`, import.meta.url), 'utf8');
}

/** Narrows an invocation to one kind, failing the test with the whole outcome otherwise. */
export function expectKind<K extends Invocation['kind']>(outcome: Invocation, kind: K): Extract<Invocation, { kind: K }> {
  if (outcome.kind !== kind) throw new Error(`expected a ${kind} outcome, got ${JSON.stringify(outcome)}`);
  return outcome as Extract<Invocation, { kind: K }>;
}
