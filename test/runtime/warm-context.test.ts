import { describe, expect, it } from 'vitest';
import { runInSandbox, type SandboxOutcome, type SandboxRun } from '../../src/runtime/sandbox.js';
import { prepareSource } from '../../src/runtime/source.js';
import type { ContextMode } from '../../src/runtime/context-mode.js';
import { codeMayDelete, ContextSlot, WarmContexts, wrapFunctionCode } from '../../src/runtime/warm-context.js';
import { requestEvent } from './helpers.js';

/** A slot for `source` and a way to invoke it once on the default event, with `extra` in the run. */
function slotFor(
  source: string,
  mode: ContextMode = 'warm',
  extra: Partial<Pick<SandboxRun, 'supervised' | 'marks' | 'kvs' | 'kvsId'>> = {},
): { slot: ContextSlot; invoke(): SandboxOutcome } {
  const prepared = prepareSource(source, 'function.js');
  const code = wrapFunctionCode(prepared);
  if (!code) throw new Error('the test function does not compile as a function');
  const slot = new ContextSlot(code, mode, codeMayDelete(prepared));
  const event = requestEvent();
  const invoke = () =>
    runInSandbox({
      slot,
      filename: 'function.js',
      eventJson: JSON.stringify(event),
      rawQuery: undefined,
      eventType: 'viewer-request',
      kvs: undefined,
      kvsId: undefined,
      budgetMs: 1_000,
      log: () => undefined,
      updateOrigin: () => undefined,
      ...extra,
    });
  return { slot, invoke };
}

describe('warm contexts (vm engine)', () => {
  it('reuses one context for a function that leaves everything as it found it', () => {
    const { slot, invoke } = slotFor("import qs from 'querystring';\nconst seen = {};\nfunction handler(event) {\n  seen[event.request.uri] = qs.stringify({ a: 1 });\n  return event.request;\n}");
    for (let i = 0; i < 5; i++) expect(invoke().kind).toBe('returned');
    expect(slot.counts).toEqual({ reused: 4, dropped: 0 });
  });

  it("keeps every audit shallow for a function that only uses the runtime's modules: none of their own calls counts as a redefinition", () => {
    const source = [
      "import cf from 'cloudfront';",
      "import crypto from 'crypto';",
      "import qs from 'querystring';",
      'function handler(event) {',
      "  const b = Buffer.from('abcd');",
      "  event.request.headers['x-n'] = { value: String(b.readUInt32BE(0)) + crypto.createHash('sha1').update(qs.stringify({ a: 1 })).digest('hex') };",
      "  cf.updateRequestOrigin({ domainName: 'example.com' });",
      '  return event.request;',
      '}',
    ].join('\n');
    const { slot, invoke } = slotFor(source);
    for (let i = 0; i < 5; i++) expect(invoke().kind).toBe('returned');
    expect(slot.counts).toEqual({ reused: 4, dropped: 0 });
    const lease = slot.take();
    expect((lease.prepared.internal as { deepAudits?: number }).deepAudits ?? 0).toBe(0);
  });

  it('drops the context after every invocation that changes a built-in', () => {
    const { slot, invoke } = slotFor("function handler(event) {\n  Array.prototype.seen = (Array.prototype.seen || 0) + 1;\n  return event.request;\n}");
    for (let i = 0; i < 3; i++) expect(invoke().kind).toBe('returned');
    expect(slot.counts).toEqual({ reused: 0, dropped: 3 });
  });

  it('drops the context after an invocation that does not return', () => {
    const { slot, invoke } = slotFor("function handler(event) {\n  throw new Error('no');\n}");
    for (let i = 0; i < 2; i++) expect(invoke()).toEqual({ kind: 'threw', message: 'Error: no (function.js:2:9)' });
    expect(slot.counts).toEqual({ reused: 0, dropped: 2 });
  });

  it('keeps the context when Object.assign and Symbol.for touch only what the function made', () => {
    // Both are counted by the audit only when they could add a symbol key to a built-in.
    const { slot, invoke } = slotFor("function handler(event) {\n  var copy = Object.assign({}, event.request.headers, { seen: true });\n  return copy.seen ? event.request : null;\n}");
    for (let i = 0; i < 3; i++) expect(invoke().kind).toBe('returned');
    expect(slot.counts).toEqual({ reused: 2, dropped: 0 });
  });

  it('keeps the context when a function freezes, seals or re-parents only objects it made', () => {
    const { slot, invoke } = slotFor(
      "function handler(event) {\n  var a = Object.freeze({ x: 1 }), b = Object.seal({}), c = Object.preventExtensions([]);\n  var d = {}; d.__proto__ = a;\n  return d.x === 1 && Object.isFrozen(a) && Object.isSealed(b) && !Object.isExtensible(c) ? event.request : null;\n}",
    );
    for (let i = 0; i < 3; i++) expect(invoke().kind).toBe('returned');
    expect(slot.counts).toEqual({ reused: 2, dropped: 0 });
  });

  it('gives the counted freeze, seal, preventExtensions and __proto__ setter the shape of the built-ins', () => {
    const { invoke } = slotFor(
      "function handler(event) {\n  var d = Object.getOwnPropertyDescriptor(Object.prototype, '__proto__');\n" +
        "  var shape = [d.set.name, d.set.length, 'prototype' in d.set, d.enumerable, d.configurable, Object.freeze.name, Object.freeze.length, Object.seal.name, Object.preventExtensions.name, Object.preventExtensions.length];\n" +
        "  var errors = [];\n  try { Object.prototype.__proto__ = {}; } catch (e) { errors.push(e.constructor.name); }\n  var a = {}, b = Object.create(a);\n  try { a.__proto__ = b; } catch (e) { errors.push(e.constructor.name); }\n" +
        "  shape.push(errors.join(), Object.freeze(5), d.set.call(7, {}));\n" +
        '  return { statusCode: 200, headers: { shape: { value: JSON.stringify(shape) } } };\n}',
    );
    const outcome = invoke();
    expect(outcome.kind).toBe('returned');
    const json = outcome.kind === 'returned' ? JSON.parse(outcome.json ?? 'null') : null;
    expect(JSON.parse(json.headers.shape.value)).toEqual(['set __proto__', 1, false, false, true, 'freeze', 1, 'seal', 'preventExtensions', 1, 'TypeError,TypeError', 5, null]);
  });

  it('gives the counted Object.assign and Symbol.for the shape of the built-ins', () => {
    const { invoke } = slotFor(
      "function handler(event) {\n  var made;\n  try { made = new Symbol.for('x'); } catch (e) { made = e.constructor.name; }\n" +
        "  return { statusCode: 200, headers: { shape: { value: JSON.stringify([Object.assign.name, Object.assign.length, Symbol.for.name, Symbol.for.length, 'prototype' in Symbol.for, made, Symbol.for('k') === Symbol.for('k'), Symbol.keyFor(Symbol.for('k'))]) } } };\n}",
    );
    const outcome = invoke();
    expect(outcome.kind).toBe('returned');
    const json = outcome.kind === 'returned' ? JSON.parse(outcome.json ?? 'null') : null;
    expect(JSON.parse(json.headers.shape.value)).toEqual(['assign', 2, 'for', 1, false, 'TypeError', true, 'k']);
  });

  it('tells code that may delete a property from code that cannot', () => {
    const mayDelete = (source: string) => codeMayDelete(prepareSource(source, 'function.js'));
    expect(mayDelete('function handler(event) { delete event.request.headers.host; return event.request; }')).toBe(true);
    // The word anywhere counts, even where it deletes nothing: the audit is then only as light as before.
    expect(mayDelete('// delete nothing\nfunction handler(event) { return event.request; }')).toBe(true);
    expect(mayDelete("function handler(event) { var deleted = 'delete'; return event.request; }")).toBe(true);
    expect(mayDelete('function handler(event) { var deleted = event.undeleted; return event.request; }')).toBe(false);
  });

  it('drops the context after a function without delete changes a built-in', () => {
    const { slot, invoke } = slotFor('class Returns { constructor(o) { return o; } }\nclass NameField extends Returns { name = 1; }\nfunction handler(event) {\n  new NameField(Math.max);\n  return event.request;\n}');
    for (let i = 0; i < 2; i++) expect(invoke().kind).toBe('returned');
    expect(slot.counts).toEqual({ reused: 0, dropped: 2 });
  });

  it('never reuses a context in fresh mode', () => {
    const { slot, invoke } = slotFor('function handler(event) { return event.request; }', 'fresh');
    for (let i = 0; i < 3; i++) expect(invoke().kind).toBe('returned');
    expect(slot.counts).toEqual({ reused: 0, dropped: 3 });
  });
});

describe('the warm contexts a thread keeps (WarmContexts)', () => {
  const source = 'function handler(event) {\n  return event.request;\n}';

  it('keeps at most its limit: the least recently run goes, and its next run makes a fresh context', () => {
    const kept = new WarmContexts(2);
    const functions = [slotFor(source), slotFor(source), slotFor(source)];
    functions.forEach(({ slot, invoke }, id) => {
      expect(invoke().kind).toBe('returned');
      kept.ran(id, slot);
    });
    expect(functions.map(({ slot }) => slot.warm)).toEqual([false, true, true]);
    // Running the first again makes it the most recent, so the second goes.
    const [first, second] = functions as [(typeof functions)[0], (typeof functions)[0]];
    expect(first.invoke().kind).toBe('returned');
    kept.ran(0, first.slot);
    expect(functions.map(({ slot }) => slot.warm)).toEqual([true, false, true]);
    // The first one's context was a fresh one: nothing reused.
    expect(first.slot.counts.reused).toBe(0);
    expect(second.invoke().kind).toBe('returned');
    expect(second.slot.counts.reused).toBe(0);
  });

  it('a forgotten function no longer counts toward the limit', () => {
    const kept = new WarmContexts(1);
    const a = slotFor(source);
    const b = slotFor(source);
    a.invoke();
    kept.ran(0, a.slot);
    kept.forget(0);
    b.invoke();
    kept.ran(1, b.slot);
    expect([a.slot.warm, b.slot.warm]).toEqual([true, true]);
  });
});

describe("a supervised run's marks", () => {
  it("span the function's code only: the context is taken before the start and audited after the end", () => {
    const order: string[] = [];
    const { slot, invoke } = slotFor("import cf from 'cloudfront';\nasync function handler(event) {\n  var cell = await cf.kvs().get('cell');\n  return { statusCode: 200, headers: { cell: { value: cell } } };\n}", 'warm', {
      supervised: true,
      marks: { codeStarted: () => order.push('start'), codeEnded: () => order.push('end') },
      kvs: { get: (key) => (order.push(`read ${key}`), 'a'), meta: () => ({ creationDateTime: '', lastUpdatedDateTime: '', keyCount: 1 }) },
      kvsId: '9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f',
    });
    const take = slot.take.bind(slot);
    const release = slot.release.bind(slot);
    slot.take = () => (order.push('take'), take());
    slot.release = (lease, returned) => (order.push('release'), release(lease, returned));
    // A fresh context, then the warm one.
    for (let i = 0; i < 2; i++) {
      order.length = 0;
      expect(invoke().kind).toBe('returned');
      expect(order).toEqual(['take', 'start', 'read cell', 'end', 'release']);
    }
    expect(slot.counts).toEqual({ reused: 1, dropped: 0 });
  });
});
