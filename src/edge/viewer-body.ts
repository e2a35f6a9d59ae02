/**
 * The viewer's request body as the edge forwards it: streamed from the viewer's
 * socket to the origin's, never held whole in memory, with CloudFront's size limit.
 * It is piped only once a request goes out on a connection (`./origin.ts`), so until
 * then it can still be sent elsewhere (a retry on a new connection).
 */
import type { IncomingMessage } from 'node:http';
import type { Writable } from 'node:stream';

/** How much of the body an observer sees (`OriginCall.body`); the rest is counted, not kept. */
export const OBSERVED_BODY_MAX_BYTES = 1024 * 1024;

/** Why forwarding the body stopped before its end. */
export type BodyFailure = 'too-large' | 'viewer-aborted';

/**
 * One viewer request's body. `length` is the declared Content-Length (0 for no body,
 * `undefined` for a chunked body of unknown size).
 *
 * @example
 * const body = ViewerBody.of(req, REQUEST_BODY_MAX_BYTES);
 * if (body.length === 0) originRequest.end(); else body.pipeTo(originRequest, (why) => originRequest.destroy());
 */
export class ViewerBody {
  #sent = 0;
  #observed: Buffer[] = [];
  #observedBytes = 0;

  private constructor(
    private readonly source: IncomingMessage | undefined,
    readonly length: number | undefined,
    private readonly maxBytes: number,
    private readonly observe: boolean,
  ) {}

  /** The body of `req`, limited to `maxBytes`; `observe` keeps its first MiB for an observer. */
  static of(req: IncomingMessage, maxBytes: number, observe = false): ViewerBody {
    const chunked = req.headers['transfer-encoding'] !== undefined;
    const declared = req.headers['content-length'];
    const length = chunked ? undefined : declared === undefined ? 0 : Number(declared);
    return new ViewerBody(length === 0 ? undefined : req, length, maxBytes, observe);
  }

  /** A body with nothing in it. */
  static empty(): ViewerBody {
    return new ViewerBody(undefined, 0, 0, false);
  }

  /** The declared length is over the limit: refuse before reading anything. */
  get declaredTooLarge(): boolean {
    return this.length !== undefined && this.length > this.maxBytes;
  }

  /** Bytes passed on so far. */
  get sentBytes(): number {
    return this.#sent;
  }

  /** Whether the viewer has sent all of its body (true for an empty one). */
  get complete(): boolean {
    return this.source === undefined || this.source.complete;
  }

  /** The first bytes of the body as sent, for an observer. */
  observed(): Buffer {
    return Buffer.concat(this.#observed);
  }

  /**
   * Streams the body into `destination` with backpressure and ends it. Calls
   * `onFailure` (once) when the viewer goes away before the end or sends more than
   * the limit; the caller then tears the destination down.
   */
  pipeTo(destination: Writable, onFailure: (why: BodyFailure) => void): void {
    const source = this.source;
    if (!source) {
      destination.end();
      return;
    }
    let failed = false;
    const fail = (why: BodyFailure) => {
      if (failed) return;
      failed = true;
      source.off('data', onData);
      source.unpipe(destination);
      onFailure(why);
    };
    const onData = (chunk: Buffer) => {
      this.#sent += chunk.length;
      if (this.observe && this.#observedBytes < OBSERVED_BODY_MAX_BYTES) {
        const kept = chunk.subarray(0, OBSERVED_BODY_MAX_BYTES - this.#observedBytes);
        this.#observed.push(kept);
        this.#observedBytes += kept.length;
      }
      if (this.#sent > this.maxBytes) fail('too-large');
    };
    source.on('data', onData);
    source.once('aborted', () => fail('viewer-aborted'));
    source.once('close', () => {
      if (!source.complete) fail('viewer-aborted');
    });
    source.pipe(destination);
  }

  /** Drops whatever of the body is still unread (the edge answered without an origin). */
  discard(): void {
    this.source?.resume();
  }
}
