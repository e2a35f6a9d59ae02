/**
 * The answer to a `FastRequest`, written to the viewer's socket without Node's
 * `ServerResponse` in the same bytes Node's would send: the status line, the headers
 * in the order given (repeats kept), then `Date`, `Connection` and `Keep-Alive` and the
 * framing (`Content-Length` from `end(body)`, or chunks) as Node adds them, the same
 * rules for `HEAD`, 204 and 304, and the same errors for an invalid name or value.
 * It has the members of `ServerResponse` the edge uses, and works with `pipe` and
 * `stream.finished` as a writable does.
 */
import { EventEmitter } from 'node:events';
import { STATUS_CODES, validateHeaderName, validateHeaderValue } from 'node:http';
import type { Socket } from 'node:net';
import { isValidHeaderValue } from '../runtime/headers.js';
import type { FastRequest } from './fast-request.js';

/** What a response tells its connection (`./fast-connection.ts`). */
export interface AnswerTarget {
  readonly socket: Socket;
  /** The server's `keepAliveTimeout` (ms), announced in `Keep-Alive`; 0 announces none. */
  readonly keepAliveTimeoutMs: number;
  /** The whole answer is written; `last` when the connection is to be closed after it. */
  answered(response: FastResponse, last: boolean): void;
}

type HeaderValue = string | number | ReadonlyArray<string | number>;

/** Bodies up to this size go out in one buffer with the head (one copy, one write). */
const JOINED_BODY_MAX_BYTES = 64 * 1024;

export class FastResponse extends EventEmitter implements NodeJS.WritableStream {
  statusCode = 200;
  statusMessage = '';
  /** True until the whole answer is written (`pipe` and `stream.finished` read it). */
  writable = true;
  writableEnded = false;
  writableFinished = false;
  destroyed = false;
  #fields: Record<string, [string, HeaderValue]> | undefined;
  #head: string | undefined;
  #headWritten = false;
  #hasBody: boolean;
  #chunked = false;
  #last = false;
  #contentLength: number | undefined;
  #settled = false;

  constructor(
    readonly req: FastRequest,
    private readonly target: AnswerTarget,
  ) {
    super();
    this.#hasBody = req.method !== 'HEAD';
  }

  /** True once the head is set (as Node's: set, not necessarily written). */
  get headersSent(): boolean {
    return this.#head !== undefined;
  }

  get writableNeedDrain(): boolean {
    return this.target.socket.writableNeedDrain;
  }

  setHeader(name: string, value: HeaderValue): this {
    if (this.#head !== undefined) throw headersSent('set');
    validateHeaderName(name);
    // Node's check takes any value (a number, a list) and tests it as a string.
    validateHeaderValue(name, value as string);
    (this.#fields ??= Object.create(null) as Record<string, [string, HeaderValue]>)[name.toLowerCase()] = [name, value];
    return this;
  }

  appendHeader(name: string, value: HeaderValue): this {
    if (this.#head !== undefined) throw headersSent('append');
    const field = this.#fields?.[name.toLowerCase()];
    // A first value is set, with setHeader's checks.
    if (!field) return this.setHeader(name, value);
    validateHeaderName(name);
    validateHeaderValue(name, value as string);
    const values = Array.isArray(field[1]) ? [...(field[1] as ReadonlyArray<string | number>)] : [field[1] as string | number];
    if (Array.isArray(value)) values.push(...(value as ReadonlyArray<string | number>));
    else values.push(value as string | number);
    field[1] = values;
    return this;
  }

  getHeader(name: string): HeaderValue | undefined {
    return this.#fields?.[name.toLowerCase()]?.[1];
  }

  writeHead(statusCode: number, reasonOrHeaders?: string | readonly string[], headers?: readonly string[]): this {
    if (this.#head !== undefined) throw headersSent('write');
    const code = statusCode | 0;
    if (code < 100 || code > 999) throw Object.assign(new RangeError(`Invalid status code: ${statusCode}`), { code: 'ERR_HTTP_INVALID_STATUS_CODE' });
    let list = headers;
    if (typeof reasonOrHeaders === 'string') this.statusMessage = reasonOrHeaders;
    else {
      if (!this.statusMessage) this.statusMessage = STATUS_CODES[code] ?? 'unknown';
      list ??= reasonOrHeaders;
    }
    this.statusCode = code;
    // As Node: these carry no body, and anything written is dropped.
    if (code === 204 || code === 304 || (code >= 100 && code <= 199)) this.#hasBody = false;
    if (!isValidHeaderValue(this.statusMessage)) throw Object.assign(new TypeError('Invalid character in statusMessage'), { code: 'ERR_INVALID_CHAR' });
    if (list && list.length % 2 !== 0) throw Object.assign(new TypeError('The argument \'headers\' is invalid'), { code: 'ERR_INVALID_ARG_VALUE' });
    if (this.#fields && list) {
      for (let n = 0; n < list.length; n += 2) if (list[n]) this.setHeader(list[n] as string, list[n + 1] as string);
      list = undefined;
    }
    this.#head = this.#buildHead(`HTTP/1.1 ${code} ${this.statusMessage}\r\n`, list);
    return this;
  }

  write(chunk: Uint8Array | string, encodingOrCallback?: BufferEncoding | ((error?: Error | null) => void), callback?: (error?: Error | null) => void): boolean {
    const done = typeof encodingOrCallback === 'function' ? encodingOrCallback : callback;
    if (this.writableEnded) {
      const error = Object.assign(new Error('write after end'), { code: 'ERR_STREAM_WRITE_AFTER_END' });
      process.nextTick(() => {
        done?.(error);
        this.emit('error', error);
      });
      return true;
    }
    if (this.#head === undefined) this.writeHead(this.statusCode);
    const body = toBuffer(chunk, typeof encodingOrCallback === 'string' ? encodingOrCallback : undefined);
    if (!this.#hasBody) {
      if (done) process.nextTick(done);
      return true;
    }
    return this.#send(this.#framed(body), done);
  }

  end(chunkOrCallback?: Uint8Array | string | (() => void), encodingOrCallback?: BufferEncoding | (() => void), callback?: () => void): this {
    if (this.writableEnded) return this;
    const chunk = typeof chunkOrCallback === 'function' ? undefined : chunkOrCallback;
    const done = typeof chunkOrCallback === 'function' ? chunkOrCallback : typeof encodingOrCallback === 'function' ? encodingOrCallback : callback;
    if (done) this.once('finish', done);
    const body = chunk === undefined ? undefined : toBuffer(chunk, typeof encodingOrCallback === 'string' ? encodingOrCallback : undefined);
    if (this.#head === undefined) {
      this.#contentLength = body?.length ?? 0;
      this.writeHead(this.statusCode);
    }
    this.writableEnded = true;
    const parts = body && this.#hasBody ? this.#framed(body) : [];
    if (this.#hasBody && this.#chunked) parts.push(LAST_CHUNK);
    this.#send(parts, (error) => {
      if (!error) this.#finish();
    });
    return this;
  }

  /** Closes the viewer's connection (the answer is cut off where it is). */
  destroy(error?: Error): this {
    if (this.destroyed) return this;
    this.destroyed = true;
    this.target.socket.destroy(error);
    return this;
  }

  /** The connection closed before the answer was whole: `close` without `finish`, as Node's. */
  abandon(): void {
    if (this.#settled) return;
    this.#settled = true;
    this.destroyed = true;
    this.emit('close');
  }

  #finish(): void {
    if (this.#settled) return;
    this.#settled = true;
    this.writableFinished = true;
    this.emit('finish');
    this.writable = false;
    this.target.answered(this, this.#last);
    process.nextTick(() => {
      this.destroyed = true;
      this.emit('close');
    });
  }

  /** `body` as it goes on the wire: as is, or as one chunk. */
  #framed(body: Buffer): Array<Buffer | string> {
    if (!this.#chunked) return body.length === 0 ? [] : [body];
    if (body.length === 0) return [];
    return [`${body.length.toString(16)}\r\n`, body, '\r\n'];
  }

  /** Writes `parts`, after the head if it has not gone out yet, in one write where it can. */
  #send(parts: Array<Buffer | string>, done?: (error?: Error | null) => void): boolean {
    const socket = this.target.socket;
    if (!this.#headWritten) {
      this.#headWritten = true;
      parts.unshift(this.#head as string);
    }
    if (socket.destroyed) {
      if (done) process.nextTick(done, new Error('the viewer closed the connection'));
      return false;
    }
    if (parts.length === 0) return socket.write(EMPTY, done);
    let bytes = 0;
    for (const part of parts) bytes += part.length;
    if (parts.length === 1 || bytes <= JOINED_BODY_MAX_BYTES) {
      const joined = parts.length === 1 ? toWire(parts[0] as Buffer | string) : Buffer.allocUnsafe(bytes);
      if (parts.length > 1) {
        let at = 0;
        for (const part of parts) at += typeof part === 'string' ? joined.write(part, at, 'latin1') : part.copy(joined, at);
      }
      return socket.write(joined, done);
    }
    socket.cork();
    let ok = true;
    parts.forEach((part, i) => (ok = socket.write(toWire(part), i === parts.length - 1 ? done : undefined)));
    socket.uncork();
    return ok;
  }

  /** The head as Node's `OutgoingMessage#_storeHeader` writes it for a kept-alive HTTP/1.1 connection. */
  #buildHead(statusLine: string, list: readonly string[] | undefined): string {
    const seen = { connection: false, length: false, te: false, date: false, keepAlive: false };
    let head = statusLine;
    const store = (name: string, value: string | number, validate = false) => {
      // Node's quirk, kept for the same bytes: with a body length known, a Content-Disposition
      // value is read as latin1 bytes and written back as UTF-8 text (so `é` goes out as 0xFD).
      const written = this.#contentLength && name.length === 19 && name.toLowerCase() === 'content-disposition' ? Buffer.from(String(value), 'latin1').toString() : value;
      if (validate) {
        validateHeaderName(name);
        validateHeaderValue(name, written as string);
      }
      head += `${name}: ${written}\r\n`;
      this.#match(seen, name, value);
    };
    if (list) {
      for (let n = 0; n < list.length; n += 2) {
        store(list[n] as string, list[n + 1] as string, true);
      }
    } else if (this.#fields) {
      for (const key in this.#fields) {
        const [name, value] = this.#fields[key] as [string, HeaderValue];
        if (!Array.isArray(value)) store(name, value as string | number);
        else if (value.length < 2 || key !== 'cookie') for (const item of value as ReadonlyArray<string | number>) store(name, item);
        else store(name, value.join('; '));
      }
    }
    if (!seen.date) head += `Date: ${utcDate()}\r\n`;
    let keepAlive = true;
    // Node forces a close rather than send a chunked 204 or 304.
    if (this.#chunked && (this.statusCode === 204 || this.statusCode === 304)) {
      this.#chunked = false;
      keepAlive = false;
    }
    if (!seen.connection) {
      if (keepAlive) {
        head += 'Connection: keep-alive\r\n';
        if (this.target.keepAliveTimeoutMs && !seen.keepAlive) head += `Keep-Alive: timeout=${Math.floor(this.target.keepAliveTimeoutMs / 1000)}\r\n`;
      } else {
        this.#last = true;
        head += 'Connection: close\r\n';
      }
    }
    if (!seen.length && !seen.te) {
      if (!this.#hasBody) this.#chunked = false;
      else if (this.#contentLength !== undefined) head += `Content-Length: ${this.#contentLength}\r\n`;
      else {
        head += 'Transfer-Encoding: chunked\r\n';
        this.#chunked = true;
      }
    }
    return `${head}\r\n`;
  }

  #match(seen: { connection: boolean; length: boolean; te: boolean; date: boolean; keepAlive: boolean }, name: string, value: string | number): void {
    if (name.length < 4 || name.length > 17) return;
    switch (name.toLowerCase()) {
      case 'connection':
        seen.connection = true;
        if (/(?:^|\W)close(?:$|\W)/i.test(String(value))) this.#last = true;
        break;
      case 'transfer-encoding':
        seen.te = true;
        if (/(?:^|\W)chunked(?:$|\W)/i.test(String(value))) this.#chunked = true;
        break;
      case 'content-length':
        seen.length = true;
        this.#contentLength = Number(value);
        break;
      case 'date':
        seen.date = true;
        break;
      case 'keep-alive':
        seen.keepAlive = true;
        break;
    }
  }
}

const EMPTY = Buffer.alloc(0);
const LAST_CHUNK = '0\r\n\r\n';

function toBuffer(chunk: Uint8Array | string, encoding: BufferEncoding | undefined): Buffer {
  if (typeof chunk === 'string') return Buffer.from(chunk, encoding ?? 'utf8');
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

/** A head or framing string goes out in latin1, as Node writes heads. */
function toWire(part: Buffer | string): Buffer {
  return typeof part === 'string' ? Buffer.from(part, 'latin1') : part;
}

function headersSent(what: 'set' | 'append' | 'write'): Error {
  return Object.assign(new Error(`Cannot ${what} headers after they are sent to the client`), { code: 'ERR_HTTP_HEADERS_SENT' });
}

let utcCache: string | undefined;

/** `Date`'s value, made at most once a second (as Node caches it). */
function utcDate(): string {
  if (utcCache === undefined) {
    const now = new Date();
    utcCache = now.toUTCString();
    setTimeout(() => (utcCache = undefined), 1000 - now.getMilliseconds()).unref();
  }
  return utcCache;
}
