/**
 * `compileValueReads`: the audit's value checks compiled for one context. Each
 * recorded value is compared by its own read; keys that are not identifiers and
 * recorded NaN values are read and compared as the audit's loop does.
 */
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { compileValueReads, type ValueRead } from '../../src/runtime/value-reads.js';

function setUp() {
  const context = vm.createContext({});
  const target = vm.runInContext("({ plain: 1, 'not-an-identifier': 'x', 0: 'zero', __proto__: null, nan: NaN, fn: Math.max })", context) as Record<string, unknown>;
  const reads: ValueRead[] = Object.keys(target).map((key) => [target, key, target[key]]);
  return { context, target, check: compileValueReads(context, reads) };
}

describe('compileValueReads', () => {
  it('holds while every value is as recorded, NaN included', () => {
    const { check } = setUp();
    expect(check()).toBe(true);
    expect(check()).toBe(true);
  });

  it.each([
    ['an identifier key', 'plain', 2],
    ['a key that is not an identifier', 'not-an-identifier', 'y'],
    ['an index key', '0', 'one'],
    ['a NaN replaced by a number', 'nan', 0],
    ['a function replaced', 'fn', Math.min],
  ])('sees %s changed', (_what, key, value) => {
    const { target, check } = setUp();
    target[key] = value;
    expect(check()).toBe(false);
  });

  it('keeps no code in its source: a key is only ever a property name', () => {
    const context = vm.createContext({});
    const target = vm.runInContext('({})', context) as Record<string, unknown>;
    const key = 'a"] !== 0) globalThis.ran = true; if (o0["a';
    target[key] = 1;
    const check = compileValueReads(context, [[target, key, 1]]);
    expect(check()).toBe(true);
    expect(vm.runInContext('globalThis.ran', context)).toBeUndefined();
  });
});
