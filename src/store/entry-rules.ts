/**
 * The rules one key, one value and one store name must follow, checked the same way
 * whether the input comes from the HTTP API, the CLI or seeding.
 */
import { KVS_KEY_MAX_BYTES, KVS_VALUE_MAX_BYTES, RESOURCE_NAME_PATTERN } from '../limits.js';
import { KvsError, quote } from './errors.js';

/** Size of `text` in UTF-8 bytes: the unit every KeyValueStore limit is counted in. */
export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Bytes an item counts toward the store's total: its key plus its value. */
export function itemBytes(key: string, value: string): number {
  return utf8Bytes(key) + utf8Bytes(value);
}

/** Throws a ValidationException unless `key` is 1 to 512 UTF-8 bytes. */
export function checkKey(key: string): void {
  if (key.length === 0) {
    throw new KvsError('ValidationException', `Key must not be empty; keys are 1 to ${KVS_KEY_MAX_BYTES} bytes`);
  }
  const bytes = utf8Bytes(key);
  if (bytes > KVS_KEY_MAX_BYTES) {
    throw new KvsError('ValidationException', `Key ${quote(key)} is ${bytes} bytes; the limit is ${KVS_KEY_MAX_BYTES} bytes`);
  }
}

/** Throws a ValidationException unless `value` is at most 1,024 UTF-8 bytes. */
export function checkValue(key: string, value: string): void {
  const bytes = utf8Bytes(value);
  if (bytes > KVS_VALUE_MAX_BYTES) {
    throw new KvsError(
      'ValidationException',
      `Value for key ${quote(key)} is ${bytes} bytes; the limit is ${KVS_VALUE_MAX_BYTES} bytes`,
    );
  }
}

/** Throws a ValidationException unless `name` matches CloudFront's resource name pattern. */
export function checkStoreName(name: string): void {
  if (!RESOURCE_NAME_PATTERN.test(name)) {
    throw new KvsError(
      'ValidationException',
      `Store name ${quote(name)} is not valid; names are 1 to 64 characters of letters, digits, - and _`,
    );
  }
}
