import { SLOT_COUNT } from './constants.js';

/**
 * 32-bit FNV-1a over the key's Unicode code points, then MurmurHash3's
 * `fmix32` finalizer. FNV-1a alone mixes its last characters poorly (`user-1`
 * and `user-2` land close together); `fmix32` spreads every input bit over the
 * whole word, so `% SLOT_COUNT` is uniform even for sequential keys. Only
 * `Math.imul`, `>>>` and `charCodeAt`: CloudFront Functions have no BigInt.
 *
 * Code points, not UTF-16 units, because engines disagree on units: njs (and
 * so, it seems, CloudFront) indexes strings by code point, where `'🙂'.length`
 * is 1 and a lone surrogate reads as U+FFFD. Joining surrogate pairs here, and
 * reading lone halves as U+FFFD, gives every engine the same hash. For ASCII
 * keys this is plain FNV-1a over bytes.
 *
 * @example hash32('tenant-42') // an unsigned 32-bit integer, the same everywhere
 */
export function hash32(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    let c = key.charCodeAt(i);
    if (c >= 0xd800 && c < 0xe000) {
      const low = key.charCodeAt(i + 1);
      if (c < 0xdc00 && low >= 0xdc00 && low < 0xe000) {
        c = (c - 0xd800) * 0x400 + low - 0xdc00 + 0x10000;
        i++;
      } else c = 0xfffd;
    }
    h ^= c;
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The slot a partition key falls in, in `[0, SLOT_COUNT)`.
 *
 * @example slotOf('tenant-42') // the same slot on every edge, every time
 */
export function slotOf(key: string): number {
  return hash32(key) % SLOT_COUNT;
}
