/**
 * Real loopback servers standing in for origins: one that records what it got and
 * answers with a chosen status, one that resets every connection, one that never
 * answers. Each closes with everything it opened.
 */
import { createServer as createHttpServer, type IncomingHttpHeaders } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { listen } from '../../src/net/listen.js';

/** A request as an origin received it. */
export interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface RecordingOrigin {
  readonly port: number;
  readonly url: string;
  readonly received: Received[];
  close(): Promise<void>;
}

/** An origin that records each request and answers `status` with a body naming itself. */
export async function recordingOrigin(name: string, status = 200): Promise<RecordingOrigin> {
  const received: Received[] = [];
  const server = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() });
      res.writeHead(status, { 'content-type': 'text/plain', 'x-origin': name }).end(`${name} ${status}`);
    });
  });
  const listening = await listen(server, '127.0.0.1', 0);
  return { port: listening.port, url: listening.url, received, close: () => listening.close() };
}

/** A TCP server that accepts and at once resets each connection, counting them. */
export async function resettingOrigin(): Promise<{ port: number; connections: () => number; close(): Promise<void> }> {
  let connections = 0;
  const server = createTcpServer((socket) => {
    connections++;
    socket.resetAndDestroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => connections,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** An HTTP origin that takes requests and never answers them. */
export async function silentOrigin(): Promise<{ port: number; close(): Promise<void> }> {
  const server = createHttpServer(() => undefined);
  const listening = await listen(server, '127.0.0.1', 0);
  return { port: listening.port, close: () => listening.close() };
}

/** A port nothing listens on (taken, then given back). */
export async function closedPort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
