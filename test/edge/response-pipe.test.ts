/**
 * `pipeOriginBody` between real loopback servers: an origin that breaks off its body
 * and a viewer that goes away mid-body are told apart, and both connections end. An
 * origin's whole answer, already in, is sent on at once; its connection is kept.
 */
import { Agent, createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { listen, type Listening } from '../../src/net/listen.js';
import { pipeOriginBody, type BrokenSide } from '../../src/edge/response-pipe.js';

const open: Listening[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((server) => server.close()));
});

/** An origin that sends a first chunk of a longer body, then `after` decides what comes next. */
async function origin(after: (res: ServerResponse, socket: Socket) => void): Promise<Listening> {
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '1000' });
    res.write('first chunk ');
    setTimeout(() => after(res, req.socket), 50);
  });
  const listening = await listen(server, '127.0.0.1', 0);
  open.push(listening);
  return listening;
}

/** An edge that pipes the origin's answer to its viewer and reports the first failure. */
async function edge(originPort: number): Promise<{ port: number; failures: Promise<{ side: BrokenSide; reason: string; originClosed: boolean }> }> {
  let report: (failure: { side: BrokenSide; reason: string; originClosed: boolean }) => void = () => {};
  const failures = new Promise<{ side: BrokenSide; reason: string; originClosed: boolean }>((resolve) => (report = resolve));
  const server = createServer((_req, res) => {
    request({ host: '127.0.0.1', port: originPort, path: '/' }, (originResponse: IncomingMessage) => {
      res.writeHead(originResponse.statusCode ?? 502, originResponse.headers);
      pipeOriginBody(originResponse, res, originResponse.headers['content-length'] !== undefined, (side, reason) => report({ side, reason, originClosed: originResponse.destroyed }));
    }).end();
  });
  const listening = await listen(server, '127.0.0.1', 0);
  open.push(listening);
  return { port: listening.port, failures };
}

/** A viewer's GET: what it read, and whether its connection closed before the whole body came. */
function view(port: number, leaveAfterFirstChunk: boolean): Promise<{ body: string; cut: boolean }> {
  return new Promise((resolve) => {
    let body = '';
    const req = request({ host: '127.0.0.1', port, path: '/' }, (res) => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
        if (leaveAfterFirstChunk) req.destroy();
      });
      res.on('end', () => resolve({ body, cut: false }));
      res.on('error', () => resolve({ body, cut: true }));
      res.on('close', () => resolve({ body, cut: !res.complete }));
    });
    req.on('error', () => resolve({ body, cut: true }));
    req.end();
  });
}

describe('pipeOriginBody', () => {
  it('an origin that resets mid-body: blamed on the origin, and the viewer is cut off', async () => {
    const breaking = await origin((_res, socket) => socket.destroy());
    const front = await edge(breaking.port);
    const seen = await view(front.port, false);
    expect(seen).toEqual({ body: 'first chunk ', cut: true });
    const failure = await front.failures;
    expect(failure.side).toBe('origin');
    expect(failure.reason).not.toBe('');
  });

  it('a viewer that goes away mid-body: blamed on the viewer, and the origin connection is closed', async () => {
    let originSocket: Socket | undefined;
    const slow = await origin((_res, socket) => (originSocket = socket));
    const front = await edge(slow.port);
    const seen = await view(front.port, true);
    expect(seen.body).toBe('first chunk ');
    const failure = await front.failures;
    expect(failure).toMatchObject({ side: 'viewer', originClosed: true });
    // The edge's side of the origin connection closed, so the origin's socket ends too.
    await expect.poll(() => originSocket?.destroyed || originSocket?.readableEnded).toBe(true);
  });
});

describe('pipeOriginBody, an answer the origin had sent whole', () => {
  /** An origin answering `body` at once: with its length, or (`chunked`) in chunks. */
  async function wholeOrigin(body: string, chunked = false): Promise<Listening> {
    const server = createServer((_req, res) => {
      if (chunked) {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write(body);
        res.end();
      } else {
        res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(Buffer.byteLength(body)) });
        res.end(body);
      }
    });
    const listening = await listen(server, '127.0.0.1', 0);
    open.push(listening);
    return listening;
  }

  /** An edge with a keep-alive agent that passes the origin's answer on once it is all in. */
  async function wholeEdge(originPort: number) {
    const agent = new Agent({ keepAlive: true });
    const failures: string[] = [];
    const server = createServer((_req, res) => {
      request({ host: '127.0.0.1', port: originPort, path: '/', agent }, (originResponse: IncomingMessage) => {
        const whenIn = () => {
          if (!originResponse.complete) return setImmediate(whenIn);
          for (const [name, value] of Object.entries(originResponse.headers)) {
            if (name !== 'transfer-encoding' && name !== 'connection' && name !== 'keep-alive') res.setHeader(name, value ?? '');
          }
          pipeOriginBody(originResponse, res, res.hasHeader('content-length'), (side, reason) => failures.push(`${side}: ${reason}`));
        };
        whenIn();
      }).end();
    });
    const listening = await listen(server, '127.0.0.1', 0);
    open.push(listening);
    return { port: listening.port, failures, agent };
  }

  it('reaches the viewer whole, with its length, and the origin connection goes back to the pool', async () => {
    const body = 'the whole answer';
    const front = await wholeEdge((await wholeOrigin(body)).port);
    const answer = await fetch(`http://127.0.0.1:${front.port}/`);
    expect(answer.headers.get('content-length')).toBe(String(body.length));
    expect(await answer.text()).toBe(body);
    await expect.poll(() => Object.values(front.agent.freeSockets).flat().length).toBe(1);
    expect(front.failures).toEqual([]);
    front.agent.destroy();
  });

  it('a chunked answer stays chunked', async () => {
    const front = await wholeEdge((await wholeOrigin('in chunks', true)).port);
    const answer = await fetch(`http://127.0.0.1:${front.port}/`);
    expect(answer.headers.get('transfer-encoding')).toBe('chunked');
    expect(await answer.text()).toBe('in chunks');
    front.agent.destroy();
  });
});
