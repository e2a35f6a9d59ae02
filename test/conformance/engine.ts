/**
 * What the conformance suite needs from an engine: run one function on one event
 * and say how it ended. The same case tables (`cases/*.ts`) run on every engine
 * through `suite.ts` (`runConformance(engine)`); each engine has a runner file
 * (`vm.test.ts`, `njs.test.ts`) that builds its `ConformanceEngine` and calls it.
 *
 * Results are in event form, the way CloudFront's TestFunction reports a
 * function's output, so an engine that has no edge behind it can still answer.
 */

/** The two events a CloudFront Function runs for. */
export type ConformanceEventType = 'viewer-request' | 'viewer-response';

/** One run: a function's source (runtime 2.0 syntax, `import cf from 'cloudfront'` allowed) and a complete event. */
export interface ConformanceInput {
  readonly source: string;
  /**
   * A complete event (spec §1): `version`, `context`, `viewer`, `request`, and
   * `response` for viewer-response. Pass this very object to the function's
   * `invoke`: an event built from an HTTP request (`viewerRequestEvent`) carries
   * the viewer's raw query string beside it, for `request.rawQueryString()`.
   */
  readonly event: object;
  /**
   * Contents of the function's associated KeyValueStore.
   * @default - no store is associated: `cf.kvs()` throws
   */
  readonly kvs?: Readonly<Record<string, string>>;
  /**
   * Origin ids declared on the distribution, for `cf.selectRequestOriginById` and `cf.createRequestOriginGroup`.
   * @default - none
   */
  readonly originIds?: readonly string[];
  /**
   * @default - `event.context.eventType`
   */
  readonly eventType?: ConformanceEventType;
}

/** How one run ended. */
export interface ConformanceResult {
  /**
   * `request`: a viewer-request function let the request through; `response`: the function
   * answered (a generated response, or the viewer-response's result); `error`: CloudFront
   * would answer the viewer with `status`.
   */
  readonly kind: 'request' | 'response' | 'error';
  /** 502 (validation error) or 503 (execution error, compute exceeded, load error) when `kind` is `error`. */
  readonly status?: number;
  /**
   * The output in event form, after CloudFront's merge rules (multiValue over value):
   * for `request` `{ method, uri, querystring, headers, cookies }`; for `response`
   * `{ statusCode, statusDescription?, headers, cookies, body? }` where `body` is the
   * generated body as text (base64 bodies decoded as UTF-8).
   */
  readonly value?: unknown;
  /**
   * What the function asked of the origin (viewer-request only): the validated
   * `updateRequestOrigin` fields, or `{ originId }` / `{ originGroup }` for the other helpers.
   * @default - the origin was not touched, or the engine cannot report it
   */
  readonly origin?: unknown;
  /** `console.log` lines, in order. */
  readonly logs: readonly string[];
  /** The error's text when `kind` is `error`. */
  readonly message?: string;
}

/** One loaded function, invoked as often as a case needs: what a warm engine reuses between invocations. */
export interface LoadedFunction {
  run(event: object): Promise<ConformanceResult>;
}

/** An engine the suite can run cases on. */
export interface ConformanceEngine {
  /** Used in test names and to pick engine-tagged cases (`'vm'`, `'njs'`). */
  readonly name: string;
  run(input: ConformanceInput): Promise<ConformanceResult>;
  /** Loads a function once; each `run` of the result is one more invocation of it. */
  load(input: Omit<ConformanceInput, 'event'>): LoadedFunction;
}
