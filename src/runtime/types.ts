/**
 * The shapes a CloudFront Function sees and returns (spec §1), and what the local
 * runtime hands back to the edge after one invocation.
 */

/** The two events a CloudFront Function can be associated with. */
export type EventType = 'viewer-request' | 'viewer-response';

/** One query parameter, header or request cookie; `multiValue` only when the name repeats. */
export interface ValueEntry {
  value: string;
  multiValue?: Array<{ value: string }>;
}

/** Query parameters, headers or request cookies, by name. */
export type ValueMap = Record<string, ValueEntry>;

/** One response cookie (a `Set-Cookie` line): its value and the attributes after it. */
export interface SetCookieEntry {
  value: string;
  attributes?: string;
  multiValue?: Array<{ value: string; attributes?: string }>;
}

/** Response cookies, by name. */
export type SetCookieMap = Record<string, SetCookieEntry>;

/**
 * `event.request`. Events built by {@link viewerRequestEvent} also carry a
 * non-enumerable `rawQueryString()` method, as the function sees it.
 */
export interface EventRequest {
  method: string;
  uri: string;
  querystring: ValueMap;
  headers: ValueMap;
  cookies: ValueMap;
}

/** `event.response` (viewer-response events only). */
export interface EventResponse {
  statusCode: number;
  statusDescription: string;
  headers: ValueMap;
  cookies: SetCookieMap;
}

/** The event object a function's `handler(event)` receives. */
export interface FunctionEvent {
  version: '1.0';
  context: {
    distributionDomainName: string;
    distributionId: string;
    eventType: EventType;
    requestId: string;
  };
  /** Absent only in a test event that leaves it out (`cellfront test-function`). */
  viewer?: { ip: string };
  request: EventRequest;
  response?: EventResponse;
}

/** Where an event happened: the distribution and the request's id. */
export interface EventContext {
  distributionDomainName: string;
  distributionId: string;
  requestId: string;
}

/** Facts of one HTTP request as it arrived (from node:http). */
export interface HttpRequestFacts {
  method: string;
  /** Path plus raw query as received, e.g. `/a/b?x=1&y`. */
  url: string;
  /** node's `IncomingMessage.rawHeaders`: `[name, value, name, value, ...]`. */
  rawHeaders: readonly string[];
  clientIp: string;
}

/** What a function reads from its associated KeyValueStore. */
export interface KvsReader {
  get(key: string): string | undefined;
  meta(): { creationDateTime: string; lastUpdatedDateTime: string; keyCount: number };
}

/** `cf.updateRequestOrigin(props)` after validation: the fields the function set (spec §5). */
export interface OriginChange {
  domainName?: string;
  hostHeader?: string;
  originPath?: string;
  /** Lower-case names; `{}` clears the origin's custom headers. */
  customHeaders?: Record<string, string>;
  connectionAttempts?: number;
  /** Seconds. */
  timeouts?: {
    readTimeout?: number;
    responseCompletionTimeout?: number;
    keepAliveTimeout?: number;
    connectionTimeout?: number;
  };
  customOriginConfig?: {
    port?: number;
    protocol?: 'http' | 'https';
    sslProtocols?: string[];
  };
  originShield?: { enabled: boolean; region?: string };
  originAccessControlConfig?: {
    enabled: boolean;
    /** The Region the origin (an S3 bucket) is in, for signing. */
    region?: string;
    signingBehavior?: string;
    signingProtocol?: string;
    originType?: string;
  };
  sni?: string;
  allowedCertificateNames?: string[];
  /** Origin mutual TLS: `inherit` (the default) keeps the origin's client certificate; `off` turns mTLS off. */
  mTLSConfig?: 'inherit' | 'off';
}

/** One origin of a group: an origin of the distribution, with changes over its settings. */
export interface OriginGroupMember {
  originId: string;
  /** Fields that replace the origin's, as `cf.updateRequestOrigin` takes them. */
  originOverrides?: OriginChange;
}

/** `cf.createRequestOriginGroup(props)` after validation (spec §5). */
export interface OriginGroup {
  /** Primary, then secondary. */
  members: [OriginGroupMember, OriginGroupMember];
  /** Primary answers that send the request to the secondary (a failed connection always does). */
  failoverStatusCodes: number[];
  selectionCriteria: 'default' | 'media-quality-score';
}

/** A viewer request the function let through, ready for the cache or the origin. */
export interface ForwardRequest {
  method: string;
  uri: string;
  /** Serialized query string without `?`; `undefined` when there is none. */
  query: string | undefined;
  /**
   * Lower-case names in the function's order, then a `cookie` header rebuilt from
   * `cookies`, then the viewer's headers the function could not see (hop-by-hop
   * ones excluded).
   */
  headers: Array<[string, string]>;
  /**
   * Set when the function called `cf.selectRequestOriginById`: the distribution's
   * origin to use instead of the cache behavior's.
   */
  originId?: string;
  /** Set when the function called `cf.updateRequestOrigin`: changes over the origin used (the selected one, or the default). */
  origin?: OriginChange;
  /** Set when the function called `cf.createRequestOriginGroup` (last): `originId` and `origin` are then unset. */
  originGroup?: OriginGroup;
}

/**
 * A response for the viewer: generated by a viewer-request function, or the
 * origin's response as a viewer-response function left it.
 */
export interface FunctionResponse {
  statusCode: number;
  statusDescription?: string;
  /** Lower-case names, `set-cookie` lines rebuilt from `cookies`. No `content-length`/`transfer-encoding`: the edge frames the body. */
  headers: Array<[string, string]>;
  /** `undefined`: a generated response has no body; a viewer-response keeps the origin's. */
  body?: Buffer;
  /**
   * The header lines as the function's result gave them, framing headers
   * (`content-length`) included, when they differ from `headers` by those: what
   * TestFunction's `FunctionOutput` shows. The edge writes `headers`.
   * @default - `headers`
   */
  outputHeaders?: Array<[string, string]>;
}

/** The outcome of one invocation. */
export type Invocation =
  | {
      kind: 'request';
      request: ForwardRequest;
      /** The same request in event form (hidden headers left out), for a later viewer-response event. */
      eventRequest: EventRequest;
      logs: string[];
    }
  | { kind: 'response'; response: FunctionResponse; logs: string[] }
  | { kind: 'error'; status: 502 | 503; code: 'ValidationError' | 'ExecutionError'; message: string; logs: string[] };

/** Options for one invocation. */
export interface InvokeOptions {
  /**
   * Wall-clock budget for the function's run, in milliseconds.
   * @default LOCAL_COMPUTE_BUDGET_MS
   */
  computeBudgetMs?: number;
  /**
   * Ids of the origins the distribution declares: `cf.selectRequestOriginById` and
   * `cf.createRequestOriginGroup` must name one of them (else a 502).
   * @default - not checked, as CloudFront's TestFunction does not check origins
   */
  originIds?: readonly string[];
}
