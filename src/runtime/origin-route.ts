/**
 * Where a viewer request goes after the `cloudfront` module's origin helpers
 * (spec §5), in the order the function called them: `selectRequestOriginById`
 * picks an origin of the distribution, `createRequestOriginGroup` a primary and a
 * secondary, and `updateRequestOrigin` changes fields of whatever is current (each
 * member of a group). A later selection replaces an earlier one and its changes.
 * Any invalid call makes the invocation a validation error (502).
 */
import { ORIGIN_GROUP_FAILOVER_STATUS_CODES, ORIGIN_GROUP_MEMBERS } from '../limits.js';
import { ResultValidationError } from './errors.js';
import { checkedOriginChange } from './checked-origin-changes.js';
import { validateOriginChange } from './origin.js';
import type { ForwardRequest, OriginChange, OriginGroup, OriginGroupMember } from './types.js';
import { describe } from './values.js';

const SELECTION_CRITERIA = ['default', 'media-quality-score'] as const;

/** The origin decisions of one invocation. */
export class OriginRoute {
  #problem: string | undefined;
  #originId: string | undefined;
  #change: OriginChange | undefined;
  #group: OriginGroup | undefined;

  /** @param originIds - the distribution's origins; `undefined` accepts any id. */
  constructor(private readonly originIds: readonly string[] | undefined) {}

  /** The first invalid call, as a 502 message. */
  get problem(): string | undefined {
    return this.#problem;
  }

  /** `cf.updateRequestOrigin(props)`, its argument as JSON. */
  update(json: string | null): void {
    this.#record('cf.updateRequestOrigin', () => {
      const change = checkedOriginChange(json);
      if (this.#group) {
        for (const member of this.#group.members) member.originOverrides = mergeOriginChange(member.originOverrides, change);
      } else {
        this.#change = mergeOriginChange(this.#change, change);
      }
    });
  }

  /** `cf.selectRequestOriginById(originId, options)`, as JSON `{ originId, options? }`. */
  select(json: string | null): void {
    const name = 'cf.selectRequestOriginById';
    this.#record(name, () => {
      const { originId, options } = (parse(json) ?? {}) as { originId?: unknown; options?: unknown };
      const id = this.#checkId(originId, `${name}: the origin id`);
      let overrides: OriginChange | undefined;
      if (options !== undefined) {
        const record = object(options, `${name}: options`);
        for (const key of Object.keys(record)) {
          if (key !== 'originOverrides') throw new ResultValidationError(`${name}: options.${key} is not a known field; use originOverrides`);
        }
        if (record.originOverrides !== undefined) overrides = overridesOf(record.originOverrides, `${name}: options.originOverrides`);
      }
      this.#originId = id;
      this.#change = overrides;
      this.#group = undefined;
    });
  }

  /** `cf.createRequestOriginGroup(props)`, its argument as JSON. */
  createGroup(json: string | null): void {
    const name = 'cf.createRequestOriginGroup';
    this.#record(name, () => {
      const props = object(parse(json), `${name}: the argument`);
      for (const key of Object.keys(props)) {
        if (!['originIds', 'failoverCriteria', 'selectionCriteria'].includes(key)) {
          throw new ResultValidationError(`${name}: ${key} is not a known field; use originIds, failoverCriteria, selectionCriteria`);
        }
      }
      const ids = props.originIds;
      if (!Array.isArray(ids) || ids.length !== ORIGIN_GROUP_MEMBERS) {
        fail(`${name}: originIds`, `an array of ${ORIGIN_GROUP_MEMBERS} origins (primary, then secondary), each an id or { originId, originOverrides }`, ids);
      }
      const members = ids.map((entry, i) => this.#member(entry, `${name}: originIds[${i}]`)) as [OriginGroupMember, OriginGroupMember];
      if (members[0].originId === members[1].originId) fail(`${name}: originIds`, 'two different origins', members[1].originId);
      const selection = props.selectionCriteria ?? 'default';
      if (!SELECTION_CRITERIA.includes(selection as (typeof SELECTION_CRITERIA)[number])) {
        fail(`${name}: selectionCriteria`, `one of ${SELECTION_CRITERIA.map((c) => `"${c}"`).join(', ')}`, selection);
      }
      this.#group = {
        members,
        failoverStatusCodes: statusCodes(props.failoverCriteria, `${name}: failoverCriteria`),
        selectionCriteria: selection as OriginGroup['selectionCriteria'],
      };
      this.#originId = undefined;
      this.#change = undefined;
    });
  }

  /** Writes the decisions into the request to forward. */
  applyTo(request: ForwardRequest): void {
    if (this.#group) {
      request.originGroup = this.#group;
      return;
    }
    if (this.#originId !== undefined) request.originId = this.#originId;
    if (this.#change) request.origin = this.#change;
  }

  #record(name: string, apply: () => void): void {
    if (this.#problem !== undefined) return;
    try {
      apply();
    } catch (error) {
      this.#problem = error instanceof ResultValidationError ? error.message : `${name} could not be checked: ${String(error)}`;
    }
  }

  #checkId(value: unknown, field: string): string {
    if (typeof value !== 'string' || value === '') fail(field, 'the id of an origin of the distribution (a non-empty string)', value);
    if (this.originIds && !this.originIds.includes(value)) {
      const known = this.originIds.length === 0 ? 'none' : this.originIds.map((id) => JSON.stringify(id)).join(', ');
      throw new ResultValidationError(`${field} ${JSON.stringify(value)} is not an origin of this distribution (its origins: ${known})`);
    }
    return value;
  }

  #member(entry: unknown, field: string): OriginGroupMember {
    if (typeof entry === 'string') return { originId: this.#checkId(entry, field) };
    const record = object(entry, field);
    for (const key of Object.keys(record)) {
      if (key !== 'originId' && key !== 'originOverrides') throw new ResultValidationError(`${field}.${key} is not a known field; use originId, originOverrides`);
    }
    const member: OriginGroupMember = { originId: this.#checkId(record.originId, `${field}.originId`) };
    if (record.originOverrides !== undefined) member.originOverrides = overridesOf(record.originOverrides, `${field}.originOverrides`);
    return member;
  }
}

/**
 * `b`'s fields over `a`'s; the nested `timeouts` and `customOriginConfig` merge
 * field by field, `customHeaders` is replaced whole (`{}` clears it).
 */
export function mergeOriginChange(a: OriginChange | undefined, b: OriginChange): OriginChange {
  if (!a) return b;
  const merged: OriginChange = { ...a, ...b };
  if (a.timeouts && b.timeouts) merged.timeouts = { ...a.timeouts, ...b.timeouts };
  if (a.customOriginConfig && b.customOriginConfig) merged.customOriginConfig = { ...a.customOriginConfig, ...b.customOriginConfig };
  return merged;
}

function parse(json: string | null): unknown {
  return json === null ? null : (JSON.parse(json) as unknown);
}

function fail(field: string, accepted: string, got: unknown): never {
  throw new ResultValidationError(`${field} must be ${accepted} (got ${describe(got)})`);
}

function object(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(field, 'an object', value);
  return value as Record<string, unknown>;
}

/** Overrides are checked as `cf.updateRequestOrigin` checks its argument; messages name where they were given. */
function overridesOf(value: unknown, field: string): OriginChange {
  try {
    return validateOriginChange(value);
  } catch (error) {
    if (error instanceof ResultValidationError) {
      const message = error.message.replace(/^cf\.updateRequestOrigin: the argument /, `${field} `).replace(/^cf\.updateRequestOrigin: /, `${field}.`);
      throw new ResultValidationError(message);
    }
    throw error;
  }
}

/** `{ statusCodes: [...] }` or the array itself: both shapes appear in AWS's examples. */
function statusCodes(value: unknown, field: string): number[] {
  const list = Array.isArray(value) ? value : typeof value === 'object' && value !== null ? (value as Record<string, unknown>).statusCodes : undefined;
  const accepted = `{ statusCodes: [...] } with codes from ${ORIGIN_GROUP_FAILOVER_STATUS_CODES.join(', ')}`;
  if (!Array.isArray(list) || list.length === 0) fail(field, accepted, value);
  return list.map((code) => {
    if (typeof code !== 'number' || !ORIGIN_GROUP_FAILOVER_STATUS_CODES.includes(code)) fail(`${field}.statusCodes`, `codes from ${ORIGIN_GROUP_FAILOVER_STATUS_CODES.join(', ')}`, code);
    return code;
  });
}
