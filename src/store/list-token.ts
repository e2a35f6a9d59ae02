/**
 * ListKeys continuation tokens. A token names the last key of the page it ended, so a
 * listing stays correct while keys are written between pages (no offsets to shift).
 * Opaque to callers: base64url of a small JSON document.
 */
import { KvsError } from './errors.js';

const VERSION = 1;

/** The token that continues a listing after `lastKey`. */
export function encodeListToken(lastKey: string): string {
  return Buffer.from(JSON.stringify({ v: VERSION, after: lastKey }), 'utf8').toString('base64url');
}

/** The key a token continues after; a token this store did not issue is a ValidationException. */
export function decodeListToken(token: string): string {
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(token)) throw new Error('not base64url');
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && 'v' in parsed && 'after' in parsed) {
      const { v, after } = parsed as { v: unknown; after: unknown };
      if (v === VERSION && typeof after === 'string') return after;
    }
  } catch {
    // fall through to the one message below: why it failed to decode does not help the caller
  }
  throw new KvsError('ValidationException', 'NextToken is not valid; pass the NextToken of the previous ListKeys response unchanged');
}
