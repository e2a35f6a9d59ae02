/**
 * The event object `cellfront test-function --event-object` reads: the format of
 * CloudFront's TestFunction (spec §1), as the console's editor exports it.
 * `distributionDomainName`, `distributionId` and `requestId` may be left out;
 * `viewer` may be left out too (the function then sees no `viewer`);
 * `querystring`, `headers` and `cookies` default to empty; header names must be
 * lower-case. Checked once, here, with messages that name the field.
 */
import type { EventRequest, EventResponse, EventType, FunctionEvent, SetCookieEntry, SetCookieMap, ValueEntry, ValueMap } from '../../runtime/index.js';
import { CliError } from '../errors.js';

/** What TestFunction puts in the context fields an event object leaves out. */
export const TEST_EVENT_CONTEXT = {
  distributionDomainName: 'd111111abcdef8.cloudfront.net',
  distributionId: 'EDFDVBD6EXAMPLE',
  requestId: 'cellfront-test-function',
} as const;

type Json = Record<string, unknown>;

/**
 * The event in `text` (the file `shown`), ready for `handler`.
 *
 * @throws CliError naming the file and the field when the event is not one CloudFront accepts.
 */
export function parseEventObject(text: string, shown: string): FunctionEvent {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new CliError(`--event-object ${shown}: not JSON (${(error as Error).message})`);
  }
  const fail = (path: string, what: string): never => {
    throw new CliError(`--event-object ${shown}: ${path} ${what}`);
  };
  const event = objectAt(document, 'the event', fail);
  if (event.version !== undefined && event.version !== '1.0') fail('version', `must be "1.0" (got ${JSON.stringify(event.version)})`);
  const context = objectAt(event.context, 'context', fail);
  const eventType = context.eventType;
  if (eventType !== 'viewer-request' && eventType !== 'viewer-response') {
    fail('context.eventType', `must be "viewer-request" or "viewer-response" (got ${JSON.stringify(eventType)})`);
  }
  // An event may leave `viewer` out (the aws-samples testing tool writes such
  // events); the function then sees none, as TestFunction passes on what it was given.
  const viewer = event.viewer === undefined ? undefined : objectAt(event.viewer, 'viewer', fail);
  const ip = viewer === undefined ? undefined : stringAt(viewer.ip, 'viewer.ip', fail);
  const request = requestAt(event.request, fail);
  const result: FunctionEvent = {
    version: '1.0',
    context: {
      distributionDomainName: optionalString(context.distributionDomainName, 'context.distributionDomainName', fail) ?? TEST_EVENT_CONTEXT.distributionDomainName,
      distributionId: optionalString(context.distributionId, 'context.distributionId', fail) ?? TEST_EVENT_CONTEXT.distributionId,
      eventType: eventType as EventType,
      requestId: optionalString(context.requestId, 'context.requestId', fail) ?? TEST_EVENT_CONTEXT.requestId,
    },
    ...(ip === undefined ? {} : { viewer: { ip } }),
    request,
  };
  if (eventType === 'viewer-response') result.response = responseAt(event.response, fail);
  else if (event.response !== undefined) fail('response', 'is only given for viewer-response events');
  return result;
}

type Fail = (path: string, what: string) => never;

function requestAt(value: unknown, fail: Fail): EventRequest {
  const request = objectAt(value, 'request', fail);
  const uri = stringAt(request.uri, 'request.uri', fail);
  if (!uri.startsWith('/')) fail('request.uri', `must start with "/" (got ${JSON.stringify(uri)})`);
  return {
    method: stringAt(request.method, 'request.method', fail),
    uri,
    querystring: valueMapAt(request.querystring, 'request.querystring', fail),
    headers: withoutCookieHeader(valueMapAt(request.headers, 'request.headers', fail, true), 'request', 'cookie', fail),
    cookies: valueMapAt(request.cookies, 'request.cookies', fail),
  };
}

/**
 * `headers`, refused when it holds the header CloudFront never puts there (`cookie` in
 * a request, `set-cookie` in a response): CloudFront parses it into `cookies`, so a
 * function given it would fail CloudFront's check of its result for passing it on.
 */
function withoutCookieHeader(headers: ValueMap, part: 'request' | 'response', name: 'cookie' | 'set-cookie', fail: Fail): ValueMap {
  if (headers[name] === undefined) return headers;
  return fail(`${part}.headers[${JSON.stringify(name)}]`, `must not be given: CloudFront passes ${name === 'cookie' ? 'the Cookie header' : 'Set-Cookie headers'} to a function in ${part}.cookies, never in ${part}.headers (give them there)`);
}

function responseAt(value: unknown, fail: Fail): EventResponse {
  const response = objectAt(value, 'response', fail);
  const status = response.statusCode;
  if (typeof status !== 'number' || !Number.isInteger(status)) fail('response.statusCode', `must be an integer (got ${JSON.stringify(status)})`);
  return {
    statusCode: status as number,
    statusDescription: optionalString(response.statusDescription, 'response.statusDescription', fail) ?? '',
    headers: withoutCookieHeader(valueMapAt(response.headers, 'response.headers', fail, true), 'response', 'set-cookie', fail),
    cookies: setCookieMapAt(response.cookies, 'response.cookies', fail),
  };
}

function valueMapAt(value: unknown, path: string, fail: Fail, lowerCaseNames = false): ValueMap {
  const map: ValueMap = {};
  for (const [name, raw] of Object.entries(value === undefined ? {} : objectAt(value, path, fail))) {
    const at = `${path}[${JSON.stringify(name)}]`;
    if (lowerCaseNames && name !== name.toLowerCase()) fail(at, `must be named in lower case, as CloudFront gives header names (${JSON.stringify(name.toLowerCase())})`);
    const entry = objectAt(raw, at, fail);
    const item: ValueEntry = { value: stringAt(entry.value, `${at}.value`, fail) };
    if (entry.multiValue !== undefined) {
      item.multiValue = listAt(entry.multiValue, `${at}.multiValue`, fail).map((one, i) => ({
        value: stringAt(objectAt(one, `${at}.multiValue[${i}]`, fail).value, `${at}.multiValue[${i}].value`, fail),
      }));
    }
    map[name] = item;
  }
  return map;
}

function setCookieMapAt(value: unknown, path: string, fail: Fail): SetCookieMap {
  const map: SetCookieMap = {};
  for (const [name, raw] of Object.entries(value === undefined ? {} : objectAt(value, path, fail))) {
    const at = `${path}[${JSON.stringify(name)}]`;
    const entry = objectAt(raw, at, fail);
    const attributes = optionalString(entry.attributes, `${at}.attributes`, fail);
    const item: SetCookieEntry = { value: stringAt(entry.value, `${at}.value`, fail), ...(attributes === undefined ? {} : { attributes }) };
    if (entry.multiValue !== undefined) {
      item.multiValue = listAt(entry.multiValue, `${at}.multiValue`, fail).map((listed, i) => {
        const one = objectAt(listed, `${at}.multiValue[${i}]`, fail);
        const more = optionalString(one.attributes, `${at}.multiValue[${i}].attributes`, fail);
        return { value: stringAt(one.value, `${at}.multiValue[${i}].value`, fail), ...(more === undefined ? {} : { attributes: more }) };
      });
    }
    map[name] = item;
  }
  return map;
}

function objectAt(value: unknown, path: string, fail: Fail): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail(path, `must be an object (got ${describe(value)})`);
  return value as Json;
}

function listAt(value: unknown, path: string, fail: Fail): unknown[] {
  return Array.isArray(value) ? value : fail(path, `must be an array (got ${describe(value)})`);
}

function stringAt(value: unknown, path: string, fail: Fail): string {
  return typeof value === 'string' ? value : fail(path, `must be a string (got ${describe(value)})`);
}

function optionalString(value: unknown, path: string, fail: Fail): string | undefined {
  return value === undefined ? undefined : stringAt(value, path, fail);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  return value === null ? 'null' : typeof value === 'object' ? 'an object' : JSON.stringify(value);
}
