/**
 * The warm-context audit's value reads, compiled for one context
 * (`sandbox/audit.js`: `valueReads`, `useValueReads`). The audit's loop reads each
 * checked property as `o[key]`, one site for hundreds of objects and keys, which
 * V8 answers from its megamorphic cache at best; here each read is a named
 * property load of its own (`if (o17.map !== v[203]) return false;`), which an
 * inline cache answers: for cellfront's own function, about 0.4 µs per audit
 * against 10 µs in the loop.
 *
 * The source holds only property names recorded before any function code ran
 * (built-ins' own names), each written as a string literal where it is not an
 * identifier; objects and values come in as arguments, never as text.
 */
import vm from 'node:vm';

/** One value check: the object, the property's key and the value recorded for it. */
export type ValueRead = readonly [object: object, key: string, value: unknown];

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * A function of `context` answering whether every property in `reads` still holds
 * its recorded value (NaN counts as unchanged when it was NaN).
 */
export function compileValueReads(context: vm.Context, reads: readonly ValueRead[]): () => boolean {
  const objects: object[] = [];
  const indexOf = new Map<object, number>();
  const lines: string[] = [];
  const values: unknown[] = [];
  // Indexed reads only: `reads` is an array of the context, and iterating it (`forEach`,
  // destructuring) would call the context's Array.prototype, which function code can reach.
  for (let n = 0; n < reads.length; n++) {
    const read = reads[n] as ValueRead;
    const object = read[0];
    const key = read[1];
    const value = read[2];
    if (typeof key !== 'string') throw new TypeError('runtime: a value read names a property by a key that is not a string');
    values[n] = value;
    let index = indexOf.get(object);
    if (index === undefined) {
      index = objects.length;
      objects.push(object);
      indexOf.set(object, index);
    }
    const load = IDENTIFIER.test(key) && key !== '__proto__' ? `o${index}.${key}` : `o${index}[${JSON.stringify(key)}]`;
    // A recorded NaN is still there when the read is not equal to itself.
    lines.push(value !== value ? `if (${load} === ${load}) return false;` : `if (${load} !== v[${n}]) return false;`);
  }
  const declarations = objects.map((_, index) => `o${index} = objects[${index}]`);
  const source = [
    '(function (objects, v) {',
    "'use strict';",
    declarations.length > 0 ? `var ${declarations.join(', ')};` : '',
    'return function sameValues() {',
    ...lines,
    'return true;',
    '};',
    '})',
  ].join('\n');
  const factory = new vm.Script(source, { filename: 'runtime:value-reads' }).runInContext(context) as (objects: object[], values: unknown[]) => () => boolean;
  return factory(objects, values);
}
