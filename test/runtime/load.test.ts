import { describe, expect, it } from 'vitest';
import { FUNCTION_CODE_MAX_BYTES } from '../../src/limits.js';
import { EngineError, FunctionLoadError, loadFunction, type EngineName } from '../../src/runtime/index.js';
import { expectKind, requestEvent } from './helpers.js';

function loadError(source: string): FunctionLoadError {
  try {
    loadFunction(source, { filename: 'router.js' });
  } catch (error) {
    if (error instanceof FunctionLoadError) return error;
    throw error;
  }
  throw new Error('the function loaded');
}

describe('loading a function', () => {
  it('refuses an engine that is not one, naming the engines there are', () => {
    const load = () => loadFunction('function handler(event) { return event.request; }', { engine: 'quickjs' as EngineName });
    expect(load).toThrow(EngineError);
    expect(load).toThrow(expect.objectContaining({ code: 'UnknownEngine', message: 'engine "quickjs" is not an engine: vm or njs' }));
  });

  it('§2 a syntax error is a load error with its position', () => {
    const error = loadError('function handler(event) {\n  return event.request\n  }}\n');
    expect(error).toMatchObject({ code: 'SyntaxError', line: 3, column: 4 });
    expect(error.message).toBe('SyntaxError: Unexpected token (router.js:3:4)');
  });

  it('§2 top-level await is a syntax error', () => {
    expect(loadError("await 1;\nfunction handler(event) { return event.request; }")).toMatchObject({ code: 'SyntaxError', line: 1 });
  });

  it('§2 import() and BigInt literals are syntax errors, as runtime 2.0 parses them, on both engines', () => {
    const dynamicImport = "async function handler(event) {\n  try { await import('x'); } catch (e) {}\n  return event.request;\n}";
    const bigint = 'function handler(event) {\n  var big = 10n;\n  return event.request;\n}';
    for (const engine of ['vm', 'njs'] as const) {
      const load = (source: string) => {
        try {
          loadFunction(source, { filename: 'router.js', engine });
        } catch (error) {
          return error;
        }
        return undefined;
      };
      const imported = load(dynamicImport) as FunctionLoadError;
      expect(imported).toMatchObject({ code: 'SyntaxError', line: 2, column: 15 });
      expect(imported.message).toBe('SyntaxError: import() is not supported in runtime 2.0 (router.js:2:15)');
      const big = load(bigint) as FunctionLoadError;
      expect(big).toMatchObject({ code: 'SyntaxError', line: 2, column: 13 });
      expect(big.message).toBe('SyntaxError: BigInt literals are not supported in runtime 2.0 (router.js:2:13)');
    }
  });

  it('§1 code without a top-level function handler does not load', () => {
    for (const source of ['var handler = function (event) { return event.request; };', 'function main(event) { return event.request; }']) {
      expect(loadError(source)).toMatchObject({
        code: 'NoHandler',
        message: 'router.js has no top-level function handler(event); CloudFront calls it for every event',
      });
    }
  });

  it('§2 only default imports of the runtime modules load', () => {
    expect(loadError("import fs from 'fs';\nfunction handler(e) { return e.request; }")).toMatchObject({
      code: 'LoadError',
      line: 1,
      message: 'Cannot find module "fs" (router.js:1); runtime 2.0 offers cloudfront, crypto, querystring',
    });
    expect(loadError("import { createHash } from 'crypto';\nfunction handler(e) { return e.request; }").message).toBe(
      "Only a default import is supported (router.js:1): write `import crypto from 'crypto'`",
    );
    expect(loadError('export function handler(e) { return e.request; }')).toMatchObject({ code: 'LoadError' });
  });

  it('§3 code over 10 KB does not load', () => {
    const source = `function handler(e) { return e.request; }\n//${'x'.repeat(FUNCTION_CODE_MAX_BYTES)}`;
    expect(loadError(source)).toMatchObject({ code: 'LoadError' });
    expect(loadError(source).message).toMatch(/^router\.js is \d+ bytes; CloudFront Functions accept at most 10240 bytes/);
  });

  it('§2 imports become requires in place, so error lines still match the file', async () => {
    const source = "import cf from 'cloudfront';\nimport crypto\n  from 'crypto';\nfunction handler(event) {\n  throw new Error(typeof cf.kvs + ' ' + typeof crypto.createHash);\n}";
    const outcome = expectKind(await loadFunction(source, { filename: 'router.js' }).invoke(requestEvent()), 'error');
    expect(outcome.message).toBe('Error: function function (router.js:5:9)');
  });

  it('§2 the code runs in strict mode', async () => {
    const outcome = await loadFunction('function handler(event) { undeclared = 1; return event.request; }').invoke(requestEvent());
    expect(expectKind(outcome, 'error').message).toMatch(/^ReferenceError: undeclared is not defined/);
  });
});
