/**
 * Random bytes for per-request needs (request ids, `Math.random` seeds), drawn
 * from the system a batch at a time: one `randomFillSync` per batch, not per request.
 */
import { randomFillSync } from 'node:crypto';

export class RandomBatch {
  /** The batch; `take` says where the caller's bytes start. */
  readonly bytes: Buffer;
  #at: number;

  /** @param size - bytes per batch: a multiple of every size `take` is asked for */
  constructor(size: number) {
    this.bytes = Buffer.alloc(size);
    this.#at = size;
  }

  /** The offset in `bytes` of `count` fresh random bytes, refilling the batch when it is used up. */
  take(count: number): number {
    if (this.#at + count > this.bytes.length) {
      randomFillSync(this.bytes);
      this.#at = 0;
    }
    const at = this.#at;
    this.#at += count;
    return at;
  }
}
