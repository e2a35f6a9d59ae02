/**
 * Which origins a forwarded request goes to (spec §5): the cache behavior's
 * origin, or one the function selected by id, or the primary and secondary of an
 * origin group it created, each with the function's `updateRequestOrigin` changes.
 * Pure: the runtime has already checked every id against the declared origins.
 */
import type { ForwardRequest } from '../runtime/index.js';
import { applyOriginChange } from './origin-change.js';
import type { OriginTarget } from './origin.js';

/** The origin to try first and, for an origin group, the one to fail over to. */
export interface OriginPlan {
  readonly primary: OriginTarget;
  readonly secondary?: OriginTarget;
  /** Primary statuses that send the request to the secondary (a failed connection always does). */
  readonly failoverStatusCodes: ReadonlySet<number>;
}

const NO_FAILOVER: ReadonlySet<number> = new Set();

/**
 * @param declared - the distribution's origins by id, the default one included.
 * @throws Error when the request names an origin that is not declared (the runtime prevents it).
 */
export function planOrigins(request: Pick<ForwardRequest, 'originId' | 'origin' | 'originGroup'>, defaultOrigin: OriginTarget, declared: ReadonlyMap<string, OriginTarget>): OriginPlan {
  const byId = (id: string): OriginTarget => {
    const target = declared.get(id);
    if (!target) throw new Error(`the function chose origin "${id}", which the edge does not declare`);
    return target;
  };
  const group = request.originGroup;
  if (group) {
    const [first, second] = group.members.map((member) => {
      const target = byId(member.originId);
      return member.originOverrides ? applyOriginChange(target, member.originOverrides) : target;
    }) as [OriginTarget, OriginTarget];
    return { primary: first, secondary: second, failoverStatusCodes: new Set(group.failoverStatusCodes) };
  }
  const base = request.originId === undefined ? defaultOrigin : byId(request.originId);
  return { primary: request.origin ? applyOriginChange(base, request.origin) : base, failoverStatusCodes: NO_FAILOVER };
}
