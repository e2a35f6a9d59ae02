/**
 * A misbehaving origin of our own, on loopback: each path ending names a fault.
 * Requests are counted per fault, so a test can tell whether the edge sent one twice.
 *
 * | path ends with        | what the origin does                                              |
 * | --------------------- | ----------------------------------------------------------------- |
 * | /ok                   | 200 "ok"                                                          |
 * | /sink                 | reads the whole body, answers its byte count                      |
 * | /hang                 | reads the request, never answers                                  |
 * | /reset-before         | resets the connection on the request head, before the body        |
 * | /reset-after          | reads the whole body, then resets without answering               |
 * | /truncated            | 200 with Content-Length: 1000, sends 10 bytes, then resets         |
 * | /garbage              | reads the body, answers bytes that are not HTTP                   |
 * | /huge-headers         | 200 with 40 KB of headers                                         |
 * | /drip                 | 200, then one byte every 200 ms (`?n=` bytes, default 10)         |
 * | /stall-body           | 200 with Content-Length: 100, sends 10 bytes, then nothing        |
 * | /status-999           | answers status 999                                                |
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { listen } from '../../src/net/listen.js';

export type Fault =
  | 'ok'
  | 'sink'
  | 'hang'
  | 'reset-before'
  | 'reset-after'
  | 'truncated'
  | 'garbage'
  | 'huge-headers'
  | 'drip'
  | 'stall-body'
  | 'status-999';

export interface FaultOrigin {
  readonly port: number;
  /** Requests received, per fault. */
  count(fault: Fault): number;
  close(): Promise<void>;
}

const FAULTS: readonly Fault[] = ['ok', 'sink', 'hang', 'reset-before', 'reset-after', 'truncated', 'garbage', 'huge-headers', 'drip', 'stall-body', 'status-999'];

export async function startFaultOrigin(): Promise<FaultOrigin> {
  const counts = new Map<Fault, number>();
  const sockets = new Set<Socket>();
  const server = createServer({ maxHeaderSize: 64 * 1024 }, (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const fault = FAULTS.find((f) => path.endsWith(`/${f}`)) ?? 'ok';
    counts.set(fault, (counts.get(fault) ?? 0) + 1);
    act(fault, req, res);
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const listening = await listen(server, '127.0.0.1', 0);
  return {
    port: listening.port,
    count: (fault) => counts.get(fault) ?? 0,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await listening.close();
    },
  };
}

function afterBody(req: IncomingMessage, then: (bytes: number) => void): void {
  let bytes = 0;
  req.on('data', (chunk: Buffer) => (bytes += chunk.length));
  req.on('end', () => then(bytes));
}

function act(fault: Fault, req: IncomingMessage, res: ServerResponse): void {
  const socket = req.socket;
  switch (fault) {
    case 'ok':
      return afterBody(req, () => res.writeHead(200, { 'content-type': 'text/plain' }).end('ok'));
    case 'sink':
      return afterBody(req, (bytes) => res.writeHead(200, { 'content-type': 'text/plain' }).end(String(bytes)));
    case 'hang':
      req.resume();
      return;
    case 'reset-before':
      socket.resetAndDestroy();
      return;
    case 'reset-after':
      return afterBody(req, () => socket.resetAndDestroy());
    case 'truncated':
      return afterBody(req, () => {
        res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '1000' });
        res.write('0123456789');
        setTimeout(() => socket.resetAndDestroy(), 100);
      });
    case 'garbage':
      return afterBody(req, () => socket.end('THIS IS NOT HTTP\r\n\r\n\u0000\u0001garbage'));
    case 'huge-headers':
      return afterBody(req, () => res.writeHead(200, { 'x-huge': 'h'.repeat(40 * 1024) }).end('big'));
    case 'drip': {
      const n = Number(new URL(req.url ?? '/', 'http://o').searchParams.get('n') ?? 10);
      return afterBody(req, () => {
        res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(n) });
        let sent = 0;
        const timer = setInterval(() => {
          if (res.destroyed) return clearInterval(timer);
          res.write('d');
          if (++sent === n) {
            clearInterval(timer);
            res.end();
          }
        }, 200);
      });
    }
    case 'stall-body':
      return afterBody(req, () => {
        res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '100' });
        res.write('0123456789');
      });
    case 'status-999':
      return afterBody(req, () => res.writeHead(999).end('odd'));
  }
}
