import { describe, expect, it } from 'vitest';
import { checkFunction } from '../../src/check/index.js';
import { findings, withHandler } from './support.js';

// GIVEN a snippet using one form runtime 2.0 does not list, WHEN it is checked,
// THEN exactly the expected rules fire, at the expected 1-based line:column.
const cases: ReadonlyArray<readonly [string, string, readonly string[]]> = [
  ['class declaration', 'class Router {}', ['no-class@1:1']],
  ['class expression', 'var K = class {};', ['no-class@1:9']],
  ['destructuring declaration', 'const { p } = obj;', ['no-destructuring@1:7']],
  ['array destructuring', 'let [p, q] = arr;', ['no-destructuring@1:5']],
  ['destructuring parameter', 'function g({ p }) { return p; }', ['no-destructuring@1:12']],
  ['destructuring assignment', 'var p; [p] = arr;', ['no-destructuring@1:8']],
  ['destructuring catch parameter', 'try { fn(); } catch ({ message }) {}', ['no-destructuring@1:22']],
  ['nested destructuring, reported once', 'const { p: { q } } = obj;', ['no-destructuring@1:7']],
  ['object rest', 'const { p, ...rest } = obj;', ['no-destructuring@1:7', 'no-object-rest@1:12']],
  ['array spread', 'var p = [...arr];', ['no-spread@1:10']],
  ['call spread', 'fn(...arr);', ['no-spread@1:4']],
  ['new spread', 'new Date(...arr);', ['no-spread@1:10']],
  ['object spread', 'var p = { ...obj };', ['no-spread@1:11']],
  ['optional member', 'var p = obj?.a;', ['no-optional-chaining@1:12']],
  ['optional call', 'fn?.();', ['no-optional-chaining@1:3']],
  ['optional computed member', 'obj?.[key];', ['no-optional-chaining@1:4']],
  ['two optional links', 'obj?.a?.b;', ['no-optional-chaining@1:4', 'no-optional-chaining@1:7']],
  ['nullish coalescing', 'var p = value ?? 1;', ['no-nullish-coalescing@1:15']],
  ['??=', 'obj.a ??= 1;', ['no-logical-assignment@1:7']],
  ['||=', 'obj.a ||= 1;', ['no-logical-assignment@1:7']],
  ['&&=', 'obj.a &&= 1;', ['no-logical-assignment@1:7']],
  ['generator declaration', 'function* gen() {}', ['no-generator@1:1']],
  ['generator expression', 'var g = function* () {};', ['no-generator@1:9']],
  ['yield', 'function* gen() { yield 1; }', ['no-generator@1:1', 'no-yield@1:19']],
  ['async generator', 'async function* gen() {}', ['no-async-generator@1:1']],
  ['for...of', 'for (var p of arr) {}', ['no-for-of@1:1']],
  ['for await...of', 'async function g() { for await (var p of arr) {} }', ['no-for-await@1:22']],
  ['dynamic import()', "import('crypto');", ['no-dynamic-import@1:1']],
  ['import.meta', 'var p = import.meta;', ['no-import-meta@1:9']],
  ['new.target', 'function K() { return new.target; }', ['no-new-target@1:23']],
  ['super', 'var p = { m: function () {}, n() { return super.m(); } };', ['no-method-shorthand@1:30', 'no-super@1:43']],
  ['BigInt literal', 'var p = 10n;', ['no-bigint@1:9']],
  ['default parameter', 'function g(p = 1) { return p; }', ['no-default-param@1:12']],
  ['default parameter of an arrow', 'var g = (p = 1) => p;', ['no-default-param@1:10']],
  ['shorthand property', 'var p = { obj };', ['no-shorthand-property@1:11']],
  ['method shorthand', 'var p = { m() { return 1; } };', ['no-method-shorthand@1:11']],
  ['computed key', 'var p = { [key]: 1 };', ['no-computed-key@1:11']],
  ['computed getter key', 'var p = { get [key]() { return 1; } };', ['no-computed-key@1:11']],
  ['optional catch binding', 'try { fn(); } catch {}', ['no-optional-catch-binding@1:15']],
  ['tagged template', 'var p = fn`x`;', ['no-tagged-template@1:9']],
  ['regex v flag', 'var p = /[a]/v;', ['no-regex-flag@1:9']],
  ['regex s and u flags, one finding', 'var p = /a.b/su;', ['no-regex-flag@1:9']],
  ['regex d flag through new RegExp', "var p = new RegExp('a', 'd');", ['no-regex-flag@1:25']],
  ['await inside call arguments', 'async function g() { return fn(await value); }', ['no-await-in-arguments@1:32']],
  ['await inside nested arguments', 'async function g() { arr.push({ v: String(await value) }); }', ['no-await-in-arguments@1:43']],
  ['top-level await', 'await value;', ['no-top-level-await@1:1']],
  ['async function expression in a function', 'function outer() { var g = async function () {}; return g; }', ['no-async-closure@1:28']],
  ['async arrow in a function', 'function outer() { var g = async () => 1; return g; }', ['no-async-closure@1:28']],
  ['async arrow as an argument', 'arr.map(async (x) => x);', ['no-async-closure@1:9']],
  ['async arrow in a top-level expression', 'var g = [async () => 1];', ['no-async-closure@1:10']],
  ['nested async declaration', 'function outer() { async function inner() {} return inner; }', ['no-async-closure@1:20']],
  ['export declaration', 'export var p = 1;', ['no-export@1:1']],
  ['export list', 'export { fn };', ['no-export@1:1']],
  ['export default', 'export default fn;', ['no-export@1:1']],
  ['named import', "import { createHash } from 'crypto';", ['no-named-import@1:10']],
  ['namespace import', "import * as c from 'crypto';", ['no-named-import@1:8']],
  ['import without binding', "import 'crypto';", ['no-bare-import@1:1']],
  // strict mode: these only parse in sloppy mode, and each still gets its own rule
  ['with', 'with (obj) {}', ['no-with@1:1']],
  ['legacy octal literal', 'var p = 017;', ['no-octal@1:9']],
  ['octal escape', "var p = 'a\\01';", ['no-octal@1:9']],
  ['delete of a variable', 'var p = 1; delete p;', ['no-delete-identifier@1:12']],
  ['duplicate parameters', 'function g(p, p) { return p; }', ['no-duplicate-param@1:15']],
];

describe('checkFunction: unsupported syntax', () => {
  it.each(cases)('%s', (_name, snippet, expected) => {
    expect(findings(snippet)).toEqual(expected);
  });

  it('reports lines and columns 1-based, on the line the form is on', () => {
    expect(findings('var a1 = 1;\n\n  class Later {}')).toEqual(['no-class@3:3']);
  });

  it('says what to write instead', () => {
    const [optional] = checkFunction(withHandler('var p = obj?.a;'), 'f.js');
    expect(optional?.message).toBe(
      'optional chaining (?.) is not supported; test first: (x !== undefined && x !== null ? x.y : undefined)',
    );
    const [spread] = checkFunction(withHandler('fn(...arr);'), 'f.js');
    expect(spread?.message).toBe('spread in a call is not supported; use fn.apply(null, args)');
  });

  it('reports a parse error as one syntax diagnostic at its position', () => {
    const diagnostics = checkFunction('var x = 1;\nvar = 2;\nfunction handler(e) { return e.request; }\n', 'f.js');
    expect(diagnostics).toEqual([
      { line: 2, column: 5, rule: 'syntax', message: 'syntax error: Unexpected token', severity: 'error' },
    ]);
  });

  it('keeps the parser message for a strict-mode error no rule names', () => {
    // `let` is an identifier in sloppy mode only; no dedicated rule covers it
    const diagnostics = checkFunction('var let = 1;\nfunction handler(e) { return e.request; }\n', 'f.js');
    expect(diagnostics.map((d) => `${d.rule}@${d.line}:${d.column}`)).toEqual(['syntax@1:5']);
  });
});
