/**
 * A function's result in event form, as CloudFront's TestFunction reports it in
 * `FunctionOutput` (`{"request": {...}}` or `{"response": {...}}`), after the
 * runtime's checks and merge rules (a changed multiValue wins over value).
 */
import { addSetCookieHeader } from './cookies.js';
import type { EventRequest, EventResponse, Invocation, SetCookieMap, ValueMap } from './types.js';
import { appendItem } from './values.js';

/** `FunctionOutput.response`: the event form, with the body when the function gave one. */
export interface OutputResponse extends Omit<EventResponse, 'statusDescription'> {
  statusDescription?: string;
  body?: { data: string; encoding: 'text' | 'base64' };
}

/** TestFunction's `FunctionOutput`, parsed. */
export type FunctionOutput = { request: EventRequest } | { response: OutputResponse };

/**
 * The output of a successful invocation, or `undefined` for an error.
 *
 * @example
 * const output = functionOutput(await fn.invoke(event));
 * console.log(JSON.stringify(output)); // {"request":{"method":"GET",...}}
 */
export function functionOutput(outcome: Invocation): FunctionOutput | undefined {
  if (outcome.kind === 'error') return undefined;
  if (outcome.kind === 'request') {
    // A plain copy: the event's rawQueryString() method is not data.
    return { request: JSON.parse(JSON.stringify(outcome.eventRequest)) as EventRequest };
  }
  const { statusCode, statusDescription, headers: wire, outputHeaders, body } = outcome.response;
  const lines = outputHeaders ?? wire;
  const headers: ValueMap = {};
  const cookies: SetCookieMap = {};
  for (const [name, value] of lines) {
    if (name === 'set-cookie') addSetCookieHeader(cookies, value);
    else appendItem(headers, name, { value });
  }
  const response: OutputResponse = { statusCode, headers, cookies };
  if (statusDescription !== undefined) response.statusDescription = statusDescription;
  if (body !== undefined) {
    const text = body.toString('utf8');
    // Bytes that are not UTF-8 text are given as base64, as a function would have to write them.
    response.body = Buffer.from(text, 'utf8').equals(body) ? { data: text, encoding: 'text' } : { data: body.toString('base64'), encoding: 'base64' };
  }
  return { response };
}
