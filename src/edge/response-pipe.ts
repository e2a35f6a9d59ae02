/**
 * The origin's answer on its way to the viewer: the status checked, the body
 * streamed with backpressure, and any failure on either side (an origin that resets
 * or stops mid-body, a viewer that goes away) ending both connections at once, so
 * no viewer waits on a body that will never come.
 */
import { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { finished, type Readable } from 'node:stream';
// The module's own: a test's fake timers replace the global `setImmediate`, and an answer would never go out.
import { setImmediate } from 'node:timers';
import { FastResponse } from './fast-response.js';
import type { ViewerResponse } from './viewer.js';

/** Statuses the edge passes on; anything else from an origin is an invalid response (502). */
export function isValidOriginStatus(status: number | undefined): status is number {
  return status !== undefined && Number.isInteger(status) && status >= 200 && status <= 599;
}

/** An origin's answer body, as Node's HTTP client and the edge's origin client (`./origin.ts`) give it: `complete` once all of it is in. */
export type OriginBody = Readable & { readonly complete: boolean };

/** Which side broke a response off: the origin (reset, cut short, stalled) or the viewer (went away). */
export type BrokenSide = 'origin' | 'viewer';

/**
 * Hears which side broke a response off first, and why; the viewer's connection is
 * closed by then, and so is the origin's when `originClosed` (it is not when the
 * origin had sent its whole answer: that connection stays open for the next request).
 */
export type OnBroken = (side: BrokenSide, reason: string, originClosed: boolean) => void;

/**
 * Streams `origin` into `res` (whose status and headers are set); `onFailure` hears of a break.
 * `framedByLength`: whether `res` carries a `Content-Length` (the headers may have
 * been written as a list, which `res.hasHeader` does not see).
 */
export function pipeOriginBody(origin: OriginBody, res: ViewerResponse, framedByLength: boolean, onFailure: OnBroken): void {
  if (framedByLength && sendWhole(origin, res, onFailure)) return;
  // `pipe` and `finished` rather than `pipeline`, which makes an AbortController per call
  // and aborts it (building a DOMException) even when all went well: per request, that
  // cost more than the rest of this function.
  let over = false;
  const fail = (side: BrokenSide, error: Error) => {
    if (over) return;
    over = true;
    res.destroy();
    origin.destroy();
    onFailure(side, error.message, true);
  };
  origin.pipe(res);
  finished(origin, (error) => {
    if (error) fail('origin', error);
  });
  finished(res, (error) => {
    if (error) fail('viewer', error);
    else over = true;
  });
}

/**
 * The common case, sent without a stream between the two: the origin's whole body,
 * framed by its `Content-Length`, had come in by the time its answer was sent on
 * (the origin can no longer break it off), so it goes out with the headers in one
 * write. Only the viewer can still fail. False, having taken nothing, otherwise.
 * A body framed by chunks keeps its framing through the stream (`res.end(body)`
 * would turn it into a `Content-Length`).
 */
function sendWhole(origin: OriginBody, res: ViewerResponse, onFailure: OnBroken): boolean {
  if (!origin.complete || origin.destroyed) return false;
  const chunks: Buffer[] = [];
  for (let chunk = origin.read() as Buffer | null; chunk !== null; chunk = origin.read() as Buffer | null) chunks.push(chunk);
  whenCutOff(res, (reason) => {
    res.destroy();
    onFailure('viewer', reason, false);
  });
  endThisTurn(res, chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks));
  return true;
}

/**
 * Calls `cutOff` if `res` ends without its whole answer written (the viewer went
 * away). A `FastResponse` says so with one listener; Node's `ServerResponse` is
 * watched by `stream.finished`, whose six listeners and closures per answer cost more.
 */
function whenCutOff(res: ViewerResponse, cutOff: (reason: string) => void): void {
  if (res instanceof FastResponse) {
    res.once('close', () => {
      if (!res.writableFinished) cutOff(PREMATURE_CLOSE);
    });
    return;
  }
  finished(res, (error) => {
    if (error) cutOff(error.message);
  });
}

/** What `stream.finished` reports for a stream closed before it finished. */
const PREMATURE_CLOSE = 'Premature close';

/**
 * Answers whose whole body is in hand, written together once the event loop's turn has
 * handled its I/O (`setImmediate`) rather than each as it is ready. A write to a viewer
 * wakes the viewer's reader, which on a busy machine may take the event loop's core from
 * it in mid-turn; written together, the answers of one turn wake each reader once. In
 * alternating pairs of 2 s of `cellfront dev` in proxy mode (wrk on the same 2 cores),
 * 6.7% more proxied requests on average over five sets (76 pairs, ahead in 57): 10.5% and
 * 13.7% with the machine in its slow state, 0.8% to 5.8% in its fast one. Deferring the
 * writes to origins the same way gave nothing (0.974 in 16 pairs).
 */
let unwritten: Array<[ViewerResponse, Buffer]> = [];

function endThisTurn(res: ViewerResponse, body: Buffer): void {
  unwritten.push([res, body]);
  if (unwritten.length === 1) setImmediate(writeUnwritten);
}

function writeUnwritten(): void {
  const answers = unwritten;
  unwritten = [];
  for (const [res, body] of answers) {
    // A viewer that went away meanwhile: `finished` (in `sendWhole`) reports it.
    if (res.destroyed) continue;
    try {
      res.end(body);
    } catch {
      res.destroy();
    }
  }
}

/** How long the edge keeps reading (and dropping) a body it answered without, before closing the connection. */
export const UNREAD_BODY_DRAIN_MS = 10_000;

/**
 * Called as an answer begins. When the viewer has not finished sending its body,
 * what still comes is read and dropped (never kept) for up to `UNREAD_BODY_DRAIN_MS`,
 * so the viewer gets to read the answer instead of a reset; then the connection is
 * closed. With `close` (a request over a limit) the answer also says
 * `Connection: close`, as CloudFront ends the connection after a 413.
 *
 * An answer that is the connection's last (the viewer asked to close, or `close`)
 * ends only the edge's side of it: closing the whole socket with the viewer's bytes
 * still arriving would reset the connection, and a reset can reach the viewer before
 * it has read the answer. The socket is closed once the body is in, or at the drain time.
 */
export function closeWhenUnread(res: ViewerResponse, close = false): void {
  const req = res.req;
  // A request read by the edge itself has no body (`./fast-request.ts`).
  if (req.complete || !(req instanceof IncomingMessage)) return;
  if (close && !res.headersSent) res.setHeader('connection', 'close');
  const socket = req.socket as Socket & { destroySoon?: () => void };
  const closeSoon = socket.destroySoon;
  let timer: NodeJS.Timeout | undefined;
  const drain = () => {
    if (timer) return;
    req.resume();
    timer = setTimeout(() => socket.destroy(), UNREAD_BODY_DRAIN_MS).unref();
    socket.once('close', () => clearTimeout(timer));
  };
  if (typeof closeSoon === 'function') {
    // Node's server calls it once the connection's last answer is out (before `finish` reaches the listener below).
    socket.destroySoon = () => {
      if (req.complete) return closeSoon.call(socket);
      socket.end();
      drain();
      req.once('end', () => closeSoon.call(socket));
    };
  }
  res.once('finish', () => {
    if (req.complete) return;
    drain();
    req.once('end', () => clearTimeout(timer));
  });
}
