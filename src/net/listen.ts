import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A server listening on a loopback port, with a close that ends idle keep-alive sockets too. */
export interface Listening {
  readonly host: string;
  readonly port: number;
  /** `http://HOST:PORT` */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Starts `server` on `host:port` (port 0 picks a free one) and resolves once it listens.
 * Rejects with the socket error (e.g. EADDRINUSE) instead of crashing the process.
 */
export function listen(server: Server, host: string, port: number): Promise<Listening> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const address = server.address() as AddressInfo;
      const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve({
        host: address.address,
        port: address.port,
        url: `http://${urlHost}:${address.port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
