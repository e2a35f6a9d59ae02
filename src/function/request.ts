import { queryFromPairs, type QueryPair, type RequestTarget } from '../router/index.js';
import type { CfField, CfRequest } from './event.js';

/** The core's view of a viewer request: its path and its query string as sent. */
export function requestTarget(request: CfRequest): RequestTarget {
  return { path: request.uri, query: viewerQuery(request) };
}

/**
 * The viewer's query string without `?`. `rawQueryString()` gives the exact
 * bytes; without it (older runtimes, other emulators) the string is rebuilt from
 * `querystring`, whose values arrive still percent-encoded.
 */
export function viewerQuery(request: CfRequest): string | undefined {
  const pairs = queryPairs(request.querystring);
  if (typeof request.rawQueryString === 'function') {
    const raw = request.rawQueryString();
    if (typeof raw === 'string' && raw !== '') return raw;
    // AWS's TestFunction answers "" even when its test event has parameters, so
    // an empty answer is only believed when the parsed parameters agree.
    if (raw === '' && pairs.length === 0) return raw;
  }
  return pairs.length > 0 ? queryFromPairs(pairs) : undefined;
}

/** Flattens CloudFront's `querystring` object, expanding `multiValue`, in order. */
export function queryPairs(querystring: Readonly<Record<string, CfField>> | undefined): QueryPair[] {
  const pairs: QueryPair[] = [];
  if (!querystring) return pairs;
  Object.keys(querystring).forEach((name) => {
    const field = querystring[name] as CfField;
    const values = field.multiValue && field.multiValue.length > 0 ? field.multiValue : [field];
    values.forEach((v) => {
      pairs.push({ name: name, value: v.value });
    });
  });
  return pairs;
}
