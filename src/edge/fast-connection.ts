/**
 * The edge's viewer connections over TCP begin here rather than in Node's HTTP server.
 * Each request whose head is simple (`readSimpleHead`: `GET` or `HEAD`, HTTP/1.1,
 * kept alive, no body, nothing unusual) is read and answered here (`FastResponse`),
 * skipping most of what Node's server does per request; the first request that is
 * anything else hands the connection, with the bytes read so far, to Node's server for
 * good, which then serves it as it serves every connection. Measured against Node's
 * server alone: see the README ("Where the rest of a proxied request goes").
 *
 * The connection keeps Node's rules: one answer at a time and in order (pipelined
 * requests wait, at most `PIPELINED_MAX_BYTES` of them read ahead), the head deadline
 * (`./head-timeout.ts`: 408, then closed), `keepAliveTimeout` plus Node's one second
 * before an idle connection is closed, and `server.closeAllConnections()` /
 * `closeIdleConnections()`. Both waits run on one timer per connection, refreshed
 * after each answer, rather than two timers set and cleared per request.
 *
 * One difference is deliberate: Node's server parses pipelined requests ahead and
 * starts them together, so bytes it cannot parse after a good request lose that
 * request's answer too (a 400 alone); here each request is read when the one before
 * is answered, so the good one is answered and then the connection goes to Node's
 * server, which refuses the rest as it would.
 */
import { performance } from 'node:perf_hooks';
import type { IncomingMessage, Server } from 'node:http';
import { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { FastResponse, type AnswerTarget } from './fast-response.js';
import { FAST_HEAD_MAX_BYTES, readSimpleHead, type FastRequest } from './fast-request.js';
import type { HeadDeadlines } from './head-timeout.js';

/** How much of the next requests is read while an answer is in flight, before reading pauses. */
export const PIPELINED_MAX_BYTES = 64 * 1024;

/** What Node's server adds to `keepAliveTimeout` before it closes an idle connection. */
const KEEP_ALIVE_GRACE_MS = 1000;

const HEAD_END = Buffer.from('\r\n\r\n', 'latin1');

/** Serves a request read here, as the server's `request` listener serves Node's. */
export type FastHandler = (req: FastRequest, res: FastResponse) => void;

/**
 * Puts the fast path in front of `server`'s own connection handling: TCP connections
 * start here; any other stream (an in-memory connection) goes straight to Node's.
 * Returns false, changing nothing, when `server` does not have Node's connection
 * listener where this expects it.
 */
export function serveFastViewers(server: Server, deadlines: HeadDeadlines, handler: FastHandler): boolean {
  const nodeListener = server.listeners('connection').find((listener) => listener.name === 'connectionListener') as ((socket: Duplex) => void) | undefined;
  if (!nodeListener) return false;
  const open = new Set<FastConnection>();
  const host: ConnectionHost = { server, deadlines, handler, open, toNode: (socket) => nodeListener.call(server, socket) };
  server.removeListener('connection', nodeListener);
  // After the head deadline's own listener (`enforceHeadTimeout`), which a fast connection then stops.
  server.on('connection', (socket: Duplex) => {
    if (socket instanceof Socket) open.add(new FastConnection(socket, host));
    else host.toNode(socket);
  });
  const closeAll = server.closeAllConnections.bind(server);
  const closeIdle = server.closeIdleConnections.bind(server);
  server.closeAllConnections = () => {
    closeAll();
    for (const connection of open) connection.socket.destroy();
  };
  server.closeIdleConnections = () => {
    closeIdle();
    for (const connection of open) if (connection.idle) connection.socket.destroy();
  };
  return true;
}

interface ConnectionHost {
  readonly server: Server;
  readonly deadlines: HeadDeadlines;
  readonly handler: FastHandler;
  readonly open: Set<FastConnection>;
  /** Gives a connection to Node's server. */
  readonly toNode: (socket: Duplex) => void;
}

class FastConnection implements AnswerTarget {
  readonly keepAliveTimeoutMs: number;
  /** How long an answered connection may stay idle (`keepAliveTimeout` plus Node's second; none without one). */
  readonly #idleMs: number;
  #pending: Buffer | undefined;
  #inFlight: FastResponse | undefined;
  /** The viewer ended its side of the connection. */
  #ended = false;
  /** The edge is closing the connection: nothing more is read. */
  #closing = false;
  /** Waiting for a request head (none in flight), since `#waitStart`. */
  #waiting = true;
  #waitStart = performance.now();
  /** Whether an answer went out: from then on an idle connection also times out (`keepAliveTimeout`). */
  #answeredOnce = false;
  #timer: NodeJS.Timeout;

  constructor(
    readonly socket: Socket,
    private readonly host: ConnectionHost,
  ) {
    this.keepAliveTimeoutMs = host.server.keepAliveTimeout;
    this.#idleMs = this.keepAliveTimeoutMs ? this.keepAliveTimeoutMs + KEEP_ALIVE_GRACE_MS : Infinity;
    host.deadlines.clear(socket);
    this.#timer = setTimeout(this.#onWaitOver, host.deadlines.ms).unref();
    socket.on('data', this.#onData);
    socket.on('end', this.#onEnd);
    socket.on('close', this.#onClose);
    socket.on('error', ignore);
    socket.on('drain', this.#onDrain);
  }

  /** No request in flight and none waiting. */
  get idle(): boolean {
    return this.#inFlight === undefined && this.#pending === undefined;
  }

  answered(response: FastResponse, last: boolean): void {
    if (this.#inFlight !== response) return;
    this.#inFlight = undefined;
    if (last || (this.#ended && this.#pending === undefined)) return this.#close();
    this.#waiting = true;
    this.#waitStart = performance.now();
    if (this.#answeredOnce) this.#timer.refresh();
    else {
      // From the first answer on, the wait is the shorter of the head deadline and the idle timeout.
      this.#answeredOnce = true;
      clearTimeout(this.#timer);
      this.#timer = setTimeout(this.#onWaitOver, Math.min(this.host.deadlines.ms, this.#idleMs)).unref();
    }
    if (this.socket.isPaused()) this.socket.resume();
    this.#next();
  }

  readonly #onData = (chunk: Buffer) => {
    if (this.#closing) return;
    this.#pending = this.#pending ? Buffer.concat([this.#pending, chunk]) : chunk;
    if (!this.#inFlight) this.#next();
    else if (this.#pending.length > PIPELINED_MAX_BYTES) this.socket.pause();
  };

  readonly #onEnd = () => {
    this.#ended = true;
    if (!this.#inFlight && this.#pending === undefined) this.#close();
  };

  readonly #onClose = () => {
    clearTimeout(this.#timer);
    this.host.open.delete(this);
    this.#inFlight?.abandon();
  };

  readonly #onDrain = () => {
    this.#inFlight?.emit('drain');
  };

  /** The timer ran out: past the head deadline (408), or idle past `keepAliveTimeout`. It does nothing while a request is in flight. */
  readonly #onWaitOver = () => {
    if (!this.#waiting || this.socket.destroyed) return;
    const waited = performance.now() - this.#waitStart;
    // (A timer may run a millisecond early.)
    if (waited >= this.host.deadlines.ms - 1) return this.host.deadlines.answer(this.socket);
    if (this.#answeredOnce) return void this.socket.destroy();
    this.#timer = setTimeout(this.#onWaitOver, this.host.deadlines.ms - waited).unref();
  };

  /** Serves the next request read, if it is whole and simple; hands the connection to Node's server if it is not. */
  #next(): void {
    const bytes = this.#pending;
    if (bytes === undefined) return;
    const end = bytes.indexOf(HEAD_END);
    const request = end < 0 || end > FAST_HEAD_MAX_BYTES ? undefined : readSimpleHead(bytes.toString('latin1', 0, end), this.socket);
    if (!request) return this.#handOff();
    this.#pending = end + HEAD_END.length < bytes.length ? bytes.subarray(end + HEAD_END.length) : undefined;
    this.#waiting = false;
    const response = new FastResponse(request, this);
    this.#inFlight = response;
    this.host.handler(request, response);
  }

  /** Node's server takes the connection from here on, starting with the bytes not yet served. */
  #handOff(): void {
    const socket = this.socket;
    socket.off('data', this.#onData);
    socket.off('end', this.#onEnd);
    socket.off('close', this.#onClose);
    socket.off('error', ignore);
    socket.off('drain', this.#onDrain);
    clearTimeout(this.#timer);
    // Node's server keeps the deadline from here, with what was left of it.
    const waited = performance.now() - this.#waitStart;
    this.host.deadlines.arm(socket, Math.max(1, this.host.deadlines.ms - waited));
    if (this.#answeredOnce && this.#idleMs !== Infinity) this.#keepIdleTimeout(Math.max(1, this.#idleMs - waited));
    this.host.open.delete(this);
    // Read while paused: it goes first, ahead of what the socket reads next.
    const chunks = this.#pending ? [this.#pending] : [];
    for (let chunk = socket.read() as Buffer | null; chunk !== null; chunk = socket.read() as Buffer | null) chunks.push(chunk);
    this.#pending = undefined;
    this.host.toNode(socket);
    // Node's server parses what its `data` listener is given; nothing else can reach its parser before this.
    if (chunks.length > 0) socket.emit('data', chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
    if (this.#ended) socket.emit('end');
    if (socket.isPaused()) socket.resume();
  }

  /**
   * After an answer Node's server closes a connection idle for `keepAliveTimeout` plus a
   * second (its socket timeout, which each byte read or written starts again), until its
   * next request begins. A connection handed over between requests keeps what is left of it.
   */
  #keepIdleTimeout(ms: number): void {
    const { socket } = this;
    const server = this.host.server;
    const begun = (req: IncomingMessage) => {
      if (req.socket !== socket) return;
      socket.setTimeout(0);
      server.off('request', begun);
    };
    socket.setTimeout(ms);
    server.on('request', begun);
    socket.once('close', () => server.off('request', begun));
  }

  /** Ends the edge's side after the last answer, and closes the connection once that is written. */
  #close(): void {
    this.#closing = true;
    this.socket.end(() => this.socket.destroy());
  }
}

function ignore(): void {}
