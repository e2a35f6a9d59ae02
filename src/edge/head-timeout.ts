/**
 * A deadline for each request head: from the moment a connection opens (or its
 * previous answer is out) the viewer has `ms` to send a complete request line and
 * headers, or the connection is closed with 408. This keeps slow-header clients
 * (slowloris) from holding connections open for ever; bodies are not timed here.
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/** Starts and stops a connection's head deadline, for requests read outside Node's server (`./fast-connection.ts`). */
export interface HeadDeadlines {
  /** The connection waits for a request head: its deadline starts. */
  arm(socket: Socket): void;
  /** A whole head came in: no deadline until its answer is out. */
  clear(socket: Socket): void;
}

/** Arms the head deadline on every connection of `server`. */
export function enforceHeadTimeout(server: Server, ms: number, answer: (socket: Socket) => void): HeadDeadlines {
  const timers = new WeakMap<Socket, NodeJS.Timeout>();
  const arm = (socket: Socket) => {
    clearTimeout(timers.get(socket));
    const timer = setTimeout(() => {
      if (!socket.destroyed) answer(socket);
    }, ms);
    timer.unref();
    timers.set(socket, timer);
  };
  server.on('connection', (socket: Socket) => {
    arm(socket);
    socket.once('close', () => clearTimeout(timers.get(socket)));
  });
  server.on('request', (req, res) => {
    const socket = req.socket as Socket;
    clearTimeout(timers.get(socket));
    // The next request on a kept-alive connection gets its own deadline.
    res.once('finish', () => {
      if (!socket.destroyed) arm(socket);
    });
  });
  return { arm, clear: (socket) => clearTimeout(timers.get(socket)) };
}
