/**
 * Shared by the fault-injection suite: `cellfront dev` as a real process whose
 * function sends `/fault/*` to our misbehaving origin (with short timeouts), raw
 * HTTP for viewers no well-behaved client would be, and the process's memory.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { afterAll, beforeAll, expect } from 'vitest';
import { startDevProcess, type DevProcess } from '../support/dev-process.js';
import { startFaultOrigin, type FaultOrigin } from './fault-origin.js';

/** Origin timeouts the fault function sets, in seconds. */
export const FAULT_READ_TIMEOUT_S = 2;

/** A viewer-request function: `/fault/...` goes to `port` on loopback, the rest to the default origin. */
export function faultFunction(port: number): string {
  return `import cf from 'cloudfront';
function handler(event) {
  if (event.request.uri.indexOf('/fault/') === 0) {
    cf.updateRequestOrigin({
      domainName: 'localhost',
      originPath: '',
      customOriginConfig: { port: ${port}, protocol: 'http' },
      timeouts: { readTimeout: ${FAULT_READ_TIMEOUT_S}, connectionTimeout: 1 },
    });
  }
  return event.request;
}
`;
}

/** Starts `cellfront dev` with the fault function (in a fresh directory). */
export async function startFaultDev(originPort: number, dir: string): Promise<DevProcess & { port: number }> {
  const file = join(dir, 'fault-function.js');
  await writeFile(file, faultFunction(originPort));
  const dev = await startDevProcess(['--function', file], dir);
  const port = Number((dev.outputs.CLOUDFRONTDOMAINNAME ?? '').split(':')[1]);
  return Object.assign(dev, { port });
}

/** Resident memory of a process, in bytes (Linux /proc). */
export async function rssBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  return Number(kb ?? 0) * 1024;
}

/** Samples a process's RSS every `everyMs` until stopped; `peak()` is the largest seen. */
export function sampleRss(pid: number, everyMs = 100): { peak(): number; stop(): Promise<number> } {
  let peak = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      peak = Math.max(peak, await rssBytes(pid).catch(() => 0));
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    peak: () => peak,
    stop: async () => {
      running = false;
      await loop;
      return peak;
    },
  };
}

export interface RawAnswer {
  /** The status of the first response, or 0 when none came. */
  readonly status: number;
  /** Everything the server sent. */
  readonly text: string;
  /** Whether the server closed the connection (within the wait). */
  readonly closed: boolean;
  readonly ms: number;
}

/**
 * Writes `data` on a fresh connection and collects what comes back until the server
 * closes the connection or `waitMs` passes.
 */
export function rawExchange(port: number, data: string | Buffer, waitMs = 10_000): Promise<RawAnswer> {
  return new Promise((done) => {
    const started = Date.now();
    const socket: Socket = connect(port, '127.0.0.1');
    let text = '';
    let finished = false;
    const finish = (closed: boolean) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      socket.destroy();
      done({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), text, closed, ms: Date.now() - started });
    };
    const timer = setTimeout(() => finish(false), waitMs);
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
    socket.on('end', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('error', () => finish(true));
    socket.write(data);
  });
}

export interface Outcome {
  readonly status: number;
  readonly body: string;
  /** How the response ended: complete, or cut off (the connection closed mid-body). */
  readonly ended: 'complete' | 'cut-off';
  readonly ms: number;
}

/** One request through the edge with Node's client; a response cut off mid-body is an outcome, not an error. */
export function fetchOutcome(port: number, path: string, options: { method?: string; body?: string; headers?: Record<string, string> } = {}): Promise<Outcome> {
  return new Promise((done, fail) => {
    const started = Date.now();
    const req = request({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers ?? {}, agent: false }, (res) => {
      let body = '';
      res.setEncoding('latin1');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => done({ status: res.statusCode ?? 0, body, ended: 'complete', ms: Date.now() - started }));
      res.on('error', () => done({ status: res.statusCode ?? 0, body, ended: 'cut-off', ms: Date.now() - started }));
      res.on('aborted', () => done({ status: res.statusCode ?? 0, body, ended: 'cut-off', ms: Date.now() - started }));
    });
    req.on('error', fail);
    req.end(options.body);
  });
}

/**
 * POSTs `totalBytes` generated on the fly (never held whole) to `path`, chunked or
 * with a Content-Length, honouring backpressure. Resolves with the answer; stops
 * sending when the answer comes first.
 */
export function postGenerated(port: number, path: string, totalBytes: number, options: { chunked?: boolean } = {}): Promise<{ status: number; body: string; sent: number }> {
  return new Promise((done, fail) => {
    const headers: Record<string, string> = options.chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(totalBytes) };
    let sent = 0;
    let answered = false;
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', headers, agent: false }, (res) => {
      answered = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => done({ status: res.statusCode ?? 0, body, sent }));
      res.on('error', fail);
    });
    req.on('error', (error) => (answered ? undefined : fail(error)));
    const block = Buffer.alloc(256 * 1024, 'x');
    const pump = () => {
      while (sent < totalBytes && !answered) {
        const size = Math.min(block.length, totalBytes - sent);
        sent += size;
        if (!req.write(size === block.length ? block : block.subarray(0, size))) {
          req.once('drain', pump);
          return;
        }
      }
      if (sent >= totalBytes) req.end();
    };
    pump();
  });
}

/** A fault origin and a `cellfront dev` in front of it, shared by one suite. */
export interface FaultRig {
  readonly origin: FaultOrigin;
  readonly dev: DevProcess & { port: number };
  /** Asserts the edge still answers an ordinary request (the demo API through the default origin). */
  stillServing(): Promise<void>;
}

/** Starts the rig before the suite's tests (in a fresh folder named from `prefix`) and stops it after them. */
export function useFaultRig(prefix: string): FaultRig {
  let origin: FaultOrigin | undefined;
  let dev: (DevProcess & { port: number }) | undefined;
  beforeAll(async () => {
    origin = await startFaultOrigin();
    dev = await startFaultDev(origin.port, await mkdtemp(join(tmpdir(), prefix)));
  });
  afterAll(async () => {
    await dev?.stop();
    await origin?.close();
  });
  const started = <T>(part: T | undefined): T => {
    if (part === undefined) throw new Error('the fault rig is used before its suite started it');
    return part;
  };
  return {
    get origin() {
      return started(origin);
    },
    get dev() {
      return started(dev);
    },
    async stillServing() {
      const answer = await fetchOutcome(started(dev).port, '/');
      expect([answer.status, answer.ended]).toEqual([200, 'complete']);
    },
  };
}
