/**
 * What the sandbox leaves of V8's built-ins (spec §2): the project's runtime 2.0
 * allow-list (`../check/allowlist.ts`, also used to check code before deploy) plus
 * the prototype methods the runtime lists, which only the sandbox needs.
 */
import vm from 'node:vm';
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

/** Where the sandbox removes things from, by the name `restrict.js` resolves. */
const OWNERS: Readonly<Record<string, readonly string[]>> = {
  ...Object.fromEntries(Object.entries(BUILTIN_STATICS).map(([name, members]) => [name, [...members]])),
  'String.prototype': STRING_METHODS,
  'Array.prototype': ARRAY_METHODS,
};

/** Own properties every function has, and the one V8 needs to record stacks. */
const ALWAYS_KEPT = new Set(['length', 'name', 'prototype', 'caller', 'arguments', 'constructor', 'stackTraceLimit']);

/**
 * What a fresh V8 context has and runtime 2.0 does not list, as `owner.name`
 * entries joined by `|`: worked out once, on a bare context, so each sandbox
 * context only walks the list (spec §2: "what is not listed is unsupported").
 */
export const SANDBOX_REMOVALS: string = (() => {
  const probe = vm.createContext(vm.constants.DONT_CONTEXTIFY ?? {});
  const ownNames = (owner: string): string[] => JSON.parse(vm.runInContext(`JSON.stringify(Object.getOwnPropertyNames(${owner}))`, probe) as string) as string[];
  // eval stays, listed as present and throwing (codeGeneration: { strings: false } makes it throw).
  const globals = new Set([...SUPPORTED_GLOBALS, 'eval']);
  const removals = ownNames('globalThis')
    .filter((name) => !globals.has(name))
    .map((name) => `globalThis.${name}`);
  for (const [owner, kept] of Object.entries(OWNERS)) {
    // Symbol is replaced whole by a stand-in that has only for and keyFor.
    if (owner === 'Symbol') continue;
    for (const name of ownNames(owner)) if (!kept.includes(name) && !ALWAYS_KEPT.has(name)) removals.push(`${owner}.${name}`);
  }
  return removals.join('|');
})();
