import { isLoopbackHost } from './loopback-lookup.js';

/**
 * Whether a request's Host header names this machine's loopback interface
 * (`localhost`, `*.localhost`, `127.x.y.z`, `[::1]`, with any port). Local
 * control endpoints answer only such requests: a web page that rebinds its own
 * DNS name to 127.0.0.1 still sends its own name as Host, and is refused.
 *
 * @example hostHeaderIsLoopback('000000000000.localhost:8081') // true
 * @example hostHeaderIsLoopback('evil.example:8081') // false
 */
export function hostHeaderIsLoopback(host: string | string[] | undefined): boolean {
  const value = Array.isArray(host) ? host[0] : host;
  if (value === undefined || value === '') return false;
  const name = value.startsWith('[') ? value.slice(0, value.indexOf(']') + 1) : value.replace(/:\d*$/, '');
  return isLoopbackHost(name.toLowerCase());
}
