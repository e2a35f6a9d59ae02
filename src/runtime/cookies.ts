/**
 * Cookies in and out of a function (spec §1): the `Cookie` request header becomes
 * `request.cookies`, `Set-Cookie` response headers become `response.cookies`, and
 * both are written back from what the function returned.
 */
import { ResultValidationError } from './errors.js';
import { hasControlChar } from './text.js';
import type { SetCookieMap, ValueMap } from './types.js';
import { appendItem, FieldPath, mapOf, mergeEntry, ownEntry, type Field, type FieldItem } from './values.js';

/** Adds the cookies of one `Cookie` header (`a=1; b=2`) to `map`; a cookie without `=` gets `""`. */
export function addCookieHeader(map: ValueMap, header: string): void {
  for (const part of header.split(';')) {
    const pair = part.trim();
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = (eq === -1 ? pair : pair.slice(0, eq)).trim();
    if (name === '') continue;
    appendItem(map, name, { value: eq === -1 ? '' : pair.slice(eq + 1).trim() });
  }
}

/** Adds one `Set-Cookie` line (`id=1; Secure; Path=/`) to `map`: the pair, then the attributes. */
export function addSetCookieHeader(map: SetCookieMap, line: string): void {
  const semi = line.indexOf(';');
  const pair = semi === -1 ? line : line.slice(0, semi);
  const attributes = semi === -1 ? '' : line.slice(semi + 1).trim();
  const eq = pair.indexOf('=');
  const name = (eq === -1 ? pair : pair.slice(0, eq)).trim();
  if (name === '') return;
  const value = eq === -1 ? '' : pair.slice(eq + 1).trim();
  const item: FieldItem = attributes === '' ? { value } : { value, attributes };
  appendItem(map, name, item);
}

// Looser than RFC 6265 on purpose: only what would break the header line is refused,
// so cookies an origin or browser sends in the wild pass through untouched.
function isCookieName(name: string): boolean {
  return name !== '' && !hasControlChar(name) && !/[ =;,]/.test(name);
}

function checkCookie(name: string, item: FieldItem, field: Field): void {
  if (!isCookieName(name)) {
    throw new ResultValidationError(`${field}: ${JSON.stringify(name)} is not a valid cookie name (no spaces, "=", ";", "," or control characters)`);
  }
  if (hasControlChar(item.value) || item.value.includes(';')) {
    throw new ResultValidationError(`${field}.value may not hold ";" or control characters`);
  }
  if (item.attributes !== undefined && hasControlChar(item.attributes, true)) {
    throw new ResultValidationError(`${field}.attributes may not hold control characters`);
  }
}

/**
 * The `Cookie` header value to forward for the `cookies` a viewer-request function
 * returned, or `undefined` when no cookie is left.
 */
export function forwardCookieHeader(returned: unknown, original: ValueMap): string | undefined {
  const pairs: string[] = [];
  const map = mapOf(returned, 'request.cookies');
  for (const name of Object.keys(map)) {
    const field = new FieldPath('request.cookies', name);
    for (const item of mergeEntry(map[name], ownEntry(original, name), field)) {
      checkCookie(name, item, field);
      pairs.push(`${name}=${item.value}`);
    }
  }
  return pairs.length === 0 ? undefined : pairs.join('; ');
}

/** The `Set-Cookie` lines for the `cookies` a response carries. */
export function setCookieLines(returned: unknown, original: SetCookieMap | undefined): string[] {
  const lines: string[] = [];
  const map = mapOf(returned, 'response.cookies');
  for (const name of Object.keys(map)) {
    const field = new FieldPath('response.cookies', name);
    for (const item of mergeEntry(map[name], ownEntry(original, name), field, true)) {
      checkCookie(name, item, field);
      lines.push(item.attributes ? `${name}=${item.value}; ${item.attributes}` : `${name}=${item.value}`);
    }
  }
  return lines;
}
