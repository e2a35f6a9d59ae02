/**
 * Schema of the UpdateKeys lists (`Puts`, `Deletes`), read from untrusted JSON: the HTTP
 * body and the CLI's `--puts`/`--deletes`. Shape only; sizes and counts are the store's
 * business.
 */
import { KvsError, quote } from './errors.js';

/** One key to put. */
export interface PutEntry {
  readonly key: string;
  readonly value: string;
}

/** The shape `--puts` and the `Puts` field accept, for error messages. */
export const PUTS_SHAPE = '[{"Key": "...", "Value": "..."}]';
/** The shape `--deletes` and the `Deletes` field accept, for error messages. */
export const DELETES_SHAPE = '[{"Key": "..."}]';

/**
 * Reads a `Puts` list; `where` names the input in messages (e.g. `Puts`, `--puts`).
 *
 * @example parsePuts([{ Key: 'a', Value: 'b' }], 'Puts') // [{ key: 'a', value: 'b' }]
 */
export function parsePuts(input: unknown, where: string): PutEntry[] {
  return list(input, where, PUTS_SHAPE).map((item, i) => {
    const at = `${where}[${i}]`;
    const record = entry(item, at, PUTS_SHAPE, ['Key', 'Value']);
    return { key: field(record, 'Key', at, PUTS_SHAPE), value: field(record, 'Value', at, PUTS_SHAPE) };
  });
}

/** Reads a `Deletes` list into the keys to delete. */
export function parseDeletes(input: unknown, where: string): string[] {
  return list(input, where, DELETES_SHAPE).map((item, i) => {
    const at = `${where}[${i}]`;
    return field(entry(item, at, DELETES_SHAPE, ['Key']), 'Key', at, DELETES_SHAPE);
  });
}

function list(input: unknown, where: string, shape: string): unknown[] {
  if (!Array.isArray(input)) fail(`${where} must be a JSON array, got ${describe(input)}`, shape);
  return input;
}

function entry(item: unknown, at: string, shape: string, allowed: readonly string[]): Record<string, unknown> {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) fail(`${at} must be an object, got ${describe(item)}`, shape);
  const record = item as Record<string, unknown>;
  const extra = Object.keys(record).find((k) => !allowed.includes(k));
  if (extra !== undefined) fail(`${at} has unknown field "${extra}"`, shape);
  return record;
}

function field(record: Record<string, unknown>, name: string, at: string, shape: string): string {
  const value = record[name];
  if (value === undefined) fail(`${at} is missing "${name}"`, shape);
  if (typeof value !== 'string') fail(`${at}.${name} must be a string, got ${describe(value)}`, shape);
  return value;
}

function fail(message: string, shape: string): never {
  throw new KvsError('ValidationException', `${message}; expected ${shape}`);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `string ${quote(value)}`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}
