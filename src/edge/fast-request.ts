/**
 * The requests the edge reads without Node's HTTP parser (`./fast-connection.ts`):
 * a `GET` or `HEAD` in HTTP/1.1, on a kept-alive connection, with no body and
 * nothing unusual in its head. Anything else, or anything this reader is unsure
 * of, is left to Node's parser, which then answers it as it answers every request.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';

/**
 * The largest request head read here; a longer one goes to Node's parser (and to the
 * edge's limits: at 8 KiB no URL and no head can be over CloudFront's).
 */
export const FAST_HEAD_MAX_BYTES = 8 * 1024;

/** A request line the edge reads itself: a method it knows has no body, an origin-form target, HTTP/1.1. */
const REQUEST_LINE = /^(GET|HEAD) (\/[\x21-\x7e]*) HTTP\/1\.1$/;
/**
 * A header field as the reader accepts it: a token, a colon, optional spaces, and a
 * value of visible ASCII with inner spaces or tabs and none at its end (Node would
 * trim those; such a head is left to it).
 */
const HEADER_LINE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \t]*((?:[\x21-\x7e](?:[\x20-\x7e\t]*[\x21-\x7e])?)?)$/;

/**
 * Header names that hand a request to Node's parser: a body (`content-length`,
 * `transfer-encoding`), a protocol change or an interim answer (`upgrade`, `expect`),
 * and `proxy-connection`, which Node's parser reads as `connection`.
 * `connection` is read only when it says `keep-alive`.
 */
const NOT_HERE = new Set(['content-length', 'transfer-encoding', 'upgrade', 'expect', 'proxy-connection']);

/**
 * A request read by the edge itself, with the members of Node's `IncomingMessage`
 * that the edge uses, holding what Node's would: `url` and `rawHeaders` as sent (values
 * without their leading spaces), `complete` (there is no body).
 */
export class FastRequest {
  readonly httpVersion = '1.1';
  readonly httpVersionMajor = 1;
  readonly httpVersionMinor = 1;
  /** No body: the request is whole once its head is. */
  readonly complete = true;
  #headers: IncomingHttpHeaders | undefined;

  constructor(
    readonly method: 'GET' | 'HEAD',
    readonly url: string,
    readonly rawHeaders: string[],
    readonly socket: Socket,
  ) {}

  /** The headers by lower-case name, repeats joined as Node joins them (`set-cookie` a list, `cookie` with `; `, others with `, `). */
  get headers(): IncomingHttpHeaders {
    if (this.#headers) return this.#headers;
    const headers: Record<string, string | string[]> = {};
    for (let i = 0; i + 1 < this.rawHeaders.length; i += 2) {
      const name = (this.rawHeaders[i] as string).toLowerCase();
      const value = this.rawHeaders[i + 1] as string;
      const known = headers[name];
      if (name === 'set-cookie') headers[name] = [...((known as string[] | undefined) ?? []), value];
      else if (known === undefined) headers[name] = value;
      else if (!SINGLE_VALUED.has(name)) headers[name] = `${known as string}${name === 'cookie' ? '; ' : ', '}${value}`;
    }
    this.#headers = headers;
    return headers;
  }

  /** Nothing to drop: the request has no body. */
  resume(): this {
    return this;
  }
}

/** Headers Node keeps the first of, dropping repeats (`IncomingMessage#headers`). */
const SINGLE_VALUED = new Set([
  'age', 'authorization', 'content-length', 'content-type', 'etag', 'expires', 'from', 'host', 'if-modified-since',
  'if-unmodified-since', 'last-modified', 'location', 'max-forwards', 'proxy-authorization', 'referer', 'retry-after', 'server', 'user-agent',
]);

/**
 * Reads `head` (a request line and header lines, without the blank line that ends
 * them) as a `FastRequest` on `socket`, or `undefined` when it is not one the edge
 * reads itself (see the module's comment).
 */
export function readSimpleHead(head: string, socket: Socket): FastRequest | undefined {
  const lineEnd = head.indexOf('\r\n');
  const requestLine = REQUEST_LINE.exec(lineEnd < 0 ? head : head.slice(0, lineEnd));
  if (!requestLine) return undefined;
  const rawHeaders: string[] = [];
  let hosts = 0;
  for (let at = lineEnd; at >= 0; ) {
    const start = at + 2;
    at = head.indexOf('\r\n', start);
    const field = HEADER_LINE.exec(at < 0 ? head.slice(start) : head.slice(start, at));
    if (!field) return undefined;
    const name = field[1] as string;
    const value = field[2] as string;
    const lower = name.toLowerCase();
    if (NOT_HERE.has(lower)) return undefined;
    if (lower === 'connection' && value.toLowerCase() !== 'keep-alive') return undefined;
    if (lower === 'host') hosts++;
    rawHeaders.push(name, value);
  }
  // HTTP/1.1 requires one Host (Node answers 400 without it).
  if (hosts !== 1) return undefined;
  return new FastRequest(requestLine[1] as 'GET' | 'HEAD', requestLine[2] as string, rawHeaders, socket);
}
