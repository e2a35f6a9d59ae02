import { createServer, request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { memoryConnection } from '../../src/net/memory-connection.js';

const collect = (stream: NodeJS.ReadableStream) =>
  new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    stream.on('error', reject);
  });

describe('memoryConnection', () => {
  it('delivers what one end writes to the other, in order and never within the write', async () => {
    const [client, server] = memoryConnection();
    const received = collect(server);
    const closed = new Promise((resolve) => server.once('close', resolve));
    let duringWrite = false;
    server.once('data', () => (duringWrite = writing));
    let writing = true;
    client.write('first ');
    writing = false;
    client.end('second');
    expect(await received).toBe('first second');
    expect(duringWrite).toBe(false);
    // Ending one side's writing ends the other's too (no half-open connections, as HTTP/1.1 here).
    await closed;
    expect(client.writableEnded).toBe(true);
  });

  it('closes the peer after what was written before the close has arrived', async () => {
    const [client, server] = memoryConnection();
    const received = new Promise<string>((resolve) => {
      let text = '';
      server.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      server.on('close', () => resolve(text));
    });
    client.write('last words');
    client.destroy();
    expect(await received).toBe('last words');
    expect(server.destroyed).toBe(true);
  });

  it("carries Node's HTTP client and server, kept alive, with a loopback viewer address", async () => {
    const seen: Array<string | undefined> = [];
    const server = createServer((req, res) => {
      seen.push(req.socket.remoteAddress);
      req.resume();
      req.on('end', () => res.end(`${req.method} ${req.url}`));
    });
    let opened = 0;
    const createConnection = () => {
      opened++;
      const [clientEnd, serverEnd] = memoryConnection();
      server.emit('connection', serverEnd);
      return clientEnd;
    };
    const { Agent } = await import('node:http');
    const agent = Object.assign(new Agent({ keepAlive: true, maxSockets: 1 }), { createConnection });
    const get = (path: string) =>
      new Promise<string>((resolve, reject) => {
        const req = request({ host: 'edge.test', path, agent }, (res) => void collect(res).then(resolve, reject));
        req.on('error', reject);
        req.end();
      });
    expect(await get('/a')).toBe('GET /a');
    expect(await get('/b')).toBe('GET /b');
    expect(opened).toBe(1);
    expect(seen).toEqual(['127.0.0.1', '127.0.0.1']);
    agent.destroy();
    server.closeAllConnections();
  });
});
