/** How answers look on the wire: rest-json bodies, and errors the AWS SDK can decode. */
import { randomUUID } from 'node:crypto';
import { KvsError } from '../errors.js';

/** An HTTP answer, independent of the server that sends it. */
export interface KvsHttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** A 200 answer with a JSON body and extra headers (such as `ETag`). */
export function jsonResponse(body: unknown, headers: Record<string, string> = {}): KvsHttpResponse {
  return { status: 200, headers: { ...baseHeaders(), ...headers }, body: JSON.stringify(body) };
}

/**
 * An error answer. The SDK reads the error type from `x-amzn-errortype` first, then from
 * `code`/`__type` in the body, and the message from `message`/`Message`: all are sent so
 * any AWS client (and a human with curl) gets the same result.
 */
export function errorResponse(error: unknown): KvsHttpResponse {
  const known = toKvsError(error);
  return errorWithType(known.code, known.statusCode, known.message);
}

/** An error whose type is not one of the API's own (e.g. an unknown route). */
export function errorWithType(type: string, status: number, message: string): KvsHttpResponse {
  return {
    status,
    headers: { ...baseHeaders(), 'x-amzn-errortype': type },
    body: JSON.stringify({ __type: type, code: type, message, Message: message }),
  };
}

/** Rest-json timestamps are epoch seconds (fractions allowed). */
export function epochSeconds(date: Date): number {
  return date.getTime() / 1000;
}

function toKvsError(error: unknown): KvsError {
  if (error instanceof KvsError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new KvsError('InternalServerException', `The local KeyValueStore failed unexpectedly: ${reason}`);
}

function baseHeaders(): Record<string, string> {
  return { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID() };
}
