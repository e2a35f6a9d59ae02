/** §2 The language and the built-ins runtime 2.0 lists: each exists and behaves. */
import { handlerRunning, logCase, type ConformanceCase } from '../case.js';

const GLOBAL_FUNCTIONS = [
  'Object', 'Function', 'Array', 'String', 'Number', 'Boolean', 'Date', 'RegExp', 'Promise', 'Symbol', 'Error', 'EvalError',
  'RangeError', 'ReferenceError', 'SyntaxError', 'TypeError', 'URIError', 'InternalError', 'AggregateError', 'ArrayBuffer',
  'DataView', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array',
  'Float32Array', 'Float64Array', 'TextEncoder', 'TextDecoder', 'Buffer', 'atob', 'btoa', 'isFinite', 'isNaN', 'parseFloat',
  'parseInt', 'decodeURI', 'decodeURIComponent', 'encodeURI', 'encodeURIComponent', 'require',
];
const GLOBAL_OBJECTS = ['Math', 'JSON', 'console', 'globalThis'];

const present: ConformanceCase[] = [
  ...GLOBAL_FUNCTIONS.map((name) => logCase(`builtin-${name}`, `§2 built-ins: ${name} exists`, `typeof ${name}`, 'function')),
  ...GLOBAL_OBJECTS.map((name) => logCase(`builtin-${name}`, `§2 built-ins: ${name} exists`, `typeof ${name}`, 'object')),
];

const behaviour: ConformanceCase[] = [
  // Language features runtime 2.0 adds to ES 5.1.
  logCase('lang-let-const', '§2 language: const and let', '(function () { const a = 1; let b = 2; b += a; return b; })()', '3'),
  logCase('lang-arrow', '§2 language: arrow functions', '[1, 2, 3].map((n) => n * 2).join(",")', '2,4,6'),
  logCase('lang-template', '§2 language: template literals', '`a${1 + 1}b`', 'a2b'),
  logCase('lang-rest', '§2 language: rest parameters', '(function (first, ...rest) { return rest.length; })(1, 2, 3)', '2'),
  logCase('lang-exponent', '§2 language: the ** operator', '2 ** 10', '1024'),
  logCase('lang-separators', '§2 language: numeric separators', '1_000_000', '1000000'),
  {
    id: 'lang-async-await',
    spec: '§2 language: async functions and await',
    source: 'async function twice(n) { var v = await Promise.resolve(n); return v * 2; }\nasync function handler(event) {\n  var result = await twice(21);\n  console.log(result);\n  return event.request;\n}',
    expect: { kind: 'request', logs: ['42'] },
  },
  {
    id: 'lang-strict',
    spec: '§2 language: code runs in strict mode',
    source: handlerRunning('undeclaredVariable = 1;'),
    expect: { kind: 'error', status: 503, message: /^ReferenceError: / },
  },
  // Object
  logCase('object-keys-entries', '§2 Object: keys, entries, values', 'JSON.stringify([Object.keys({a:1,b:2}), Object.entries({a:1}), Object.values({a:1,b:2})])', '[["a","b"],[["a",1]],[1,2]]'),
  logCase('object-assign', '§2 Object: assign', 'JSON.stringify(Object.assign({a:1}, {b:2}, {a:3}))', '{"a":3,"b":2}'),
  logCase('object-freeze', '§2 Object: freeze and isFrozen', '(function () { var o = Object.freeze({a:1}); return Object.isFrozen(o) + "," + Object.isSealed(o) + "," + Object.isExtensible(o); })()', 'true,true,false'),
  logCase('object-define', '§2 Object: defineProperty and getOwnPropertyDescriptor', '(function () { var o = {}; Object.defineProperty(o, "x", { value: 1 }); return JSON.stringify(Object.getOwnPropertyDescriptor(o, "x")); })()', '{"value":1,"writable":false,"enumerable":false,"configurable":false}'),
  logCase('object-define-shape', '§2 Object: defineProperty and defineProperties keep their name and length, and are no constructors', '(function () { var d = Object.defineProperty, ds = Object.defineProperties, built = true; try { new d({}, "x", {}); } catch (e) { built = e instanceof TypeError ? false : "other"; } return [d.name, d.length, ds.name, ds.length, typeof d.prototype, built, ds({}, { y: { value: 2, enumerable: true } }).y].join(","); })()', 'defineProperty,3,defineProperties,2,undefined,false,2'),
  logCase('object-create', '§2 Object: create without a property map', 'Object.getPrototypeOf(Object.create(null)) === null', 'true'),
  logCase('object-is', '§2 Object: is', 'Object.is(NaN, NaN) + "," + Object.is(0, -0)', 'true,false'),
  // String
  logCase('string-pad', '§2 String: padStart and padEnd', '"7".padStart(3, "0") + "|" + "ab".padEnd(4, "-")', '007|ab--'),
  logCase('string-trim', '§2 String: trimStart and trimEnd', '"[" + "  a ".trimStart() + "][" + " a  ".trimEnd() + "]"', '[a ][ a]'),
  logCase('string-replace-all', '§2 String: replaceAll', '"a-b-c".replaceAll("-", "+")', 'a+b+c'),
  logCase('string-search', '§2 String: includes, startsWith, endsWith', '"cellfront".includes("llf") + "," + "cellfront".startsWith("cell") + "," + "cellfront".endsWith("front")', 'true,true,true'),
  logCase('string-repeat', '§2 String: repeat', '"ab".repeat(3)', 'ababab'),
  logCase('string-code-point', '§2 String: codePointAt and fromCodePoint', '"\\u{1F600}".codePointAt(0) + "," + String.fromCodePoint(65, 66)', '128512,AB'),
  logCase('string-es5', '§2 String: ES 5.1 methods', '"Hello".toUpperCase() + "," + "a,b".split(",").length + "," + "abc".substr(1, 1) + "," + "  x ".trim()', 'HELLO,2,b,x'),
  // Number and Math
  logCase('number-constants', '§2 Number: ES6 constants', 'Number.MAX_SAFE_INTEGER + "," + (Number.EPSILON > 0)', '9007199254740991,true'),
  logCase('number-is', '§2 Number: isInteger, isSafeInteger, isNaN, isFinite', '[Number.isInteger(5), Number.isSafeInteger(2 ** 60), Number.isNaN("x"), Number.isFinite(1)].join(",")', 'true,false,false,true'),
  logCase('number-parse', '§2 Number: parseFloat and parseInt', 'Number.parseFloat("1.5x") + "," + Number.parseInt("ff", 16)', '1.5,255'),
  logCase('math-all', '§2 Math: all of Math', '[Math.cbrt(-1), Math.trunc(-4.7), Math.sign(-3), Math.hypot(3, 4), Math.log2(8), Math.clz32(1)].join(",")', '-1,-4,-1,5,3,31'),
  logCase('math-random', '§2 Math.random returns numbers in [0, 1)', '(function () { for (var i = 0; i < 1000; i++) { var r = Math.random(); if (!(r >= 0 && r < 1)) return "out of range"; } return "ok"; })()', 'ok'),
  // Date
  logCase('date-frozen', '§2 Date is frozen at the function\'s start', '(function () { var a = Date.now(); for (var i = 0; i < 300000; i++) {} return a === Date.now() && a === new Date().getTime(); })()', 'true'),
  logCase('date-es5', '§2 Date: ES 5.1 methods on given times', 'new Date(Date.UTC(2024, 0, 2, 3, 4, 5)).toISOString() + "," + Date.parse("2024-01-02T03:04:05Z")', '2024-01-02T03:04:05.000Z,1704164645000'),
  logCase('date-instance', '§2 Date: new Date() is a Date', 'new Date() instanceof Date', 'true'),
  // RegExp and JSON
  logCase('regexp-named-groups', '§2 RegExp: named groups', '/(?<year>\\d{4})-(?<month>\\d{2})/.exec("2024-05").groups.month', '05'),
  logCase('regexp-sticky', '§2 RegExp: the sticky flag', '(function () { var r = /a/y; r.lastIndex = 1; return r.test("ba") + "," + r.flags; })()', 'true,y'),
  logCase('json-roundtrip', '§2 JSON: parse and stringify', 'JSON.stringify(JSON.parse(\'{"a":[1,{"b":null}]}\'))', '{"a":[1,{"b":null}]}'),
  // Array
  logCase('array-of', '§2 Array: isArray and of', 'Array.isArray(Array.of(1, 2)) + "," + Array.of(7).length', 'true,1'),
  logCase('array-find', '§2 Array: find, findIndex, includes', '[[5, 8, 12].find((n) => n > 6), [5, 8, 12].findIndex((n) => n > 6), [1, 2].includes(2)].join(",")', '8,1,true'),
  logCase('array-fill-copy', '§2 Array: fill and copyWithin', '[new Array(3).fill(0).join(""), [1, 2, 3, 4].copyWithin(0, 2).join("")].join(",")', '000,3434'),
  logCase('array-es5', '§2 Array: ES 5.1 methods', '[[3, 1, 2].sort().join(""), [1, 2, 3].reduce((a, b) => a + b), [1, 2, 3].filter((n) => n % 2).length, [1, 2, 3].indexOf(3)].join(",")', '123,6,2,2'),
  // Typed arrays, ArrayBuffer, DataView
  logCase('typed-arrays', '§2 typed arrays and ArrayBuffer', '(function () { var b = new ArrayBuffer(4); var u = new Uint8Array(b); u[0] = 258; return u[0] + "," + b.byteLength + "," + new Int16Array([40000])[0]; })()', '2,4,-25536'),
  logCase('dataview', '§2 DataView reads and writes', '(function () { var v = new DataView(new ArrayBuffer(4)); v.setUint16(0, 0x1234); return v.getUint8(0) + "," + v.getUint16(0, false).toString(16); })()', '18,1234'),
  // Promise
  {
    id: 'promise-combinators',
    spec: '§2 Promise: all, allSettled, any, race',
    source: `async function handler(event) {
  var all = await Promise.all([1, Promise.resolve(2)]);
  var settled = await Promise.allSettled([Promise.reject(new Error('x')), 3]);
  var any = await Promise.any([Promise.reject(new Error('y')), Promise.resolve(4)]);
  var race = await Promise.race([Promise.resolve(5), new Promise(function () {})]);
  console.log(JSON.stringify([all, settled.map(function (s) { return s.status; }), any, race]));
  return event.request;
}`,
    expect: { kind: 'request', logs: ['[[1,2],["rejected","fulfilled"],4,5]'] },
  },
  logCase('promise-finally', '§2 Promise: then, catch, finally exist', '[typeof Promise.prototype.then, typeof Promise.prototype.catch, typeof Promise.prototype.finally].join(",")', 'function,function,function'),
  // Symbol
  logCase('symbol-for', '§2 Symbol: for and keyFor', 'Symbol.keyFor(Symbol.for("app"))', 'app'),
  // Errors
  logCase('error-internal', '§2 errors: InternalError', 'new InternalError("x").name + ": " + new InternalError("x").message', 'InternalError: x'),
  logCase('error-types', '§2 errors: the ES error types', '[new TypeError("t") instanceof Error, new RangeError("r").name, new URIError("u").name].join(",")', 'true,RangeError,URIError'),
  // Globals
  logCase('global-this', '§2 globals: globalThis is the global object', 'typeof globalThis.JSON', 'object'),
  logCase('global-uri', '§2 globals: URI functions', 'encodeURIComponent("a b&c") + "," + decodeURIComponent("%E2%82%AC") + "," + encodeURI("/a b")', 'a%20b%26c,\u20ac,/a%20b'),
  logCase('global-numbers', '§2 globals: isFinite, isNaN, parseFloat, parseInt', '[isFinite("12"), isNaN("x"), parseFloat("3.5"), parseInt("08", 10)].join(",")', 'true,true,3.5,8'),
];

export const builtinCases: readonly ConformanceCase[] = [...present, ...behaviour];
