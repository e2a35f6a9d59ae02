/**
 * CloudFront's limits on what a viewer sends, checked before any function runs:
 * the request line and headers (20,480 bytes → 494), the URL (8,192 bytes → 413,
 * connection closed), and a declared body over the size limit (413, connection
 * closed). A request line and headers too long even to parse get 494 from the
 * parser's error handler; other unparsable requests get 400.
 */
import type { Duplex } from 'node:stream';
import { REQUEST_HEADERS_MAX_BYTES, URL_MAX_CHARS } from '../limits.js';
import { edgeErrorPage } from './cloudfront-errors.js';
import type { ViewerRequest } from './viewer.js';

/** Why the edge refuses a request before running anything, and the status it answers. */
export interface Refusal {
  readonly status: 413 | 494;
  readonly detail: string;
  /** Close the connection after answering (the rest of the request is not read). */
  readonly close: boolean;
}

/** The first limit `req` breaks, or `undefined`. `maxBodyBytes` is the body size limit. */
export function checkViewerRequest(req: ViewerRequest, maxBodyBytes: number): Refusal | undefined {
  const headerBytes = requestHeaderBytes(req);
  if (headerBytes > REQUEST_HEADERS_MAX_BYTES) {
    return { status: 494, detail: `The request line and headers are ${headerBytes} bytes; CloudFront accepts at most ${REQUEST_HEADERS_MAX_BYTES}.`, close: false };
  }
  const urlLength = Buffer.byteLength(req.url ?? '/');
  if (urlLength > URL_MAX_CHARS) {
    return { status: 413, detail: `The URL is ${urlLength} bytes; CloudFront accepts at most ${URL_MAX_CHARS}.`, close: true };
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  if (req.headers['transfer-encoding'] === undefined && declared > maxBodyBytes) {
    return { status: 413, detail: `The request body is ${declared} bytes; this distribution accepts at most ${maxBodyBytes}.`, close: true };
  }
  return undefined;
}

/** Size of the request line and headers as they came on the wire. */
export function requestHeaderBytes(req: ViewerRequest): number {
  let total = `${req.method} ${req.url} HTTP/${req.httpVersion}\r\n`.length;
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    total += (req.rawHeaders[i]?.length ?? 0) + 2 + (req.rawHeaders[i + 1]?.length ?? 0) + 2;
  }
  return total;
}

/**
 * Answers a request the HTTP parser rejected (the server's `clientError`): 494 for a
 * request line and headers too large to parse, 408 for a head that took too long,
 * 400 for anything else, with
 * CloudFront's error page, then closes the connection.
 */
export function answerUnparsable(error: Error & { code?: string }, socket: Duplex, requestId: string): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const timedOut = error.code === 'ERR_HTTP_REQUEST_TIMEOUT';
  const status = tooLarge ? 494 : timedOut ? 408 : 400;
  const body = edgeErrorPage(status, tooLarge ? `The request line and headers are larger than CloudFront accepts (${REQUEST_HEADERS_MAX_BYTES} bytes).` : '', requestId);
  const head = [
    `HTTP/1.1 ${status} ${tooLarge ? 'Request Header Or Cookie Too Large' : timedOut ? 'Request Timeout' : 'Bad Request'}`,
    'Server: CloudFront',
    'Content-Type: text/html',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'X-Cache: Error from cloudfront',
    `X-Amz-Cf-Id: ${requestId}`,
    'Connection: close',
  ];
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
  // A viewer that does not read the answer does not keep the connection.
  setTimeout(() => socket.destroy(), 1_000).unref();
}
