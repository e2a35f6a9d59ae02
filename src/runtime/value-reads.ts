/**
 * The warm-context audit's value reads, compiled for one context
 * (`sandbox/audit.js`: `valueReads`, `silentObjects`, `useValueReads`). The audit's loop reads each
 * checked property as `o[key]`, one site for hundreds of objects and keys, which
 * V8 answers from its megamorphic cache at best; here each read is a named
 * property load of its own (`if (o17.map !== v[203]) return false;`), which an
 * inline cache answers: for cellfront's own function, about 0.4 µs per audit
 * against 10 µs in the loop. Before them, the same function proves that the objects
 * with no enumerable key still have none (`silentObjects`), one `for...in` site per
 * object: with cellfront's own function, about 6 µs for the whole audit against 9
 * when the loop did it.
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
 * A function of `context` answering whether every object in `silent` still has no
 * key a `for...in` yields (each has a loop of its own, which V8 answers from the
 * object's enumeration cache), then whether every property in `reads` still holds
 * its recorded value (NaN counts as unchanged when it was NaN).
 */
export function compileValueReads(context: vm.Context, reads: readonly ValueRead[], silent: readonly object[] = []): () => boolean {
  const objects: object[] = [];
  const indexOf = new Map<object, number>();
  const lines: string[] = [];
  const values: unknown[] = [];
  const place = (object: object): number => {
    let index = indexOf.get(object);
    if (index === undefined) {
      index = objects.length;
      objects.push(object);
      indexOf.set(object, index);
    }
    return index;
  };
  // Indexed, as `reads` below: an array of the context.
  for (let n = 0; n < silent.length; n++) lines.push(`for (key in o${place(silent[n] as object)}) return false;`);
  // Indexed reads only: `reads` is an array of the context, and iterating it (`forEach`,
  // destructuring) would call the context's Array.prototype, which function code can reach.
  for (let n = 0; n < reads.length; n++) {
    const read = reads[n] as ValueRead;
    const object = read[0];
    const key = read[1];
    const value = read[2];
    if (typeof key !== 'string') throw new TypeError('runtime: a value read names a property by a key that is not a string');
    values[n] = value;
    const index = place(object);
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
    'var key;',
    ...lines,
    'return true;',
    '};',
    '})',
  ].join('\n');
  const factory = new vm.Script(source, { filename: 'runtime:value-reads' }).runInContext(context) as (objects: object[], values: unknown[]) => () => boolean;
  return factory(objects, values);
}
