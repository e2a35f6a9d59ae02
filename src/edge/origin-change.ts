import type { OriginTarget } from './origin.js';

/**
 * The fields of `cf.updateRequestOrigin` (spec §5) the local edge acts on. The
 * runtime has validated them already; fields left out are inherited.
 */
export interface OriginChangeFields {
  readonly domainName?: string;
  readonly originPath?: string;
  readonly hostHeader?: string;
  readonly customHeaders?: Readonly<Record<string, string>>;
  readonly connectionAttempts?: number;
  readonly timeouts?: { readonly readTimeout?: number; readonly connectionTimeout?: number };
  readonly customOriginConfig?: { readonly port?: number; readonly protocol?: string };
}

/**
 * The origin a request goes to after `cf.updateRequestOrigin(change)`: each given
 * field replaces the current origin's, the rest is inherited. A new domain without a
 * new Host header sends the new domain as Host, as CloudFront does.
 */
export function applyOriginChange(base: OriginTarget, change: OriginChangeFields): OriginTarget {
  const protocol = change.customOriginConfig?.protocol === 'https' ? 'https' : change.customOriginConfig?.protocol === 'http' ? 'http' : base.protocol;
  const port = change.customOriginConfig?.port ?? (protocol !== base.protocol ? (protocol === 'https' ? 443 : 80) : base.port);
  const domainChanged = change.domainName !== undefined && change.domainName !== base.domainName;
  // A different domain, port or protocol is another origin: counted under its own id.
  const moved = domainChanged || port !== base.port || protocol !== base.protocol;
  return {
    id: moved ? `${change.domainName ?? base.domainName}:${port}` : base.id,
    protocol,
    domainName: change.domainName ?? base.domainName,
    port,
    originPath: change.originPath ?? base.originPath,
    hostHeader: change.hostHeader ?? (domainChanged ? undefined : base.hostHeader),
    customHeaders: change.customHeaders ?? base.customHeaders,
    connectionAttempts: change.connectionAttempts ?? base.connectionAttempts,
    connectionTimeout: change.timeouts?.connectionTimeout ?? base.connectionTimeout,
    readTimeout: change.timeouts?.readTimeout ?? base.readTimeout,
  };
}
