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

  it('sees a key added to an object it was given as having none, own or inherited', () => {
    const context = vm.createContext({});
    const [plain, fn, child] = vm.runInContext('var parent = {}; [{}, function f() {}, Object.create(parent)]', context) as [Record<string, unknown>, Record<string, unknown>, Record<string, unknown>];
    const check = compileValueReads(context, [], [plain, fn, child]);
    expect(check()).toBe(true);
    fn.leak = 1;
    expect(check()).toBe(false);
    delete fn.leak;
    expect(check()).toBe(true);
    vm.runInContext("parent.inherited = 'yes'", context);
    expect(check()).toBe(false);
    vm.runInContext('delete parent.inherited', context);
    // A key that is not enumerable is none of its business: the audit compares those otherwise.
    Object.defineProperty(plain, 'hidden', { value: 1, enumerable: false });
    expect(check()).toBe(true);
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
