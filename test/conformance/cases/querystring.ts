/** §2 The querystring module, with Node's semantics. Expected values are node:querystring's. */
import querystring from 'node:querystring';
import { logCase, type ConformanceCase } from '../case.js';

const IMPORT = "import qs from 'querystring';";
const json = (value: unknown) => JSON.stringify(value);

const PARSE_INPUTS = [
  'a=1&b=2',
  'a=1&a=2&a=3',
  'flag&empty=&=value',
  'a=1&&b=2&',
  'q=a+b%20c',
  'k%20ey=v%2Fa',
  'bad=%E4%zz&pct=100%',
  'x=%F0%9F%98%80',
];

const STRINGIFY_INPUTS: Array<[string, unknown]> = [
  ['{ a: 1, b: "x y" }', { a: 1, b: 'x y' }],
  ['{ list: [1, 2], empty: [] }', { list: [1, 2], empty: [] }],
  ['{ t: true, n: null, o: {}, nan: NaN }', { t: true, n: null, o: {}, nan: NaN }],
  ['{ "k/\u00e9": "v&=" }', { 'k/\u00e9': 'v&=' }],
];

export const querystringCases: readonly ConformanceCase[] = [
  ...PARSE_INPUTS.map((input, i) =>
    logCase(`qs-parse-${i}`, `§2 querystring.parse(${json(input)})`, `JSON.stringify(qs.parse(${json(input)}))`, json(querystring.parse(input)), { prelude: IMPORT }),
  ),
  ...STRINGIFY_INPUTS.map(([literal, value], i) =>
    logCase(`qs-stringify-${i}`, `§2 querystring.stringify(${literal})`, `qs.stringify(${literal})`, querystring.stringify(value as querystring.ParsedUrlQueryInput), { prelude: IMPORT }),
  ),
  logCase('qs-parse-null-proto', '§2 querystring.parse returns an object without a prototype', 'Object.getPrototypeOf(qs.parse("a=1")) === null', 'true', { prelude: IMPORT }),
  logCase('qs-sep-eq', '§2 querystring.parse with another separator and assignment', 'JSON.stringify(qs.parse("a:1;b:2", ";", ":"))', json(querystring.parse('a:1;b:2', ';', ':')), { prelude: IMPORT }),
  logCase('qs-max-keys', '§2 querystring.parse honours maxKeys', 'JSON.stringify(qs.parse("a=1&b=2&c=3", null, null, { maxKeys: 2 }))', json(querystring.parse('a=1&b=2&c=3', undefined, undefined, { maxKeys: 2 })), {
    prelude: IMPORT,
  }),
  logCase('qs-stringify-sep', '§2 querystring.stringify with another separator and assignment', 'qs.stringify({ a: 1, b: 2 }, ";", ":")', querystring.stringify({ a: 1, b: 2 }, ';', ':'), { prelude: IMPORT }),
  logCase('qs-escape', '§2 querystring.escape', "qs.escape(\"a b&c=d/\u00e9~!*()'\")", querystring.escape("a b&c=d/\u00e9~!*()'"), { prelude: IMPORT }),
  // njs's module turns "+" into a space here, and hands a custom decoder "+" as is (below): Node's semantics are the spec's.
  logCase('qs-unescape', '§2 querystring.unescape', "qs.unescape('%41%20b+c')", querystring.unescape('%41%20b+c'), {
    prelude: IMPORT,
    // njs's unescape also turns "+" into a space.
    byEngine: { njs: { kind: 'request', logs: ['A b c'] } },
  }),
  logCase('qs-unescape-invalid', '§2 querystring.unescape keeps what it cannot decode', "qs.unescape('%41%zz%')", querystring.unescape('%41%zz%'), { prelude: IMPORT }),
  logCase('qs-aliases', '§2 querystring: decode and encode are parse and stringify', 'JSON.stringify(qs.decode("a=1")) + qs.encode({ b: 2 })', `${json(querystring.decode('a=1'))}${querystring.encode({ b: 2 })}`, { prelude: IMPORT }),
  logCase(
    'qs-custom-decode',
    '§2 querystring.parse with a custom decodeURIComponent',
    'JSON.stringify(qs.parse("a=x+y%21", null, null, { decodeURIComponent: function (s) { return "<" + s + ">"; } }))',
    json(querystring.parse('a=x+y%21', undefined, undefined, { decodeURIComponent: (s: string) => `<${s}>` })),
    // njs hands a custom decoder the raw text, "+" included.
    { prelude: IMPORT, byEngine: { njs: { kind: 'request', logs: ['{"<a>":"<x+y%21>"}'] } } },
  ),
];
