/**
 * Load with wrk (a C load generator, so the generator costs the machine little):
 * a fixed duration at a fixed number of keep-alive connections, loopback only.
 * Without wrk, the Node closed-loop load of `./load.ts` stands in, bounded by
 * count instead of time.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { runLoad } from './load.js';

/** One load's figures. */
export interface WrkResult {
  readonly rps: number;
  readonly p50ms: number;
  readonly p99ms: number;
  /** Responses whose status was not the expected one (wrk: not 2xx or 3xx), plus requests that timed out. */
  readonly unexpected: number;
  /** Of those, requests that got no answer in time (wrk: 2 s) rather than a wrong one. */
  readonly timeouts?: number;
  readonly tool: 'wrk' | 'node';
}

const WRK_PATHS = ['/usr/bin/wrk', '/usr/local/bin/wrk'];

/** Where wrk is, if installed. */
export const WRK = WRK_PATHS.find((path) => existsSync(path));

/** Runs `seconds` of load against `url` with `connections` connections. */
export async function loadFor(url: string, options: { seconds: number; connections: number; expectStatus: number; headers?: Record<string, string> }): Promise<WrkResult> {
  if (!WRK) {
    const r = await runLoad(url, { total: Math.round(options.seconds * 500), connections: options.connections, expectStatus: options.expectStatus });
    return { rps: r.rps, p50ms: r.p50ms, p99ms: r.p99ms, unexpected: r.unexpected, tool: 'node' };
  }
  const headerArgs = Object.entries(options.headers ?? {}).flatMap(([name, value]) => ['-H', `${name}: ${value}`]);
  const args = ['-t', String(Math.min(2, options.connections)), '-c', String(options.connections), '-d', `${options.seconds}s`, '--latency', ...headerArgs, url];
  const text = await new Promise<string>((done, fail) => {
    execFile(WRK, args, { timeout: (options.seconds + 30) * 1000 }, (error, stdout) => (error ? fail(error) : done(stdout)));
  });
  return parseWrk(text);
}

/** The figures of wrk's `--latency` report. */
export function parseWrk(text: string): WrkResult {
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(text)?.[1] ?? 'NaN');
  const at = (q: string) => toMs(new RegExp(`^\\s+${q}%\\s+([\\d.]+)(us|ms|s)\\s*$`, 'm').exec(text));
  const timeouts = Number(/Socket errors:.*timeout (\d+)/.exec(text)?.[1] ?? 0);
  const unexpected = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(text)?.[1] ?? 0) + timeouts;
  return { rps, p50ms: at('50'), p99ms: at('99'), unexpected, timeouts, tool: 'wrk' };
}

function toMs(match: RegExpExecArray | null): number {
  if (!match) return Number.NaN;
  const value = Number(match[1]);
  return match[2] === 'us' ? value / 1000 : match[2] === 's' ? value * 1000 : value;
}
