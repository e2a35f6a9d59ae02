/**
 * The CloudFront Functions runtime 2.0 allow-list, as data. Source: the Developer
 * Guide page "JavaScript runtime 2.0 features for CloudFront Functions". The rule
 * is the guide's own: what it does not list is unsupported.
 */

/** Globals a function may read. ES 5.1's, plus what runtime 2.0 adds. */
export const SUPPORTED_GLOBALS: ReadonlySet<string> = new Set([
  // ES 5.1 values and functions
  'undefined', 'NaN', 'Infinity', 'isFinite', 'isNaN', 'parseFloat', 'parseInt',
  'decodeURI', 'decodeURIComponent', 'encodeURI', 'encodeURIComponent',
  // ES 5.1 constructors and namespaces
  'Object', 'Function', 'Array', 'String', 'Boolean', 'Number', 'Math', 'Date', 'RegExp', 'JSON',
  'Error', 'EvalError', 'RangeError', 'ReferenceError', 'SyntaxError', 'TypeError', 'URIError',
  // listed additions
  'InternalError', 'AggregateError', 'Promise', 'Symbol', 'globalThis', 'atob', 'btoa', 'console',
  'TextEncoder', 'TextDecoder', 'ArrayBuffer', 'DataView',
  'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array',
  'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array',
  // modules
  'Buffer', 'require',
]);

/** Why a well-known global is missing, and what to write instead. */
export const GLOBAL_HINTS: Readonly<Record<string, string>> = {
  setTimeout: 'timers are not available: a function runs once per request and cannot wait',
  setInterval: 'timers are not available: a function runs once per request and cannot wait',
  setImmediate: 'timers are not available: a function runs once per request and cannot wait',
  clearTimeout: 'timers are not available',
  clearInterval: 'timers are not available',
  queueMicrotask: 'use Promise.resolve().then(...) instead',
  process: 'there is no process and no environment: put settings in the code or the KeyValueStore',
  fetch: 'there is no network access: route with cf.updateRequestOrigin() instead of fetching',
  XMLHttpRequest: 'there is no network access',
  URL: 'there is no URL class: read event.request.uri and event.request.querystring',
  URLSearchParams: 'there is no URLSearchParams: use event.request.querystring or the querystring module',
  Map: 'use a plain object (Object.create(null)) as a map',
  Set: 'use a plain object (Object.create(null)) with true values as a set',
  WeakMap: 'use a plain object as a map',
  WeakSet: 'use a plain object as a set',
  WeakRef: 'weak references are not available',
  Proxy: 'use plain objects and functions',
  Reflect: 'use the Object functions (Object.keys, Object.getOwnPropertyDescriptor, ...)',
  BigInt: 'use Number (safe up to Number.MAX_SAFE_INTEGER)',
  BigInt64Array: 'use Float64Array or Int32Array',
  BigUint64Array: 'use Float64Array or Uint32Array',
  Intl: 'format numbers and dates by hand (toFixed, getUTC* methods)',
  structuredClone: 'copy with JSON.parse(JSON.stringify(value))',
  crypto: "import it first: import crypto from 'crypto' (the global Web Crypto object is not available)",
  performance: 'there is no high-resolution time; Date.now() is frozen at the start of the function',
  escape: 'use encodeURIComponent',
  unescape: 'use decodeURIComponent',
  module: 'a function exports nothing: declare a top-level function handler(event)',
  exports: 'a function exports nothing: declare a top-level function handler(event)',
  __dirname: 'there is no file system',
  __filename: 'there is no file system',
  window: 'use globalThis',
  self: 'use globalThis',
  global: 'use globalThis',
};

/** Static members each built-in namespace offers; a member not listed is unsupported. */
export const BUILTIN_STATICS: Readonly<Record<string, ReadonlySet<string>>> = {
  Object: new Set([
    'create', 'defineProperty', 'defineProperties', 'freeze', 'isFrozen', 'seal', 'isSealed',
    'preventExtensions', 'isExtensible', 'getOwnPropertyDescriptor', 'getOwnPropertyDescriptors',
    'getOwnPropertyNames', 'getPrototypeOf', 'keys', 'entries', 'values', 'assign', 'is',
  ]),
  String: new Set(['fromCharCode', 'fromCodePoint']),
  Number: new Set([
    'EPSILON', 'MAX_SAFE_INTEGER', 'MIN_SAFE_INTEGER', 'MAX_VALUE', 'MIN_VALUE', 'NaN',
    'NEGATIVE_INFINITY', 'POSITIVE_INFINITY', 'isFinite', 'isInteger', 'isNaN', 'isSafeInteger',
    'parseFloat', 'parseInt',
  ]),
  Math: new Set([
    'E', 'LN10', 'LN2', 'LOG10E', 'LOG2E', 'PI', 'SQRT1_2', 'SQRT2',
    'abs', 'acos', 'acosh', 'asin', 'asinh', 'atan', 'atanh', 'atan2', 'cbrt', 'ceil', 'clz32',
    'cos', 'cosh', 'exp', 'expm1', 'floor', 'fround', 'hypot', 'imul', 'log', 'log1p', 'log10',
    'log2', 'max', 'min', 'pow', 'random', 'round', 'sign', 'sin', 'sinh', 'sqrt', 'tan', 'tanh', 'trunc',
  ]),
  Date: new Set(['now', 'parse', 'UTC']),
  Array: new Set(['isArray', 'of']),
  Promise: new Set(['all', 'allSettled', 'any', 'race', 'resolve', 'reject']),
  Symbol: new Set(['for', 'keyFor']),
  JSON: new Set(['parse', 'stringify']),
  console: new Set(['log']),
  // Error.captureStackTrace and Error.stackTraceLimit are V8's, not the language's.
  Error: new Set([]),
  // RegExp.$1-$9, input, lastMatch and the rest are V8's (njs has none): in a warm
  // context they would carry one invocation's last match into the next.
  RegExp: new Set([]),
};

/** What to write instead of a static member the runtime lacks. */
export const STATIC_HINTS: Readonly<Record<string, string>> = {
  'Array.from': 'use Array.prototype.slice.call(value) or a for loop',
  'Object.fromEntries': 'build the object in a loop: result[key] = value',
  'Object.groupBy': 'group in a loop into a plain object',
  'Object.setPrototypeOf': 'create the object with Object.create(prototype)',
  'Promise.withResolvers': 'capture resolve and reject inside new Promise(function (resolve, reject) { ... })',
  'String.raw': 'write the string with escaped backslashes',
  'Error.captureStackTrace': 'the stack is not available; throw new Error(message)',
};

/** A prototype method the runtime lacks, the receivers it belongs to, and what to write instead. */
export interface UnsupportedMethod {
  readonly on: 'array' | 'string' | 'array or string';
  readonly instead: string;
  /**
   * Whether to warn when the receiver's type is unknown. Off for names that user
   * objects commonly define (`keys`, `values`), where a warning would mostly be noise.
   */
  readonly warnOnUnknown: boolean;
}

export const UNSUPPORTED_METHODS: Readonly<Record<string, UnsupportedMethod>> = {
  at: { on: 'array or string', instead: 'index it: value[value.length - 1]', warnOnUnknown: true },
  flat: { on: 'array', instead: 'concatenate in a loop with concat()', warnOnUnknown: true },
  flatMap: { on: 'array', instead: 'map() then concatenate with concat()', warnOnUnknown: true },
  findLast: { on: 'array', instead: 'loop backwards with an index', warnOnUnknown: true },
  findLastIndex: { on: 'array', instead: 'loop backwards with an index', warnOnUnknown: true },
  toReversed: { on: 'array', instead: 'slice().reverse()', warnOnUnknown: true },
  toSorted: { on: 'array', instead: 'slice().sort()', warnOnUnknown: true },
  toSpliced: { on: 'array', instead: 'slice() then splice()', warnOnUnknown: true },
  with: { on: 'array', instead: 'slice() then assign the index', warnOnUnknown: false },
  entries: { on: 'array', instead: 'a for loop with an index', warnOnUnknown: false },
  keys: { on: 'array', instead: 'a for loop with an index', warnOnUnknown: false },
  values: { on: 'array', instead: 'a for loop with an index', warnOnUnknown: false },
  matchAll: { on: 'string', instead: 'call exec() in a loop with a global RegExp', warnOnUnknown: true },
  normalize: { on: 'string', instead: 'compare the strings as they are', warnOnUnknown: true },
  trimLeft: { on: 'string', instead: 'trimStart()', warnOnUnknown: true },
  trimRight: { on: 'string', instead: 'trimEnd()', warnOnUnknown: true },
  isWellFormed: { on: 'string', instead: 'test for lone surrogates with a RegExp', warnOnUnknown: true },
  toWellFormed: { on: 'string', instead: 'replace lone surrogates with a RegExp', warnOnUnknown: true },
};

/** Modules `require()` and `import` accept, and the members each exposes on CloudFront. */
export const RUNTIME_MODULES: Readonly<Record<string, ReadonlySet<string>>> = {
  crypto: new Set(['createHash', 'createHmac']),
  querystring: new Set(['parse', 'decode', 'stringify', 'encode', 'escape', 'unescape']),
  cloudfront: new Set([
    'kvs', 'updateRequestOrigin', 'selectRequestOriginById', 'createRequestOriginGroup', 'edgeLocation',
    'cwt', 'distributionTenant',
  ]),
};

/**
 * Members of CloudFront's modules that cellfront does not emulate, each with what
 * a function that uses it meets locally (the runtime's `cloudfront` module throws).
 */
export const NOT_EMULATED_MEMBERS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  cloudfront: {
    cwt: 'reading it throws an Error locally, so CWT validation and generation can only be tried on CloudFront',
    distributionTenant: 'reading it throws a TypeError locally, as CloudFront does for a distribution without tenants',
  },
};

/** Hash algorithms `crypto.createHash` / `createHmac` accept. */
export const HASH_ALGORITHMS: ReadonlySet<string> = new Set(['md5', 'sha1', 'sha256']);
/** Encodings `hash.digest()` accepts (none at all returns a Buffer). */
export const DIGEST_ENCODINGS: ReadonlySet<string> = new Set(['hex', 'base64', 'base64url']);
/** Encodings `Buffer` accepts; `utf-8` is the same encoding as `utf8` under its other name. */
export const BUFFER_ENCODINGS: ReadonlySet<string> = new Set(['utf8', 'utf-8', 'hex', 'base64', 'base64url']);

/** RegExp flags: ES 5.1's `g`, `i`, `m`, plus the listed sticky `y`. */
export const REGEXP_FLAGS: ReadonlySet<string> = new Set(['g', 'i', 'm', 'y']);
