import { lookup } from 'node:dns/promises';
import { LOCAL_ACCOUNT_ID } from '../store/arn.js';

/** How `cellfront dev` reports whether plain AWS clients can reach its KeyValueStore endpoint. */
export interface KvsHostCheck {
  /** The name the AWS CLI and SDKs send KeyValueStore calls to: `000000000000.localhost`. */
  readonly host: string;
  /** Whether this machine resolves `host` to loopback (systemd's resolver does; plain /etc/hosts does not). */
  readonly resolves: boolean;
  /** The line that makes it resolve, for the hosts file, when it does not. */
  readonly fix?: string;
  /** Where that line goes on this platform. */
  readonly hostsFile: string;
}

/**
 * With a custom endpoint, the AWS CLI and SDKs send KeyValueStore calls to
 * `<account-id>.<endpoint host>` (the service's endpoint rules put the ARN's
 * account in front), so `http://localhost:8081` becomes
 * `000000000000.localhost:8081`. An IP endpoint cannot take the prefix (the
 * SDK fails on `000000000000.127.0.0.1`), hence `localhost`. This checks that
 * the name resolves to loopback here and, if not, gives the hosts-file line
 * that fixes it. cellfront's own client needs neither: it resolves the name itself.
 *
 * @example const check = await checkKvsHost(); if (!check.resolves) console.log(check.fix);
 */
export async function checkKvsHost(endpointHost = 'localhost', resolve: (host: string) => Promise<string[]> = systemAddresses): Promise<KvsHostCheck> {
  const host = `${LOCAL_ACCOUNT_ID}.${endpointHost}`;
  const hostsFile = process.platform === 'win32' ? 'C:\\Windows\\System32\\drivers\\etc\\hosts' : '/etc/hosts';
  const addresses = await resolve(host).catch(() => []);
  const resolves = addresses.length > 0 && addresses.every((a) => a.startsWith('127.') || a === '::1');
  return resolves ? { host, resolves, hostsFile } : { host, resolves, hostsFile, fix: `127.0.0.1 ${host}` };
}

/** A resolver that answers in this long is taken as not resolving the name. */
const LOOKUP_TIMEOUT_MS = 3_000;

async function systemAddresses(host: string): Promise<string[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string[]>((done) => (timer = setTimeout(() => done([]), LOOKUP_TIMEOUT_MS)));
  try {
    return await Promise.race([lookup(host, { all: true }).then((found) => found.map((a) => a.address)), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
