import { describe, expect, it } from 'vitest';
import { expectKind, run } from './helpers.js';

async function errorOf(source: string) {
  return expectKind(await run(source, undefined, { filename: 'viewer.js' }), 'error');
}

describe('status rules', () => {
  it('§1 a thrown exception is an execution error (503) naming the error and where', async () => {
    const outcome = await errorOf("function handler(event) {\n  var h = event.request.headers;\n  return h.missing.value;\n}");
    expect(outcome).toEqual({
      kind: 'error',
      status: 503,
      code: 'ExecutionError',
      message: "TypeError: Cannot read properties of undefined (reading 'value') (viewer.js:3:20)",
      logs: [],
    });
  });

  it('§1 a rejected promise is an execution error (503)', async () => {
    const outcome = await errorOf("async function handler(event) { console.log('before'); await null; throw new RangeError('late'); }");
    expect(outcome).toMatchObject({ status: 503, code: 'ExecutionError', logs: ['before'] });
    expect(outcome.message).toMatch(/^RangeError: late \(viewer\.js:1:\d+\)$/);
  });

  it('§1 a thrown non-Error value is an execution error (503)', async () => {
    expect((await errorOf("function handler() { throw 'plain'; }")).message).toBe('Uncaught plain');
    expect((await errorOf('function handler() { throw { code: 7 }; }')).message).toBe('Uncaught {"code":7}');
  });

  it('§1 a throw in top-level code is an execution error of the invocation (503)', async () => {
    const outcome = await errorOf("var table = JSON.parse('{oops');\nfunction handler(event) { return event.request; }");
    expect(outcome).toMatchObject({ status: 503, code: 'ExecutionError' });
    expect(outcome.message).toMatch(/^SyntaxError: .*JSON.* \(viewer\.js:1:\d+\)$/);
  });

  it('§1 a getter that loops on a thrown error is stopped by the compute budget', async () => {
    const outcome = await errorOf(
      "function handler() { var e = new Error('x'); Object.defineProperty(e, 'name', { get: function () { for (;;) {} } }); throw e; }",
    );
    expect(outcome).toMatchObject({ status: 503, code: 'ExecutionError' });
    expect(outcome.message).toMatch(/exceeded the maximum allowed compute time/);
  });

  it('§1 a promise that never settles is an execution error (503)', async () => {
    const outcome = await errorOf('function handler() { return new Promise(function () {}); }');
    expect(outcome).toMatchObject({ status: 503, code: 'ExecutionError', message: 'The promise handler(event) returned never settled' });
  });

  it('§1 returning nothing or a non-object is a validation error (502)', async () => {
    expect(await errorOf('function handler() {}')).toMatchObject({
      status: 502,
      code: 'ValidationError',
      message: 'The function returned nothing; a viewer-request function must return the request or a response',
    });
    expect((await errorOf("function handler() { return 'text'; }")).message).toBe('The function must return an object (the request or a response), not "text"');
    expect((await errorOf('function handler() { var o = {}; o.self = o; return o; }')).message).toMatch(/cannot be serialized/);
  });

  it('§1 a handler that is not a function is an execution error (503)', async () => {
    const outcome = await errorOf('function handler() {}\nhandler = 5;');
    expect(outcome).toMatchObject({ status: 503, code: 'ExecutionError', message: 'TypeError: handler is not a function' });
  });
});
