/**
 * Query parameters, headers and cookies share one shape: `name: { value, multiValue? }`
 * (spec §1). Building those maps from the wire, and reading them back from what a
 * function returned with CloudFront's merge rule.
 */
import { ResultValidationError } from './errors.js';

/** One value of a field, with the `Set-Cookie` attributes when it is a response cookie. */
export interface FieldItem {
  value: string;
  attributes?: string;
}

/**
 * Sets an own property even for names like `__proto__`, which a plain assignment would
 * not. A plain assignment, several times cheaper, serves the names `Object.prototype`
 * does not have, on a map that inherits from it or from nothing.
 */
export function setOwn<T>(map: Record<string, T>, key: string, value: T): void {
  if (key in Object.prototype || !isPlainMap(map)) Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
  else map[key] = value;
}

function isPlainMap(map: object): boolean {
  const proto: unknown = Object.getPrototypeOf(map);
  return proto === Object.prototype || proto === null;
}

/** The entry stored under `name` itself, never one inherited from `Object.prototype`. */
export function ownEntry<T>(map: Record<string, T> | undefined, name: string): T | undefined {
  return map && Object.prototype.hasOwnProperty.call(map, name) ? map[name] : undefined;
}

/** Adds one value under `name`; a repeated name gains `multiValue` listing every value in order. */
export function appendItem(map: Record<string, FieldItem & { multiValue?: FieldItem[] }>, name: string, item: FieldItem): void {
  const existing = ownEntry(map, name);
  if (!existing) {
    setOwn(map, name, { ...item });
    return;
  }
  if (!existing.multiValue) existing.multiValue = [itemOf(existing)];
  existing.multiValue.push({ ...item });
}

function itemOf(entry: FieldItem): FieldItem {
  return entry.attributes === undefined ? { value: entry.value } : { value: entry.value, attributes: entry.attributes };
}

/** Every value an event entry stands for, in order. */
export function itemsOf(entry: FieldItem & { multiValue?: FieldItem[] }): FieldItem[] {
  return entry.multiValue ? entry.multiValue.map(itemOf) : [itemOf(entry)];
}

/** How deep `copyJsonData` copies by itself before it leaves the value to JSON. */
const COPY_MAX_DEPTH = 32;

/**
 * What `JSON.parse(JSON.stringify(value))` gives, for the data an event holds, several
 * times faster: strings, finite numbers, booleans and null, in arrays and plain objects
 * (own enumerable keys, `undefined` and functions left out as JSON does). Anything else
 * (a Date, a `toJSON`, a class instance, a non-finite number, deep nesting) is left to
 * the JSON round trip itself, so the result, and what throws, is always JSON's.
 */
export function copyJsonData(value: unknown): unknown {
  const copied = copyPlain(value, 0);
  return copied === NOT_PLAIN ? (JSON.parse(JSON.stringify(value)) as unknown) : copied;
}

const NOT_PLAIN = Symbol('not plain JSON data');

function copyPlain(value: unknown, depth: number): unknown {
  if (typeof value === 'string' || typeof value === 'boolean' || value === null) return value;
  // -0 is written as 0.
  if (typeof value === 'number') return Number.isFinite(value) ? value + 0 : NOT_PLAIN;
  if (typeof value !== 'object' || depth > COPY_MAX_DEPTH) return NOT_PLAIN;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) {
      const copied = copyPlain(item, depth + 1);
      if (copied === NOT_PLAIN) return NOT_PLAIN;
      out.push(copied);
    }
    return out;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if ((proto !== Object.prototype && proto !== null) || 'toJSON' in value) return NOT_PLAIN;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
    const copied = copyPlain(item, depth + 1);
    if (copied === NOT_PLAIN) return NOT_PLAIN;
    if (key === '__proto__') setOwn(out, key, copied);
    else out[key] = copied;
  }
  return out;
}

/** Structural equality for JSON data. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const aKeys = Object.keys(a);
  if (aKeys.length !== Object.keys(b).length) return false;
  for (const key of aKeys) {
    if (!Object.prototype.hasOwnProperty.call(b, key) || !sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}

/**
 * Where an entry sits in what the function returned, as error messages name it
 * (`request.headers["host"]`): spelled out only when a message is written (a
 * template literal calls `toString`), not for every entry read.
 */
export class FieldPath {
  constructor(
    readonly map: string,
    readonly name: string,
  ) {}

  toString(): string {
    return `${this.map}[${JSON.stringify(this.name)}]`;
  }
}

/** A field named in error messages: its text, or a `FieldPath` that makes it. */
export type Field = string | FieldPath;

/** The own entries of a returned map, which must be a plain object. */
export function entriesOf(value: unknown, field: string): Array<[string, unknown]> {
  return Object.entries(mapOf(value, field));
}

/**
 * A returned map, which must be a plain object, to read by its own keys
 * (`Object.keys`, in `entriesOf`'s order, without an array per entry).
 */
export function mapOf(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ResultValidationError(`${field} must be an object of name: { value } entries`);
  }
  return value as Record<string, unknown>;
}

function readItem(value: unknown, field: Field, withAttributes: boolean): FieldItem {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ResultValidationError(`${field} must be an object like { value: "..." }`);
  }
  const record = value as Record<string, unknown>;
  if (typeof record.value !== 'string') {
    throw new ResultValidationError(`${field}.value must be a string (got ${describe(record.value)})`);
  }
  if (!withAttributes || record.attributes === undefined) return { value: record.value };
  if (typeof record.attributes !== 'string') {
    throw new ResultValidationError(`${field}.attributes must be a string (got ${describe(record.attributes)})`);
  }
  return { value: record.value, attributes: record.attributes };
}

/**
 * The values one returned entry stands for, by CloudFront's rule: a changed
 * `multiValue` wins; otherwise a changed `value` replaces the first value and the
 * rest stay; otherwise the entry is as it was.
 */
export function mergeEntry(returned: unknown, original: (FieldItem & { multiValue?: FieldItem[] }) | undefined, field: Field, withAttributes = false): FieldItem[] {
  if (typeof returned !== 'object' || returned === null || Array.isArray(returned)) {
    throw new ResultValidationError(`${field} must be an object like { value: "..." }`);
  }
  const record = returned as Record<string, unknown>;
  const multi = record.multiValue;
  if (multi !== undefined && !Array.isArray(multi)) {
    throw new ResultValidationError(`${field}.multiValue must be an array of { value } objects`);
  }
  if (!original) {
    return multi !== undefined ? readMulti(multi, field, withAttributes) : [readItem(record, field, withAttributes)];
  }
  if (multi !== undefined && !sameJson(multi, original.multiValue)) return readMulti(multi, field, withAttributes);
  const first = readItem(record, field, withAttributes);
  const originalItems = itemsOf(original);
  const unchanged = first.value === original.value && first.attributes === original.attributes;
  return unchanged ? originalItems : [first, ...originalItems.slice(1)];
}

function readMulti(list: readonly unknown[], field: Field, withAttributes: boolean): FieldItem[] {
  const items: FieldItem[] = [];
  for (let i = 0; i < list.length; i++) items.push(readItem(list[i], `${field}.multiValue[${i}]`, withAttributes));
  return items;
}

/** A short description of a returned value for error messages. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}
