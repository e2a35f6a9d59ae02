/**
 * The shape of a conformance case and the helpers case tables are written with.
 * A case names the spec line it checks (`§2 Buffer: base64url`), gives a
 * function's whole source and, when the default will not do, its event, store
 * and declared origins; `expect` says how CloudFront ends the run.
 */
import { viewerRequestEvent, type EventContext, type FunctionEvent } from '../../src/runtime/index.js';
import type { ConformanceResult } from './engine.js';

/** The id a case's store has, for `cf.kvs(id)`. */
export const KVS_ID = 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111';

export const CONTEXT: EventContext = {
  distributionDomainName: 'd111111abcdef8.cloudfront.net',
  distributionId: 'EDFDVBD6EXAMPLE',
  requestId: 'conformance-request-1',
};

/** How CloudFront ends the run; every field given must hold. */
export interface Expectation {
  readonly kind: ConformanceResult['kind'];
  /** For errors: 502 or 503. For responses: the status code. */
  readonly status?: number;
  /** Exactly these console.log lines. */
  readonly logs?: readonly string[];
  /** Matched as a subset of the output (`toMatchObject`). */
  readonly value?: unknown;
  /** The error text: equal to a string, or matching a RegExp. */
  readonly message?: string | RegExp;
  /** Matched as a subset of what the function asked of the origin. */
  readonly origin?: unknown;
}

export interface ConformanceCase {
  /** Unique across the suite. */
  readonly id: string;
  /** The spec section and line this case checks, e.g. `§2 Buffer: base64url`. */
  readonly spec: string;
  readonly source: string;
  /** @default a GET of `/index.html?lang=en` from viewer 203.0.113.9 (`requestEvent()`) */
  readonly event?: () => object;
  readonly kvs?: Readonly<Record<string, string>>;
  readonly originIds?: readonly string[];
  /**
   * Engines whose behaviour the case pins down; on others it does not run.
   * @default every engine
   */
  readonly engines?: readonly string[];
  readonly expect: Expectation;
  /**
   * How a named engine ends the case instead, where it differs from `expect` for a
   * reason the divergence list documents (docs/divergences.md, "Engines"). The
   * case then pins that engine's own outcome: if the engine ever ends it like the
   * others, the case fails and the entry (and the list) must go.
   */
  readonly byEngine?: Readonly<Record<string, Expectation>>;
}

/** A handler running `body`, then returning the request; `prelude` goes at the top of the file. */
export function handlerRunning(body: string, prelude = ''): string {
  return `${prelude}\nfunction handler(event) {\n${body}\nreturn event.request;\n}\n`;
}

/** A handler that logs `expression` (a string expression) once. */
export function logging(expression: string, prelude = ''): string {
  return handlerRunning(`console.log(${expression});`, prelude);
}

/** What a shorthand case may add: a prelude (imports, top-level code) and the case's other inputs. */
export interface CaseExtras extends Pick<ConformanceCase, 'event' | 'kvs' | 'originIds' | 'engines' | 'byEngine'> {
  readonly prelude?: string;
}

/** A case whose function logs `expression` and lets the request through: the log must be `line`. */
export function logCase(id: string, spec: string, expression: string, line: string, extras: CaseExtras = {}): ConformanceCase {
  const { prelude, ...rest } = extras;
  return { id, spec, source: logging(expression, prelude), ...rest, expect: { kind: 'request', logs: [line] } };
}

/** A case whose function runs `body` and must fail with an execution error (503) whose text matches. */
export function throwCase(id: string, spec: string, body: string, message: string | RegExp, extras: CaseExtras = {}): ConformanceCase {
  const { prelude, ...rest } = extras;
  return { id, spec, source: handlerRunning(body, prelude), ...rest, expect: { kind: 'error', status: 503, message } };
}

/**
 * A viewer-request event built from an HTTP request, as the edge builds it.
 * @param url - path and query as the viewer sent them.
 */
export function requestEvent(url = '/index.html?lang=en', headers: readonly string[] = ['Host', 'www.example.com', 'User-Agent', 'curl/8.5.0'], method = 'GET'): FunctionEvent {
  return viewerRequestEvent({ method, url, rawHeaders: headers, clientIp: '203.0.113.9' }, CONTEXT);
}

/** A viewer-response event: the default request and an origin response with these headers. */
export function responseEvent(statusCode = 200, headers: Record<string, unknown> = {}, cookies: Record<string, unknown> = {}): object {
  const request = requestEvent();
  return {
    version: '1.0',
    context: { ...CONTEXT, eventType: 'viewer-response' },
    viewer: { ip: '203.0.113.9' },
    request: JSON.parse(JSON.stringify(request.request)) as unknown,
    response: {
      statusCode,
      statusDescription: statusCode === 200 ? 'OK' : 'Status',
      headers: { 'content-type': { value: 'text/plain' }, 'content-length': { value: '5' }, ...headers },
      cookies,
    },
  };
}
