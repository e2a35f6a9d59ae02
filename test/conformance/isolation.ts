/**
 * Isolation between invocations (spec §2: no state survives an invocation), as
 * one table run on every engine (`runIsolation(engine)`, from each engine's
 * runner file). Each case loads a function once and invokes it several times:
 * an earlier invocation writes somewhere (a global, a built-in's prototype, a
 * module object, a closure, a frozen object, ...), possibly failing right after,
 * and every later invocation must see the world as a first invocation does.
 * Engines that keep a function warm between invocations (the vm engine's warm
 * contexts) are held to exactly what an engine that starts afresh each time does.
 * Every case first runs `WARM_UPS` invocations that write nothing (`x-warm`), so
 * the writes also land in a context that has already been kept and reused, where
 * the vm engine's audit reads values through code compiled for that context.
 */
import { describe, expect, it } from 'vitest';
import { requestEvent, type ConformanceCase, type Expectation } from './case.js';
import type { ConformanceEngine } from './engine.js';

/** One invocation of a case: its event (a request with `x-leak: write` when it is the writer) and how it ends. */
interface IsolationRun {
  readonly writer: boolean;
  readonly expect: Expectation;
}

export interface IsolationCase extends Pick<ConformanceCase, 'id' | 'spec' | 'source' | 'kvs' | 'engines'> {
  readonly runs: readonly IsolationRun[];
}

const INVOCATIONS = 3;
/** Invocations before a case's own, with `x-warm`: none of them writes. */
const WARM_UPS = 2;

/**
 * Every invocation logs `probe` (as a string), then writes with `write`: each must
 * log `fresh`, what a first invocation sees. `prelude` goes at the top of the file.
 */
function leak(id: string, what: string, probe: string, write: string, fresh = 'undefined', prelude = '', extras: Pick<IsolationCase, 'kvs' | 'engines'> = {}): IsolationCase {
  return {
    id,
    spec: `§2 ${what} does not survive the invocation`,
    source: `${prelude}\nfunction handler(event) {\n  console.log(String(${probe}));\n  if (!event.request.headers['x-warm']) {\n    ${write}\n  }\n  return event.request;\n}\n`,
    runs: Array.from({ length: INVOCATIONS }, () => ({ writer: false, expect: { kind: 'request', logs: [fresh] } as const })),
    ...extras,
  };
}

/**
 * Like `leak`, but only the first invocation writes (and logs nothing), and only the
 * later ones probe: for a probe that must not run beside the write (the vm engine
 * audits more closely after an invocation that called certain functions).
 */
function leakByWriter(id: string, what: string, probe: string, write: string, fresh: string, prelude = '', extras: Pick<IsolationCase, 'kvs' | 'engines'> = {}): IsolationCase {
  return {
    id,
    spec: `§2 ${what} does not survive the invocation`,
    source: `${prelude}\nfunction handler(event) {\n  if (event.request.headers['x-leak']) {\n    ${write}\n    return event.request;\n  }\n  console.log(String(${probe}));\n  return event.request;\n}\n`,
    runs: [
      { writer: true, expect: { kind: 'request', logs: [] } },
      ...Array.from({ length: INVOCATIONS - 1 }, () => ({ writer: false, expect: { kind: 'request', logs: [fresh] } as const })),
    ],
    ...extras,
  };
}

/**
 * The first invocation writes `Math.leak` and then ends with `ending` (a throw, a
 * loop, ...), failing as `failed` says; the next ones must not see the write.
 */
function leakThenFail(id: string, how: string, ending: string, failed: Expectation, async = false): IsolationCase {
  return {
    id,
    spec: `§2 a write before ${how} does not survive the invocation`,
    source: `${async ? 'async ' : ''}function handler(event) {\n  console.log(String(Math.leak));\n  if (event.request.headers['x-leak']) {\n    Math.leak = 'written';\n    ${ending}\n  }\n  return event.request;\n}\n`,
    runs: [
      { writer: true, expect: failed },
      { writer: false, expect: { kind: 'request', logs: ['undefined'] } },
      { writer: false, expect: { kind: 'request', logs: ['undefined'] } },
    ],
  };
}

const COMPUTE = /maximum allowed compute time/;

export const isolationCases: readonly IsolationCase[] = [
  // The global object and the function's own top-level scope.
  leak('global-property', 'a property set on globalThis', 'globalThis.leak', "globalThis.leak = 'written';"),
  leak('global-this-top-level', 'a global set through top-level this', 'seen', '', 'undefined', "var seen = String(globalThis.leak);\nif (this) this.leak = 'written';"),
  leak('global-replaced', 'a replaced global function', "parseInt('7')", "globalThis.parseInt = function () { return 'hacked'; };", '7'),
  leak('global-deleted', 'a deleted global', 'typeof encodeURIComponent', 'delete globalThis.encodeURIComponent;', 'function'),
  leak('global-frozen', 'a frozen global object', "Object.isExtensible(globalThis) + ' ' + Object.isFrozen(Math)", 'Object.freeze(Math); Object.preventExtensions(globalThis);', 'true false'),
  leak('top-level-var', 'a top-level var without initializer', 'cache', "cache = 'written';", 'undefined', 'var cache;'),
  leak('top-level-const-object', 'a top-level const object', 'Object.keys(memo).length', 'memo.written = true;', '0', 'const memo = {};'),
  leak('top-level-let', 'a top-level let', 'count', 'count++;', '0', 'let count = 0;'),
  leak('closure', 'a closure over top-level state', 'next()', '', '1', 'var counter = 0;\nfunction next() { counter += 1; return counter; }'),
  leak('handler-replaced', 'a handler replaced through globalThis', "'original handler'", "globalThis.handler = function () { return { statusCode: 500 }; };", 'original handler'),
  leak('function-property', "a property on the function's own handler", 'handler.calls', 'handler.calls = 1;'),

  // Built-ins and their prototypes.
  leak('object-prototype', 'a property on Object.prototype', '({}).leak', "Object.prototype.leak = 'written';"),
  leak('builtin-function-property', 'a property on a built-in function', "String([].map.leak) + ' ' + Object.keys([].map).length", "[].map.leak = 'written';", 'undefined 0'),
  leak('error-constructor-property', 'a property on a built-in error constructor', 'TypeError.leak', "TypeError.leak = 'written';"),
  leak('error-constructor-own-key', 'a key a built-in error constructor may inherit, made its own', 'Object.keys(RangeError).length', 'RangeError.stackTraceLimit = 3;', '0'),
  leak('object-prototype-getter', 'a getter on Object.prototype', '({}).sneaky', "Object.defineProperty(Object.prototype, 'sneaky', { get: function () { return 'hidden'; }, configurable: true });"),
  leak('array-prototype-method', 'a replaced Array.prototype method', '[1, 2].join()', "Array.prototype.join = function () { return 'hacked'; };", '1,2'),
  leak('array-prototype-element', 'an element pushed onto Array.prototype', 'Array.prototype.length + [,][0]', 'Array.prototype.push(5);', 'NaN'),
  leak('array-method-deleted', 'a deleted Array.prototype method', 'typeof [].map', 'delete Array.prototype.map;', 'function'),
  leak('string-prototype', 'a replaced String.prototype method', "'a'.toUpperCase()", "''.constructor.prototype.toUpperCase = function () { return 'hacked'; };", 'A'),
  leak('number-prototype', 'a replaced Number.prototype method', '(1.5).toFixed(1)', "Number.prototype.toFixed = function () { return 'hacked'; };", '1.5'),
  leak('function-prototype', 'a property on Function.prototype', '(function () {}).leak', "(function () {}).constructor.prototype.leak = 'written';"),
  leak('function-to-string', 'a replaced Function.prototype.toString', 'typeof (function () {}).toString()', "Function.prototype.toString = function () { return 1; };", 'string'),
  leak('promise-then', 'a replaced Promise.prototype.then', 'typeof Promise.prototype.then', "Promise.prototype.then = 'hacked';", 'function'),
  leak('async-function-prototype', 'a property on the async function prototype', 'Object.getPrototypeOf(async function () {}).leak', "Object.getPrototypeOf(async function () {}).leak = 'written';"),
  leak('error-prototype', 'a changed Error.prototype', "new Error('m').name", "Error.prototype.name = 'Hacked';", 'Error'),
  leak('json', 'a replaced JSON.stringify', 'JSON.stringify([1])', "JSON.stringify = function () { return 'hacked'; };", '[1]'),
  leak('math-static', 'a property on Math', 'Math.leak', "Object.assign(Math, { leak: 'written' });"),
  leak('math-prototype', 'a changed prototype of Math', 'Math.leak', "Math.__proto__ = { leak: 'written' };"),
  leak('object-frozen', 'a frozen Array.prototype', 'Object.isFrozen(Array.prototype)', 'Object.freeze(Array.prototype);', 'false'),
  leak('function-name', 'a redefined name of a built-in function', '[].map.name', "Object.defineProperty(Array.prototype.map, 'name', { value: 'hacked' });", 'map'),
  leak('key-readded', 'a built-in deleted and added again (its place among the keys changes)', "Object.getOwnPropertyNames(JSON).indexOf('parse') < Object.getOwnPropertyNames(JSON).indexOf('stringify')", 'var parse = JSON.parse; delete JSON.parse; JSON.parse = parse;', 'true'),
  leak('data-to-accessor', 'a built-in turned into a getter of the same value', "typeof Object.getOwnPropertyDescriptor(Math, 'max').get", "var max = Math.max; Object.defineProperty(Math, 'max', { get: function () { return max; }, configurable: true });"),
  leak('made-read-only', 'a built-in made read-only, its value unchanged', "Object.getOwnPropertyDescriptor(Math, 'min').writable", "Object.defineProperty(Math, 'min', { writable: false });", 'true'),
  leak('made-hidden', 'a global made enumerable, its value unchanged', "Object.keys(Math).length + ' ' + Object.getOwnPropertyDescriptor(globalThis, 'JSON').enumerable", "Object.defineProperty(globalThis, 'JSON', { enumerable: true });", '0 false'),
  // Changes the vm engine's shallow audit must see without a counted define call (see sandbox/audit.js);
  // njs 0.7 has neither classes nor __defineGetter__, so those run on the vm engine only.
  leak('class-field-flags', 'a built-in made enumerable by a class field defined on it, its value unchanged', "Object.keys(Math).length + ' ' + Object.getOwnPropertyDescriptor(Math, 'max').enumerable", 'new MaxField(Math);', '0 false', 'class Returns { constructor(o) { return o; } }\nclass MaxField extends Returns { max = Math.max; }', { engines: ['vm'] }),
  leak('class-field-read-only', "a built-in function's name made writable by a class field, its value unchanged", "Object.getOwnPropertyDescriptor([].map, 'name').writable", "new NameField([].map);", 'false', "class Returns { constructor(o) { return o; } }\nclass NameField extends Returns { name = 'map'; }", { engines: ['vm'] }),
  leak('define-getter', 'a built-in turned into a getter of the same value by __defineGetter__', "typeof Object.getOwnPropertyDescriptor(Math, 'max').get", "var max = Math.max; Math.__defineGetter__('max', function () { return max; });", 'undefined', '', { engines: ['vm'] }),
  leak('define-properties', 'a built-in made read-only by Object.defineProperties', "Object.getOwnPropertyDescriptor(Math, 'min').writable", 'Object.defineProperties(Math, { min: { writable: false } });', 'true'),
  leak('hidden-key-deleted', "a deleted built-in property that is not enumerable and whose value the prototype has too", "Object.prototype.hasOwnProperty.call(Math.random, 'length')", 'delete Math.random.length;', 'true'),
  leak('symbol-key', 'a property with a registered symbol key on a built-in', "String(Math[Symbol.for('leak')])", "Math[Symbol.for('leak')] = 'written';"),
  // The shallow audit looks for no new symbol keys: a function can add one only with a symbol
  // from Symbol.for (counted) or by copying one it does not hold (Object.assign onto a built-in: counted).
  // The copy here: %IteratorPrototype%'s descriptors (a symbol key only) onto Math; the probe turns
  // Math's enumerable own properties back into properties of a new object and iterates it.
  leakByWriter(
    'symbol-key-copied',
    'a symbol key copied onto a built-in by Object.assign, the symbol never in hand',
    "(function () { var o = Object.defineProperties({}, Math); try { for (var v of o) break; return 'iterable'; } catch (e) { return e.message.indexOf('not iterable') === -1 ? 'iterator: ' + e.message : 'not iterable'; } })()",
    'Object.assign(Math, Object.getOwnPropertyDescriptors(iteratorPrototype));',
    'not iterable',
    'var iteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf(function* () {}.prototype));',
    { engines: ['vm'] },
  ),
  leakByWriter(
    'symbol-key-copied-indirect',
    'a symbol key copied onto a built-in by Object.assign called through apply and bind',
    "(function () { var o = Object.defineProperties({}, globalThis); try { for (var v of o) break; return 'iterable'; } catch (e) { return e.message.indexOf('not iterable') === -1 ? 'iterator: ' + e.message : 'not iterable'; } })()",
    'Function.prototype.apply.call(Object.assign.bind(null, globalThis), null, [Object.getOwnPropertyDescriptors(iteratorPrototype)]);',
    'not iterable',
    'var iteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf(function* () {}.prototype));',
    { engines: ['vm'] },
  ),
  leakByWriter(
    'symbol-key-class-field',
    'a registered symbol key defined on a built-in by a class field',
    "String(Object.prototype[Symbol.for('leak')])",
    'new SymbolField(Object.prototype);',
    'undefined',
    "class Returns { constructor(o) { return o; } }\nclass SymbolField extends Returns { [Symbol.for('leak')] = 'written'; }",
    { engines: ['vm'] },
  ),
  leak(
    'symbol-for-borrowed',
    'a symbol key from Symbol.for reached through its property descriptor',
    "String(Array.prototype[Symbol.for('leak')])",
    "var symbolFor = Object.getOwnPropertyDescriptor(Symbol, 'for').value; Array.prototype[symbolFor.call(null, 'leak')] = 'written';",
  ),
  // A function whose code holds no `delete` gets a lighter audit (no presence checks, no symbol
  // keys): these try to remove or redefine a built-in's property without the operator.
  leakByWriter(
    'accessor-replaced-by-field',
    'an accessor of a built-in replaced by a class field, from code without delete',
    "typeof Object.getOwnPropertyDescriptor(Object.prototype, '__proto__').get",
    'new ProtoField(Object.prototype);',
    'function',
    "class Returns { constructor(o) { return o; } }\nclass ProtoField extends Returns { ['__proto__'] = 'written'; }",
    { engines: ['vm'] },
  ),
  leakByWriter(
    'removed-by-array-methods',
    'index properties pushed onto and popped off a built-in, from code without delete',
    "Object.keys(Math).length + ' ' + typeof Math.length",
    'Array.prototype.push.call(Math, 1); Array.prototype.pop.call(Math);',
    '0 undefined',
  ),
  // Prototypes and extensibility are compared only after a call that can change them
  // (Object.freeze, Object.seal, Object.preventExtensions or the __proto__ setter on a built-in).
  leakByWriter(
    'proto-setter-borrowed',
    "a built-in's prototype changed through the __proto__ setter reached by its descriptor",
    'JSON.leak',
    "Object.getOwnPropertyDescriptor(Object.prototype, '__proto__').set.call(JSON, { leak: 'written' });",
    'undefined',
    '',
    // njs 0.7 has no __proto__ accessor.
    { engines: ['vm'] },
  ),
  leakByWriter(
    'proto-setter-looked-up',
    "a built-in's prototype changed through the __proto__ setter from __lookupSetter__",
    "typeof Math.max.leak + ' ' + (Object.getPrototypeOf(Math.max) === Function.prototype)",
    "var set = Object.prototype.__lookupSetter__('__proto__'); set.call(Math.max, { leak: 'written' });",
    'undefined true',
    '',
    { engines: ['vm'] },
  ),
  leakByWriter(
    'prototype-setters-absent',
    "a built-in's prototype changed through Object.setPrototypeOf or Reflect, were they there",
    'Math.leak',
    "if (typeof Object.setPrototypeOf === 'function') Object.setPrototypeOf(Math, { leak: 'written' });\n    if (typeof Reflect === 'object') { Reflect.setPrototypeOf(JSON, { leak: 'written' }); Reflect.deleteProperty(Math, 'max'); }",
    'undefined',
  ),
  leakByWriter(
    'sealed',
    'a sealed built-in',
    "Object.isSealed(Number.prototype) + ' ' + Object.isExtensible(Number.prototype) + ' ' + Object.getOwnPropertyDescriptor(Number.prototype, 'toFixed').configurable",
    'Object.seal(Number.prototype);',
    'false true true',
  ),
  leakByWriter(
    'not-extensible-borrowed',
    'a built-in made non-extensible through Object.preventExtensions called by apply',
    "Object.isExtensible(String.prototype.slice)",
    'Function.prototype.apply.call(Object.preventExtensions, null, [String.prototype.slice]);',
    'true',
  ),
  leakByWriter(
    'frozen-twice',
    'an already non-extensible built-in frozen',
    "Object.isFrozen(Math) + ' ' + Object.getOwnPropertyDescriptor(Math, 'max').writable",
    'Object.preventExtensions(Math); Object.freeze(Math);',
    'false true',
  ),
  leakByWriter(
    'symbol-iterator-replaced',
    'an iterator of Array.prototype replaced without the well-known symbol in hand',
    'String([...[1, 2]])',
    "Array.prototype[Symbol.iterator] = function () { return [][Symbol.for('Symbol.iterator')]; }; Array.prototype[Symbol.for('Symbol.iterator')] = 'hacked';",
    '1,2',
    '',
    { engines: ['vm'] },
  ),
  leak('date-now', 'a replaced Date.now', "typeof Date.now() === 'number'", "Date.now = function () { return 'hacked'; };", 'true'),
  leak('date-prototype', 'a replaced Date.prototype method', "typeof new Date(0).getTime() === 'number'", "Date.prototype.getTime = function () { return 'hacked'; };", 'true'),
  leak('math-random', 'a replaced Math.random', "typeof Math.random() === 'number'", "Math.random = function () { return 'hacked'; };", 'true'),
  leak('console-log', 'a replaced console.log', "typeof console.leak + ' ' + (console.log.name === 'hacked')", "console.leak = 1; console.log = function hacked() {};", 'undefined false'),
  leak('regexp-prototype', 'a replaced RegExp.prototype.test', '/a/.test("a")', "RegExp.prototype.test = function () { return 'hacked'; };", 'true'),
  leak('buffer', 'a replaced Buffer.from', "Buffer.from('hi').toString('hex')", "Buffer.from = function () { return 'hacked'; }; Buffer.prototype.leak = 1;", '6869'),
  leak(
    'buffer-byte-methods',
    "a replaced Buffer number method and the DataView method behind the runtime's float reads",
    'Buffer.from([0, 0, 0, 1]).readUInt32BE(0) + \',\' + Buffer.from([0x3f, 0xf0, 0, 0, 0, 0, 0, 0]).readDoubleBE(0)',
    "Buffer.prototype.readUInt32BE = function () { return 'hacked'; }; DataView.prototype.getFloat64 = function () { return 'hacked'; };",
    '1,1',
  ),
  leak('text-encoder', 'a property on TextEncoder.prototype', 'new TextEncoder().leak', "TextEncoder.prototype.leak = 'written';"),
  leak('require', 'a property on require', 'require.leak', "require.leak = 'written';"),
  leak(
    'kvs-miss-stack-limit',
    'the stack limit a missing key\'s read lowers for a moment',
    'Error.stackTraceLimit',
    "cf.kvs().get('missing').then(undefined, function () {});",
    '10',
    "import cf from 'cloudfront';",
    { kvs: { k: 'v' }, engines: ['vm'] },
  ),

  // The runtime's modules.
  leak('crypto-module', 'a changed crypto module', "typeof crypto.leak + ' ' + crypto.createHash('md5').update('a').digest('hex')", "crypto.leak = 1; crypto.createHash = function () { return 'hacked'; };", 'undefined 0cc175b9c0f1b6a831c399e269772661', "import crypto from 'crypto';"),
  leak('querystring-module', 'a changed querystring module', "querystring.stringify({ a: 1 })", "querystring.stringify = function () { return 'hacked'; };", 'a=1', "import querystring from 'querystring';"),
  leak('cloudfront-module', 'a changed cloudfront module', 'typeof cf.updateRequestOrigin', "cf.updateRequestOrigin = 'hacked';", 'function', "import cf from 'cloudfront';"),
  leak('kvs-handle', 'a changed KeyValueStore handle', "typeof cf.kvs().leak + ' ' + typeof cf.kvs().get", "cf.kvs().leak = 1; cf.kvs().get = 'hacked';", 'undefined function', "import cf from 'cloudfront';", { kvs: { k: 'v' } }),
  leak('required-twice', 'a module object changed through a second require', "typeof require('crypto').leak", "require('crypto').leak = 1;", 'undefined', "import crypto from 'crypto';"),

  // V8's legacy RegExp match properties: an ordinary test() would hand one viewer's match to the next.
  leak('regexp-last-match', "the last regular expression match (RegExp.$1, RegExp.lastMatch)", "RegExp.$1 + ' ' + RegExp.lastMatch", "/^user-(\\w+)$/.test('user-' + event.request.uri.slice(1) + 'alice');", 'undefined undefined'),
  leak('regexp-input', 'a string stored in RegExp.input', 'RegExp.input', "RegExp.input = 'secret';"),
  // V8's stack-trace call sites, reached through Error.prepareStackTrace, and their prototype.
  leak(
    'call-site-prototype',
    "a key written on the prototype of V8's stack-trace call sites",
    'sitePrototype().stash',
    "sitePrototype().stash = 'written';",
    'undefined',
    "function sitePrototype() {\n  Error.prepareStackTrace = function (e, sites) { return sites; };\n  var sites = new Error().stack;\n  delete Error.prepareStackTrace;\n  return Object.getPrototypeOf(sites !== null && typeof sites === 'object' ? sites[0] : Object(sites));\n}",
  ),
  // The runtime's own lazily built state must not be built from what a function put in place.
  leakByWriter(
    'base64-table',
    "the runtime's base64 decoding, after String.prototype.charAt was swapped and restored around an atob",
    "atob('aGVsbG8=')",
    "var charAt = String.prototype.charAt; String.prototype.charAt = function () { return '?'; }; try { atob('QQ=='); } catch (e) {} String.prototype.charAt = charAt;",
    'hello',
  ),
  leak('handler-at-top-level', "the previous invocation's handler, seen by the top-level code", 'typeofHandlerAtTop', "handler.leak = 'written';", 'undefined', 'var typeofHandlerAtTop = typeof globalThis.handler;'),
  // No BigInt global, but DataView's getBigInt64 still gives a BigInt, and with it BigInt.prototype.
  leak(
    'bigint-prototype',
    'a key written on BigInt.prototype, reached through DataView',
    'Object.getPrototypeOf(new DataView(new ArrayBuffer(8)).getBigInt64(0)).stash',
    "Object.getPrototypeOf(new DataView(new ArrayBuffer(8)).getBigInt64(0)).stash = 'written';",
    'undefined',
    '',
    { engines: ['vm'] },
  ),
  leak('iterator-prototype', "a key written on the iterators' prototype", 'Object.getPrototypeOf(new Uint8Array(1).values()).leak', "Object.getPrototypeOf(new Uint8Array(1).values()).leak = 'written';"),

  // Work left running, and invocations that fail after writing.
  leak('late-microtask', 'a write queued after the handler returned', 'globalThis.late', "Promise.resolve().then(function () { globalThis.late = 'written'; });"),
  leakThenFail('throw', 'a throw', "throw new Error('stop');", { kind: 'error', status: 503, message: /^Error: stop/, logs: ['undefined'] }),
  leakThenFail('reject', 'a rejected promise', "throw new Error('stop');", { kind: 'error', status: 503, message: /^Error: stop/, logs: ['undefined'] }, true),
  leakThenFail('unsettled', 'a promise left pending', 'return new Promise(function () {});', { kind: 'error', status: 503, logs: ['undefined'] }, true),
  leakThenFail('timeout', 'the compute budget ran out', 'for (;;) {}', { kind: 'error', status: 503, message: COMPUTE }),
  leakThenFail('invalid-result', 'an invalid result', 'return 42;', { kind: 'error', status: 502, logs: ['undefined'] }),
];

/** Registers every isolation case that applies to `engine`. */
export function runIsolation(engine: ConformanceEngine): void {
  describe(`${engine.name}: isolation between invocations (§2)`, () => {
    for (const c of isolationCases.filter((one) => !one.engines || one.engines.includes(engine.name))) {
      it(`${c.spec} [isolation-${c.id}]`, async () => {
        const fn = engine.load({ source: c.source, kvs: c.kvs });
        // A warm-up sees what the case's last invocation (never a writer) sees.
        const settled = (c.runs[c.runs.length - 1] as IsolationRun).expect;
        const warmUps = Array.from({ length: WARM_UPS }, () => ({ writer: false, warm: true, expect: settled }));
        for (const [i, run] of [...warmUps, ...c.runs.map((one) => ({ ...one, warm: false }))].entries()) {
          const headers = run.writer ? ['Host', 'www.example.com', 'X-Leak', 'write'] : run.warm ? ['Host', 'www.example.com', 'X-Warm', '1'] : undefined;
          const event = headers ? requestEvent('/index.html?lang=en', headers) : requestEvent();
          const result = await fn.run(event);
          const context = `invocation ${i + 1}: ${JSON.stringify(result)}`;
          expect(result.kind, context).toBe(run.expect.kind);
          if (run.expect.status !== undefined) expect(result.status, context).toBe(run.expect.status);
          if (run.expect.logs !== undefined) expect(result.logs, context).toEqual(run.expect.logs);
          if (typeof run.expect.message === 'string') expect(result.message, context).toBe(run.expect.message);
          else if (run.expect.message) expect(result.message, context).toMatch(run.expect.message);
        }
      });
    }
  });
}
