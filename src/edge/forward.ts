/**
 * Sends a forwarded request along an origin plan: to the primary and, when it
 * answers with one of the group's failover statuses or cannot be reached, to the
 * secondary (spec §5, origin groups). As in CloudFront, only GET, HEAD and OPTIONS
 * requests fail over (a body already streamed to the primary cannot be sent again).
 * Each attempt is reported to the observer.
 */
import { OriginError, originRequestHeaders, originUrl, sendToOrigin, type OriginRequest, type OriginResponse, type OriginTarget } from './origin.js';
import type { OriginPlan } from './origin-plan.js';

/** One request the edge sent to an origin, as the origin received it. */
export interface OriginCall {
  readonly originId: string;
  readonly url: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string | string[]>>;
  /** The body as sent, up to its first MiB. */
  readonly body: Buffer;
  /** Bytes of the body sent in all. */
  readonly bodyBytes: number;
  /** The origin's status, or `undefined` when it could not be reached in time. */
  readonly status?: number;
  /** Why the origin could not be reached. */
  readonly error?: string;
}

/** How forwarding ended: the response of the origin that answered last, or the error of the last one tried. */
export type Forwarded =
  | { readonly kind: 'response'; readonly response: OriginResponse; readonly target: OriginTarget }
  | { readonly kind: 'error'; readonly error: OriginError; readonly target: OriginTarget };

/** Forwards `request` along `plan`; never rejects for an origin's failure. `observe` hears of each attempt. */
export async function forwardAlong(plan: OriginPlan, request: OriginRequest, observe?: (call: OriginCall) => void): Promise<Forwarded> {
  const first = await attempt(plan.primary, request, observe);
  const secondary = plan.secondary;
  if (!secondary) return first;
  if (!FAILOVER_METHODS.has(request.method.toUpperCase())) return first;
  // The viewer's body errors (too large, viewer gone) are not the origin's failure.
  if (first.kind === 'error' && (first.error.status === 400 || first.error.status === 413)) return first;
  const failover = first.kind === 'error' || plan.failoverStatusCodes.has(first.response.statusCode ?? 0);
  if (!failover) return first;
  if (first.kind === 'response') first.response.resume();
  return attempt(secondary, request, observe);
}

/** The methods CloudFront fails over to an origin group's secondary for. */
const FAILOVER_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

async function attempt(target: OriginTarget, request: OriginRequest, observe: ((call: OriginCall) => void) | undefined): Promise<Forwarded> {
  // Built only for an observer: most edges have none, and this is the request path.
  const call = () => ({
    originId: target.id,
    url: originUrl(target, request.pathAndQuery),
    method: request.method,
    headers: originRequestHeaders(target, request),
    body: request.body.observed(),
    bodyBytes: request.body.sentBytes,
  });
  try {
    const response = await sendToOrigin(target, request);
    observe?.({ ...call(), status: response.statusCode });
    return { kind: 'response', response, target };
  } catch (error) {
    if (!(error instanceof OriginError)) throw error;
    observe?.({ ...call(), error: error.message });
    return { kind: 'error', error, target };
  }
}
