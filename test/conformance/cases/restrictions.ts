/**
 * §2 What runtime 2.0 does not have: unlisted built-ins are absent, dynamic code
 * throws, and there are no timers, process, file system, network or host objects.
 */
import { logCase, throwCase, type ConformanceCase } from '../case.js';

const ABSENT_GLOBALS = [
  'Map', 'Set', 'WeakMap', 'WeakSet', 'WeakRef', 'FinalizationRegistry', 'Proxy', 'Reflect', 'BigInt', 'BigInt64Array',
  'BigUint64Array', 'Intl', 'SharedArrayBuffer', 'Atomics', 'WebAssembly', 'structuredClone', 'setTimeout', 'setInterval',
  'setImmediate', 'clearTimeout', 'queueMicrotask', 'process', 'fetch', 'XMLHttpRequest', 'performance', 'crypto', 'global',
  'module', 'exports', 'escape', 'unescape',
];

/** `Owner.member` expressions runtime 2.0 does not list. */
const ABSENT_MEMBERS = [
  'Array.from', 'Object.fromEntries', 'Object.setPrototypeOf', 'Object.getOwnPropertySymbols', 'String.raw',
  'Array.prototype.at', 'Array.prototype.flat', 'Array.prototype.flatMap', 'Array.prototype.findLast', 'Array.prototype.values',
  'String.prototype.at', 'String.prototype.matchAll', 'String.prototype.normalize', 'Error.captureStackTrace',
];

export const restrictionCases: readonly ConformanceCase[] = [
  ...ABSENT_GLOBALS.map((name) => logCase(`absent-${name}`, `§2 not listed, so absent: ${name}`, `typeof ${name}`, 'undefined')),
  ...ABSENT_MEMBERS.map((name) => logCase(`absent-${name}`, `§2 not listed, so absent: ${name}`, `typeof ${name}`, 'undefined')),
  throwCase('no-eval', '§2 eval throws', 'eval("1 + 1");', /^EvalError: /),
  throwCase('no-new-function', '§2 new Function throws', 'new Function("return 1");', /^EvalError: /),
  throwCase('no-function-call', '§2 Function(...) throws', 'Function("return 1")();', /^EvalError: /),
  throwCase('no-async-function-ctor', '§2 the async function constructor throws', '(async function () {}).constructor("return 1");', /^EvalError: /),
  throwCase('no-host-escape', '§2 no host objects: constructors lead nowhere', 'console.log.constructor("return process")();', /^EvalError: /),
  throwCase('no-host-escape-module', '§2 no host objects: module functions lead nowhere', 'require("crypto").createHash.constructor("return process")();', /^EvalError: /),
  throwCase('no-symbol-call', '§2 Symbol: only for and keyFor; Symbol() throws', 'Symbol("x");', /^TypeError: /),
  throwCase('no-object-create-props', '§2 Object.create takes no property map', 'Object.create({}, { a: { value: 1 } });', /^TypeError: /),
  throwCase('no-require-fs', '§2 no file system: require("fs") fails', 'require("fs");', /^Error: Cannot find module "fs"/),
  throwCase('no-require-http', '§2 no network: require("http") fails', 'require("http");', /^Error: Cannot find module "http"/),
  {
    id: 'no-import-fs',
    spec: '§2 modules: importing anything but cloudfront, crypto and querystring fails to load',
    source: "import fs from 'fs';\nfunction handler(event) { return event.request; }",
    expect: { kind: 'error', status: 503, message: /Cannot find module "fs"/ },
  },
  {
    id: 'fresh-globals',
    spec: '§2 no state survives an invocation: top-level code runs afresh',
    source: 'var count = (globalThis.count || 0) + 1;\nglobalThis.count = count;\nfunction handler(event) {\n  console.log(count);\n  return event.request;\n}',
    expect: { kind: 'request', logs: ['1'] },
  },
];
