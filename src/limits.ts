/**
 * CloudFront Functions and KeyValueStore production limits, in one place.
 * Source: the CloudFront Developer Guide's quotas page (cloudfront-limits) and the
 * KVS API reference. The emulator enforces these with CloudFront's own status codes.
 */

/** Maximum size of a function's code, not adjustable. */
export const FUNCTION_CODE_MAX_BYTES = 10_240;
/** Memory a function may use. */
export const FUNCTION_MEMORY_MAX_BYTES = 2 * 1024 * 1024;
/** Function logs are truncated past this size per invocation. */
export const FUNCTION_LOG_MAX_BYTES = 10_240;
/** URI plus query string must stay under this many characters. */
export const URL_MAX_CHARS = 8_192;
/** Maximum length of a viewer request's headers (request line, headers; not the body). */
export const REQUEST_HEADERS_MAX_BYTES = 20_480;

/** Stores a function can be associated with. */
export const KVS_PER_FUNCTION = 1;
/** Maximum size of one key, in UTF-8 bytes. */
export const KVS_KEY_MAX_BYTES = 512;
/** Maximum size of one value, in UTF-8 bytes. */
export const KVS_VALUE_MAX_BYTES = 1_024;
/** Maximum total size of a store (keys plus values). */
export const KVS_TOTAL_MAX_BYTES = 5 * 1024 * 1024;
/** Keys one UpdateKeys call may put and delete together. */
export const KVS_UPDATE_MAX_KEYS = 50;
/** Payload one UpdateKeys call may carry. */
export const KVS_UPDATE_MAX_PAYLOAD_BYTES = 3 * 1024 * 1024;
/** ListKeys page size bounds and default. */
export const KVS_LIST_MAX_RESULTS = 50;
export const KVS_LIST_DEFAULT_RESULTS = 10;
/** Names of functions and stores. */
export const RESOURCE_NAME_PATTERN = /^[a-zA-Z0-9-_]{1,64}$/;

/** `cf.updateRequestOrigin` bounds (spec §5), checked by the local runtime. */
export const ORIGIN_DOMAIN_NAME_MAX_CHARS = 253;
export const ORIGIN_PATH_MAX_CHARS = 255;
export const ORIGIN_CONNECTION_ATTEMPTS_MIN = 1;
export const ORIGIN_CONNECTION_ATTEMPTS_MAX = 3;
/** Seconds. */
export const ORIGIN_READ_TIMEOUT_MAX_SECONDS = 120;
/** Seconds. */
export const ORIGIN_KEEPALIVE_TIMEOUT_MAX_SECONDS = 120;
/** Seconds. */
export const ORIGIN_CONNECTION_TIMEOUT_MAX_SECONDS = 10;

/** An origin group (`cf.createRequestOriginGroup`) has a primary and a secondary origin. */
export const ORIGIN_GROUP_MEMBERS = 2;
/** The status codes an origin group may fail over on (the CloudFront API's OriginGroupFailoverCriteria). */
export const ORIGIN_GROUP_FAILOVER_STATUS_CODES: readonly number[] = [400, 403, 404, 416, 500, 502, 503, 504];

/**
 * Largest viewer request body the edge forwards: the quotas page's "maximum file size
 * for HTTP GET, POST, and PUT requests" (20 GB). A larger declared body gets 413.
 */
// Written out: the bundler keeps an unused product in the edge function (41 bytes for both).
export const REQUEST_BODY_MAX_BYTES = 21_474_836_480; // 20 * 1024 ** 3
/** An origin response's status line and headers, at most (the same 20,480-byte quota as a request's); past it the viewer gets 502. */
export const ORIGIN_RESPONSE_HEADERS_MAX_BYTES = 20_480;
/**
 * Request line and headers the local edge's HTTP parser reads before giving up with 494
 * (CloudFront's own limit, 20,480 bytes, is checked after parsing; this bounds memory).
 */
export const REQUEST_PARSER_MAX_BYTES = 262_144; // 256 * 1024
