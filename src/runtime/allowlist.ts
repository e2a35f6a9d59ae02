/**
 * What the sandbox leaves of V8's built-ins (spec §2): the project's runtime 2.0
 * allow-list (`../check/allowlist.ts`, also used to check code before deploy) plus
 * the prototype methods the runtime lists, which only the sandbox needs.
 */
import { BUILTIN_STATICS, SUPPORTED_GLOBALS } from '../check/allowlist.js';

/** ES 5.1's String methods plus the ones runtime 2.0 adds. */
export const STRING_METHODS: readonly string[] = [
  'charAt', 'charCodeAt', 'concat', 'indexOf', 'lastIndexOf', 'localeCompare', 'match', 'replace', 'search', 'slice',
  'split', 'substr', 'substring', 'toLowerCase', 'toLocaleLowerCase', 'toUpperCase', 'toLocaleUpperCase', 'toString',
  'trim', 'valueOf',
  'codePointAt', 'endsWith', 'includes', 'repeat', 'startsWith', 'padStart', 'padEnd', 'trimStart', 'trimEnd', 'replaceAll',
];

/** ES 5.1's Array methods plus the ones runtime 2.0 adds (no iterators, `at`, `flat`, ...). */
export const ARRAY_METHODS: readonly string[] = [
  'concat', 'every', 'filter', 'forEach', 'indexOf', 'join', 'lastIndexOf', 'map', 'pop', 'push', 'reduce', 'reduceRight',
  'reverse', 'shift', 'slice', 'some', 'sort', 'splice', 'toLocaleString', 'toString', 'unshift',
  'copyWithin', 'fill', 'find', 'findIndex', 'includes',
];

/** A list as `{ name: 1 }`, which the sandbox looks names up in without building a set per context. */
function asLookup(names: Iterable<string>): Record<string, 1> {
  return Object.fromEntries([...names].map((name) => [name, 1]));
}

/** The allow-list as the sandbox's `restrict.js` reads it. */
export const SANDBOX_ALLOW_JSON = JSON.stringify({
  // eval is listed as present and throwing (spec §2), which codeGeneration: { strings: false } makes it do.
  globals: asLookup([...SUPPORTED_GLOBALS, 'eval']),
  // Symbol is replaced whole by a stand-in with for and keyFor only.
  statics: Object.fromEntries(Object.entries(BUILTIN_STATICS).filter(([name]) => name !== 'Symbol').map(([name, members]) => [name, asLookup(members)])),
  stringMethods: asLookup(STRING_METHODS),
  arrayMethods: asLookup(ARRAY_METHODS),
});
