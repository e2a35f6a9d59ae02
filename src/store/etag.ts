import { randomBytes } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/**
 * A new store version tag shaped like CloudFront's (`KV` and 13 base32 characters, as in
 * `KV3UN6WX5RRO2AG`). Random rather than a counter so tags from two runs never collide.
 */
export function newEtag(previous?: string): string {
  for (;;) {
    const bytes = randomBytes(13);
    let tag = 'KV';
    for (const byte of bytes) tag += BASE32[byte & 31];
    if (tag !== previous) return tag;
  }
}
