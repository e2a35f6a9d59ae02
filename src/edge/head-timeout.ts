/**
 * A deadline for each request head: from the moment a connection opens (or its
 * previous answer is out) the viewer has `ms` to send a complete request line and
 * headers, or the connection is closed with 408. This keeps slow-header clients
 * (slowloris) from holding connections open for ever; bodies are not timed here.
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * The deadline as a connection read outside Node's server (`./fast-connection.ts`)
 * keeps it itself: its length, what a connection past it gets, and the server's own
 * tracking of a connection, stopped while the connection keeps its own and started
 * again (with what is left of the wait) when Node's server takes it over.
 */
export interface HeadDeadlines {
  readonly ms: number;
  /** Answers 408 and closes the connection. */
  readonly answer: (socket: Socket) => void;
  /** The server tracks the connection's deadline again: it ends `ms` from now (default: the whole deadline). */
  arm(socket: Socket, ms?: number): void;
  /** The server stops tracking the connection's deadline. */
  clear(socket: Socket): void;
}

/** Arms the head deadline on every connection of `server`. */
export function enforceHeadTimeout(server: Server, ms: number, answer: (socket: Socket) => void): HeadDeadlines {
  const timers = new WeakMap<Socket, NodeJS.Timeout>();
  const arm = (socket: Socket, wait = ms) => {
    clearTimeout(timers.get(socket));
    const timer = setTimeout(() => {
      if (!socket.destroyed) answer(socket);
    }, wait);
    timer.unref();
    timers.set(socket, timer);
  };
  server.on('connection', (socket: Socket) => {
    arm(socket);
    socket.once('close', () => clearTimeout(timers.get(socket)));
  });
  // Requests begun and not yet answered, per connection: pipelined ones are all begun before the first is answered.
  const open = new WeakMap<Socket, number>();
  server.on('request', (req, res) => {
    const socket = req.socket as Socket;
    clearTimeout(timers.get(socket));
    open.set(socket, (open.get(socket) ?? 0) + 1);
    // The next request on a kept-alive connection gets its own deadline, once none is being served.
    res.once('finish', () => {
      const left = (open.get(socket) ?? 1) - 1;
      open.set(socket, left);
      if (left === 0 && !socket.destroyed) arm(socket);
    });
  });
  return { ms, answer, arm, clear: (socket) => clearTimeout(timers.get(socket)) };
}
