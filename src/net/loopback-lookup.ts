/**
 * DNS for local endpoints. With a custom endpoint the SDK sends KeyValueStore requests to
 * `{accountId}.{host}` (e.g. `000000000000.localhost:4566`), a name plain Linux does not
 * resolve. This lookup answers such names itself and leaves every other name to the system.
 */
import { lookup as dnsLookup } from 'node:dns';
import { isIPv4, type LookupFunction } from 'node:net';

/**
 * The address a local name stands for: `localhost` and `*.localhost` are loopback
 * (127.0.0.1, where the local servers listen), `anything.<IPv4>` is that IPv4 address.
 * Any other name gives `undefined`.
 *
 * @example localAddressFor('000000000000.127.0.0.1') // '127.0.0.1'
 */
export function localAddressFor(hostname: string): string | undefined {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return '127.0.0.1';
  const labels = host.split('.');
  if (labels.length > 4) {
    const tail = labels.slice(-4).join('.');
    if (isIPv4(tail)) return tail;
  }
  return undefined;
}

/** Whether `hostname` is this machine: a loopback name or address. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  const address = localAddressFor(host) ?? (isIPv4(host) ? host : undefined);
  return host === '::1' || (address !== undefined && address.startsWith('127.'));
}

const systemLookup = dnsLookup as LookupFunction;

/**
 * A `lookup` for `http.Agent`/`https.Agent` that resolves local names without DNS. The
 * local answer goes through the system lookup as an IP literal, which returns it as is in
 * whichever callback form Node asked for.
 */
export const loopbackAwareLookup: LookupFunction = (hostname, options, callback) =>
  systemLookup(localAddressFor(hostname) ?? hostname, options, callback);
