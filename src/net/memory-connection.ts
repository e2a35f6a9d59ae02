/**
 * A connection held in memory: two stream ends, what one writes the other reads,
 * for an HTTP client and server in the same process (a test edge and its viewer).
 * Node's HTTP machinery runs on both ends as it does on a socket; only the
 * loopback network is left out, which for small requests costs about twice what
 * the HTTP work does (two system calls per write, both ends in one thread).
 *
 * Like TCP: bytes arrive in order and later than they were written (never within
 * the writer's call), the end of one side's writing ends the other's reading, and
 * closing one end closes the other after what was already written has arrived.
 * Unlike a socket there is no flow control (a reader that does not read still
 * receives) and no idle timeout (`setTimeout` only records its figure).
 */
import { Duplex } from 'node:stream';

/** The address both ends report, as a loopback connection's would. */
const LOOPBACK = '127.0.0.1';

class MemoryEnd extends Duplex {
  peer: MemoryEnd | undefined;
  readonly remoteAddress = LOOPBACK;
  readonly localAddress = LOOPBACK;
  readonly remoteFamily = 'IPv4';
  /** The figure last given to `setTimeout` (an HTTP agent reads it back). */
  timeout = 0;

  constructor(
    readonly localPort: number,
    readonly remotePort: number,
  ) {
    super({ allowHalfOpen: false });
  }

  override _read(): void {
    // Data is pushed as the peer writes it.
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    process.nextTick(deliver, this.peer, chunk);
    done();
  }

  override _final(done: (error?: Error | null) => void): void {
    process.nextTick(deliver, this.peer, null);
    done();
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    // After what was written before it, as a closed socket's data still arrives.
    process.nextTick(closePeer, this.peer);
    done(error);
  }

  setTimeout(ms: number): this {
    this.timeout = ms;
    return this;
  }

  setKeepAlive(): this {
    return this;
  }

  setNoDelay(): this {
    return this;
  }

  ref(): this {
    return this;
  }

  unref(): this {
    return this;
  }
}

function deliver(peer: MemoryEnd | undefined, chunk: Buffer | null): void {
  if (peer && !peer.destroyed) peer.push(chunk);
}

function closePeer(peer: MemoryEnd | undefined): void {
  if (peer && !peer.destroyed) peer.destroy();
}

/** Whether `socket` is an end of an in-memory connection (`memoryConnection`), not a network socket. */
export function isMemoryConnection(socket: unknown): boolean {
  return socket instanceof MemoryEnd;
}

let nextPort = 1;

/**
 * A new in-memory connection: `[client, server]`. Hand the server end to an HTTP
 * server with `server.emit('connection', end)`; the client end is what an HTTP
 * agent's `createConnection` returns.
 *
 * @example
 * const [client, server] = memoryConnection();
 * httpServer.emit('connection', server);
 */
export function memoryConnection(): [client: Duplex, server: Duplex] {
  // Ports only tell connections apart in logs; they are not bound anywhere.
  const port = nextPort++;
  const client = new MemoryEnd(port, 0);
  const server = new MemoryEnd(0, port);
  client.peer = server;
  server.peer = client;
  return [client, server];
}
