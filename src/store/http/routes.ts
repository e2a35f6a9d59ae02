/**
 * The six routes of the KeyValueStore data-plane API (rest-json), matched on the raw
 * path so an ARN's encoded `:` and `/` stay inside their segment.
 */
import { KvsError, quote } from '../errors.js';

/** The operations of service `cloudfront-keyvaluestore`. */
export type KvsOperation = 'DescribeKeyValueStore' | 'GetKey' | 'ListKeys' | 'PutKey' | 'DeleteKey' | 'UpdateKeys';

/** A matched request: which operation, on which store ARN, for which key. */
export interface KvsRoute {
  readonly operation: KvsOperation;
  readonly arn: string;
  readonly key?: string;
}

/**
 * The operation a method and raw path (no query) address, or `undefined` for none.
 *
 * @example matchRoute('GET', '/key-value-stores/arn%3Aaws%3A...%2Fabc/keys/k') // { operation: 'GetKey', arn, key: 'k' }
 */
export function matchRoute(method: string, rawPath: string): KvsRoute | undefined {
  const segments = rawPath.split('/');
  if (segments[0] !== '' || segments[1] !== 'key-value-stores' || segments[2] === undefined || segments[2] === '') return undefined;
  const arn = decode(segments[2], 'KvsARN');
  const rest = segments.slice(3);
  if (rest.length === 0) return method === 'GET' ? { operation: 'DescribeKeyValueStore', arn } : undefined;
  if (rest[0] !== 'keys') return undefined;
  if (rest.length === 1) {
    if (method === 'GET') return { operation: 'ListKeys', arn };
    if (method === 'POST') return { operation: 'UpdateKeys', arn };
    return undefined;
  }
  if (rest.length !== 2) return undefined;
  const key = decode(rest[1] as string, 'Key');
  const operation = ({ GET: 'GetKey', PUT: 'PutKey', DELETE: 'DeleteKey' } as const)[method as 'GET' | 'PUT' | 'DELETE'];
  return operation ? { operation, arn, key } : undefined;
}

function decode(segment: string, label: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new KvsError('ValidationException', `${label} in the path is not valid percent-encoding: ${quote(segment)}`);
  }
}
