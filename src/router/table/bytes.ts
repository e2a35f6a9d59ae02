/**
 * UTF-8 length of a string, as the KVS counts key and value sizes.
 *
 * @example utf8Length('é') // 2
 */
export function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}
