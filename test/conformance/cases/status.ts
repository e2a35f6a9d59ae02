/** §1 and §3: which failures are validation errors (502), which execution errors (503), and the limits. */
import { FUNCTION_CODE_MAX_BYTES, FUNCTION_LOG_MAX_BYTES } from '../../../src/limits.js';
import { handlerRunning, type ConformanceCase } from '../case.js';

const COMPUTE = /exceeded the maximum allowed compute time/;
const MEMORY = /memory limit/;

function failing(id: string, spec: string, source: string, status: 502 | 503, message?: RegExp | string): ConformanceCase {
  return { id, spec, source, expect: { kind: 'error', status, message } };
}

/** 30 lines of 500 characters: the run's logs stop at 10 KB, the line crossing it cut. */
function truncatedLogs(): string[] {
  const lines: string[] = [];
  let room = FUNCTION_LOG_MAX_BYTES;
  for (let i = 0; i < 30 && room > 0; i++) {
    const line = `${i}:${'x'.repeat(500)}`;
    lines.push(line.slice(0, room));
    room -= Math.min(room, line.length);
  }
  return lines;
}

const cases: ConformanceCase[] = [
  failing('status-throw', '§1 an exception is an execution error (503)', "function handler(event) {\n  throw new Error('boom');\n}", 503, /^Error: boom/),
  failing('status-type-error', '§1 a TypeError is an execution error (503)', 'function handler(event) {\n  return event.request.headers.missing.value;\n}', 503, /^TypeError: /),
  failing('status-reject', '§1 a rejected promise is an execution error (503)', "async function handler(event) {\n  await null;\n  throw new RangeError('late');\n}", 503, /^RangeError: late/),
  failing('status-reject-explicit', '§1 returning Promise.reject is an execution error (503)', "function handler(event) {\n  return Promise.reject(new Error('no'));\n}", 503, /^Error: no/),
  failing('status-throw-string', '§1 throwing a non-Error value is an execution error (503)', "function handler() {\n  throw 'plain';\n}", 503, 'Uncaught plain'),
  failing('status-top-level-throw', '§1 a throw in top-level code fails every invocation (503)', "var table = JSON.parse('{oops');\nfunction handler(event) { return event.request; }", 503, /^SyntaxError: /),
  failing('status-no-result', '§1 returning nothing is a validation error (502)', 'function handler(event) {}', 502, /returned nothing/),
  failing('status-string-result', '§1 returning a string is a validation error (502)', "function handler(event) {\n  return 'text';\n}", 502, /must return an object/),
  failing('status-cycle', '§1 returning a value with a cycle is a validation error (502)', 'function handler(event) {\n  var o = {};\n  o.self = o;\n  return o;\n}', 502, /cannot be serialized/),
  failing('status-unsettled', '§1 a promise that never settles is an execution error (503)', 'function handler(event) {\n  return new Promise(function () {});\n}', 503, /never settled/),
  failing('status-not-function', '§1 a handler that is not a function is an execution error (503)', 'function handler() {}\nhandler = 5;', 503, 'TypeError: handler is not a function'),
  failing('status-loop', '§3 a function past the compute budget is stopped (503)', 'function handler(event) {\n  for (;;) {}\n}', 503, COMPUTE),
  failing('status-loop-after-await', '§3 a loop after an await is stopped too (503)', 'async function handler(event) {\n  await Promise.resolve();\n  while (true) {}\n}', 503, COMPUTE),
  failing('status-loop-top-level', '§3 a loop in top-level code is stopped (503)', 'while (true) {}\nfunction handler(event) { return event.request; }', 503, COMPUTE),
  failing('status-syntax-error', '§2 a syntax error never runs (the edge answers 503)', 'function handler(event) {\n  return event.request\n}}', 503, /^SyntaxError: /),
  failing('status-no-handler', '§1 code without function handler(event) never runs (503)', 'function main(event) { return event.request; }', 503, /no top-level function handler\(event\)/),
  failing('status-too-large', `§3 code over ${FUNCTION_CODE_MAX_BYTES} bytes never runs (503)`, `function handler(e) { return e.request; }\n//${'x'.repeat(FUNCTION_CODE_MAX_BYTES)}`, 503, /accept at most 10240 bytes/),
  {
    id: 'status-async-ok',
    spec: '§1 an async handler may resolve with the request',
    source: "async function handler(event) {\n  var uri = await Promise.resolve('/async');\n  event.request.uri = uri;\n  return event.request;\n}",
    expect: { kind: 'request', value: { uri: '/async' } },
  },
  {
    id: 'status-log-one-arg',
    spec: '§2 console.log takes one argument; objects are logged as JSON',
    source: handlerRunning('console.log("first", "ignored");\nconsole.log(42);\nconsole.log({ a: [1, "b"] });'),
    expect: { kind: 'request', logs: ['first', '42', '{"a":[1,"b"]}'] },
  },
  {
    id: 'status-log-limit',
    spec: `§3 logs are truncated at ${FUNCTION_LOG_MAX_BYTES} bytes per run`,
    source: handlerRunning('for (var i = 0; i < 30; i++) console.log(i + ":" + "x".repeat(500));'),
    expect: { kind: 'request', logs: truncatedLogs() },
  },
  {
    id: 'status-logs-kept-on-error',
    spec: '§1 the logs of a failed run are kept',
    source: "function handler(event) {\n  console.log('before');\n  throw new Error('after');\n}",
    expect: { kind: 'error', status: 503, logs: ['before'] },
  },
  // The memory guard is the vm engine's: njs's CLI has no memory limit of its own.
  failing('status-memory-array', '§3 function memory is 2 MB: new Array(1e9) is stopped (503)', handlerRunning('var a = new Array(1e9);'), 503, MEMORY),
  failing('status-memory-repeat', '§3 function memory is 2 MB: a 1 GB string is stopped (503)', handlerRunning("var s = 'x'.repeat(1e9);"), 503, MEMORY),
  failing('status-memory-typed', '§3 function memory is 2 MB: a 100 MB typed array is stopped (503)', handlerRunning('var b = new Uint8Array(1e8);'), 503, MEMORY),
  failing('status-memory-buffer', '§3 function memory is 2 MB: Buffer.alloc(1e8) is stopped (503)', handlerRunning('var b = Buffer.alloc(1e8);'), 503, MEMORY),
  failing('status-memory-caught', '§3 running out of memory fails the run even if the function catches it', handlerRunning('try { new ArrayBuffer(1e9); } catch (e) {}'), 503, MEMORY),
  failing('status-memory-fill', '§3 function memory is 2 MB: filling a huge sparse array is stopped (503)', handlerRunning('var a = []; a.length = 1e8; a.fill(0);'), 503, MEMORY),
];

export const statusCases: readonly ConformanceCase[] = cases.map((c) => (c.id.startsWith('status-memory') ? { ...c, engines: ['vm'] } : c));
