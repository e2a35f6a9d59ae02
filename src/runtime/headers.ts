/**
 * Which headers a function may see, change or add (spec §1), and which the edge
 * never passes on. All names are lower-case.
 */
import type { EventType } from './types.js';

const HIDDEN_NAMES = new Set([
  'connection',
  'expect',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'trailer',
  'upgrade',
  'x-cache',
  'x-forwarded-proto',
  'x-real-ip',
]);
const HIDDEN_PREFIXES = ['x-accel-', 'x-amz-cf-', 'x-edge-'];

/** Headers that belong to one connection: kept from the function, but never forwarded. */
const HOP_BY_HOP_NAMES = new Set(['connection', 'keep-alive', 'te', 'trailer', 'upgrade', 'transfer-encoding', 'expect']);

const READ_ONLY: Record<EventType, ReadonlySet<string>> = {
  'viewer-request': new Set(['content-length', 'host', 'transfer-encoding', 'via']),
  'viewer-response': new Set(['content-encoding', 'content-length', 'transfer-encoding', 'warning', 'via']),
};

/** A header the function can neither see nor add. */
export function isHiddenHeader(name: string): boolean {
  if (HIDDEN_NAMES.has(name)) return true;
  for (const prefix of HIDDEN_PREFIXES) if (name.startsWith(prefix)) return true;
  return false;
}

/** A header the edge drops instead of forwarding. */
export function isHopByHopHeader(name: string): boolean {
  return HOP_BY_HOP_NAMES.has(name) || name.startsWith('proxy-');
}

/** A header the function may read but not add, change or remove in this event. */
export function isReadOnlyHeader(eventType: EventType, name: string): boolean {
  return READ_ONLY[eventType].has(name);
}

/** RFC 9110 token characters, lower-case only: the runtime wants lower-case names. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9a-z]+$/;
/** What an HTTP/1.1 field value may hold (no CR, LF or other control characters). */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** Why a header name is unusable, or `undefined` when it is fine. */
export function headerNameProblem(name: string): string | undefined {
  if (HEADER_NAME.test(name)) return undefined;
  if (HEADER_NAME.test(name.toLowerCase())) return 'header names must be lower-case';
  return 'a header name may hold only letters, digits and !#$%&\'*+-.^_`|~';
}

/** Whether a header value can be written on the wire. */
export function isValidHeaderValue(value: string): boolean {
  return HEADER_VALUE.test(value);
}
