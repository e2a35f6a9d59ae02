import { Agent, request } from 'node:http';
import { loopbackAwareLookup } from '../src/net/loopback-lookup.js';

export interface LoadResult {
  readonly requests: number;
  readonly seconds: number;
  readonly rps: number;
  readonly p50ms: number;
  readonly p99ms: number;
  /** Responses whose status was not the expected one. */
  readonly unexpected: number;
}

/**
 * A closed-loop load: `connections` keep-alive clients each send their next request
 * as soon as the previous answer has been read, until `total` requests are done.
 * Bounded in count, loopback only.
 */
export async function runLoad(url: string, options: { total: number; connections: number; expectStatus: number }): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections, lookup: loopbackAwareLookup });
  const latencies: number[] = [];
  let sent = 0;
  let unexpected = 0;
  const target = new URL(url);
  const once = () =>
    new Promise<void>((done, fail) => {
      const started = process.hrtime.bigint();
      const req = request({ host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, agent }, (res) => {
        if (res.statusCode !== options.expectStatus) unexpected++;
        res.resume();
        res.on('end', () => {
          latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
          done();
        });
      });
      req.on('error', fail);
      req.end();
    });
  const worker = async () => {
    while (sent < options.total) {
      sent++;
      await once();
    }
  };
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: options.connections }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { requests: latencies.length, seconds, rps: latencies.length / seconds, p50ms: at(0.5), p99ms: at(0.99), unexpected };
}
