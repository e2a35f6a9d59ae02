// Runs inside each vm context, after every other in-context script: what lets
// one context serve many invocations of a function without any of them seeing
// what an earlier one wrote. `internal.seal()` records, before any function code
// runs, every object function code can reach without making it itself (the
// global object, every built-in and its prototype chain, accessors' functions,
// and the intrinsics only instances lead to, such as iterator prototypes) with
// each one's own properties, prototype and extensibility. `internal.audit()`
// compares them after an invocation: any difference (a property added, removed,
// redefined or given another value, a prototype changed, an object frozen)
// means the host drops the context. `internal.resetRun()` resets what the
// runtime's own scripts keep per invocation (the module cache, the random
// sequence, the settled flag). vm engine only.
//
// The audit has two depths. A property's kind (data or accessor) and flags can
// change in only two ways: a call of one of the functions that define properties
// (`Object.defineProperty`, `Object.defineProperties`, `__defineGetter__`,
// `__defineSetter__`; this script counts their calls), or the language's own
// "create data property" step (class fields on an object a base constructor
// returned, array methods writing through a species constructor), which always
// leaves the property enumerable, writable and configurable. Freezing, sealing
// and preventing extensions also make an extensible object non-extensible. So
// after an invocation that called none of the counted functions, an object's
// string keys are as they were if its enumerable ones are (`Object.keys`: a key
// added by assignment or turned enumerable shows there) and every configurable
// one is still its own; a writable property's value is read directly (it is
// still a data property); no descriptor is made. The symbol keys an object had
// and the few properties whose flags that step could change unseen are always
// compared in full, and any counted call makes the next audit compare everything
// in full.
//
// Symbol keys an object did not have are not looked for (`Object.getOwnPropertySymbols`
// on every object was half of the audit's time): to add one, function code must
// either hold the symbol or copy it from another object. It can hold no symbol
// but what `Symbol.for` gives it (`Symbol()` throws, and `Reflect`,
// `Object.getOwnPropertySymbols` and `Proxy` are gone, so no key of a symbol can
// be read off an object), so calls of `Symbol.for` are counted too (`restrict.js`
// wraps it). The copies that need no symbol in hand are `Object.assign` (counted
// when its target is an audited object) and `Object.defineProperties` (counted);
// spreading and object rest only ever make new objects.
// eslint-disable-next-line @typescript-eslint/no-unused-expressions -- the script's value is this function; the host calls it
(function installAudit(host, internal) {
  'use strict';

  var ownKeys = Reflect.ownKeys;
  var getOwnPropertyDescriptor = Reflect.getOwnPropertyDescriptor;
  var getPrototypeOf = Reflect.getPrototypeOf;
  var isExtensible = Reflect.isExtensible;
  var apply = Reflect.apply;
  var mapHas = Map.prototype.has;
  var mapSet = Map.prototype.set;
  var realMap = Map;
  var isView = ArrayBuffer.isView;
  var typedArrayPrototype = getPrototypeOf(Uint8Array.prototype);
  var defineProperty = Object.defineProperty;
  var objectKeys = Object.keys;
  var hasOwn = Object.hasOwn;
  var contextGlobal = globalThis;

  // Calls of the functions that can give a property another kind or other flags.
  var defines = 0;
  var definesAudited = 0;
  // Every object the audit watches (set by `seal`), as keys of a Map.
  var audited;
  function isAudited(o) {
    return audited !== undefined && apply(mapHas, audited, [o]);
  }
  // `onAuditedTarget`: counted only when the first argument is an audited object.
  function countCalls(owner, name, onAuditedTarget) {
    var real = owner && owner[name];
    if (typeof real !== 'function') return;
    // A method: like the built-in, it has no prototype and is no constructor.
    var counted = {
      [name](target) {
        if (!onAuditedTarget || isAudited(target)) defines++;
        return apply(real, this, arguments);
      },
    }[name];
    defineProperty(counted, 'length', { value: real.length, writable: false, enumerable: false, configurable: true });
    var d = getOwnPropertyDescriptor(owner, name);
    defineProperty(owner, name, { value: counted, writable: d.writable, enumerable: d.enumerable, configurable: d.configurable });
    // Its `length` redefined: back to fast properties (see `memory.js`).
    internal.fastProperties(counted);
  }
  countCalls(Object, 'defineProperty');
  countCalls(Object, 'defineProperties');
  countCalls(Object.prototype, '__defineGetter__');
  countCalls(Object.prototype, '__defineSetter__');
  // Not reachable by function code today (restrict.js removes them); counted all the same.
  countCalls(typeof Reflect === 'object' ? Reflect : undefined, 'defineProperty');
  countCalls(Error, 'captureStackTrace');
  // Copies enumerable symbol keys from its sources without the function holding them.
  countCalls(Object, 'assign', true);
  // The only calls that make an object non-extensible (Reflect is gone); freezing or sealing
  // also changes the flags of every property.
  countCalls(Object, 'freeze', true);
  countCalls(Object, 'seal', true);
  countCalls(Object, 'preventExtensions', true);
  // The only way left to change an existing object's prototype (Object.setPrototypeOf and
  // Reflect are gone; `__proto__` in a literal, `extends` and Object.create make new objects).
  countProtoSetter();
  function countProtoSetter() {
    var d = getOwnPropertyDescriptor(Object.prototype, '__proto__');
    if (!d || typeof d.set !== 'function') return;
    var realSet = d.set;
    // An accessor's setter, named and shaped like the built-in one ("set __proto__", length 1, no prototype).
    var counted = getOwnPropertyDescriptor(
      {
        set ['__proto__'](value) {
          if (isAudited(this)) defines++;
          apply(realSet, this, [value]);
        },
      },
      '__proto__',
    ).set;
    defineProperty(Object.prototype, '__proto__', { get: d.get, set: counted, enumerable: d.enumerable, configurable: d.configurable });
  }
  // For `restrict.js`, which counts `Symbol.for` on the stand-in it makes.
  internal.countCalls = countCalls;

  // Flags of a property, as one number: data (1) or accessor (0), writable (2), enumerable (4), configurable (8).
  function flagsOf(d) {
    return (d.writable !== undefined ? 1 | (d.writable ? 2 : 0) : 0) | (d.enumerable ? 4 : 0) | (d.configurable ? 8 : 0);
  }

  // Built-ins whose state lives in internal slots, which own properties do not
  // show: none may be reachable, or the audit could miss a change. Told apart by
  // their tag, which no function code can have faked yet when `seal` runs.
  var toString = Object.prototype.toString;
  var SLOTTED_TAGS = { '[object Map]': 1, '[object Set]': 1, '[object WeakMap]': 1, '[object WeakSet]': 1, '[object ArrayBuffer]': 1, '[object DataView]': 1, '[object Date]': 1 };
  function slotted(o) {
    var tag = apply(toString, o, []);
    if (SLOTTED_TAGS[tag] === 1 && !isPrototype(o)) return true;
    return isView(o) && o !== typedArrayPrototype;
  }
  function isPrototype(o) {
    var ctor = getOwnPropertyDescriptor(o, 'constructor');
    return ctor !== undefined && typeof ctor.value === 'function' && ctor.value.prototype === o;
  }

  // What only instances lead to (their prototypes), taken now: `restrict.js`, which
  // runs after this script, removes some of the names used here.
  function* gen() {}
  async function asyncFn() {}
  async function* asyncGen() {}
  // A stack-trace call site: function code gets one from V8's Error.prepareStackTrace
  // (not runtime 2.0's, but V8 calls the context's), and with it their prototype.
  function callSite() {
    Error.prepareStackTrace = function (error, sites) {
      return sites;
    };
    var sites;
    try {
      sites = new Error().stack;
    } finally {
      delete Error.prepareStackTrace;
    }
    return sites !== null && typeof sites === 'object' && sites.length > 0 ? sites[0] : {};
  }
  // A BigInt leads to BigInt.prototype and the real BigInt: restrict.js deletes the
  // global, but DataView's getBigInt64 still returns one.
  var INSTANCE_PROTOTYPES = [gen, asyncFn, asyncGen, gen(), asyncGen(), [][Symbol.iterator](), ''[Symbol.iterator](), new Map().entries(), new Set().values(), /a/g[Symbol.matchAll]('a'), callSite(), Object(BigInt(0))].map(
    function (instance) {
      return getPrototypeOf(instance);
    },
  );

  var objects = [];
  var protos = [];
  var extensible = [];
  var keyStart = [];
  var keys = [];
  var flags = [];
  var values = [];
  var setters = [];
  var checks = [];
  // Per object, its enumerable string keys, and the properties the shallow audit checks
  // (`shallowAt`: their places in `keys`; `shallowChecks`: what to check of each).
  var namesStart = [];
  var names = [];
  var shallowStart = [];
  var shallowAt = [];
  var shallowChecks = [];

  // What a shallow audit checks of a property, from its flags when sealed.
  var FIXED = 0; // nothing can change it (see fixed())
  var PRESENT = 1; // configurable, read-only or an accessor, not enumerable: that it is still there
  var VALUE = 2; // writable, enumerable or not configurable: its value
  var VALUE_PRESENT = 3; // writable, configurable, not enumerable: that it is still there, and its value
  var FULL = 4; // anything else: the whole descriptor, always
  var DEEP_ONLY = 5; // what the shallow audit can skip (see checkOf); the deep one compares its descriptor
  // `mayDelete`: whether the function's code holds the `delete` operator. Without it, no
  // property that is not an array index can leave an object (only `delete` and, on indices,
  // the Array methods remove one; Reflect.deleteProperty and Proxy are gone), so a shallow
  // audit needs no presence checks. `symbolsHeld`: whether a symbol is the value of a
  // property function code can reach. Without one, the function holds no symbol but
  // Symbol.for's (counted), so without a counted call no symbol key can be assigned,
  // deleted or redefined: the shallow audit skips them.
  function checkOf(key, f, objectExtensible, mayDelete, symbolsHeld) {
    if (fixed(f)) return FIXED;
    if (typeof key !== 'string') return symbolsHeld ? FULL : DEEP_ONLY;
    if (!objectExtensible) return FULL;
    var writable = (f & 3) === 3;
    var enumerable = (f & 4) === 4;
    var configurable = (f & 8) === 8;
    var canLeave = mayDelete || isIndex(key);
    if (writable) return enumerable || !configurable || !canLeave ? VALUE : VALUE_PRESENT;
    if (enumerable) return FULL;
    return canLeave ? PRESENT : DEEP_ONLY;
  }

  // An array index ("0" to "4294967294"), which Array methods may delete.
  function isIndex(key) {
    var n = +key;
    return n >>> 0 === n && n !== 4294967295 && '' + n === key;
  }

  function sameList(list, recorded, start, end) {
    if (list.length !== end - start) return false;
    for (var i = 0; i < list.length; i++) if (list[i] !== recorded[start + i]) return false;
    return true;
  }

  function record(o, seen, queue) {
    if (o === null || (typeof o !== 'object' && typeof o !== 'function')) return;
    if (apply(mapHas, seen, [o])) return;
    apply(mapSet, seen, [o, true]);
    queue[queue.length] = o;
  }

  internal.seal = function seal(mayDelete) {
    var seen = new realMap();
    var queue = [];
    var symbolsHeld = false;
    record(globalThis, seen, queue);
    for (var r = 0; r < INSTANCE_PROTOTYPES.length; r++) record(INSTANCE_PROTOTYPES[r], seen, queue);
    var modules = internal.modules;
    for (var name in modules) record(modules[name](), seen, queue);
    var shared = internal.shared || [];
    for (var s = 0; s < shared.length; s++) record(shared[s], seen, queue);
    for (var q = 0; q < queue.length; q++) {
      var o = queue[q];
      if (slotted(o)) throw new Error('runtime: a built-in with internal state is reachable from function code');
      var proto = getPrototypeOf(o);
      record(proto, seen, queue);
      objects[objects.length] = o;
      protos[protos.length] = proto;
      var canExtend = isExtensible(o);
      extensible[extensible.length] = canExtend;
      keyStart[keyStart.length] = keys.length;
      namesStart[namesStart.length] = names.length;
      var enumerableNames = objectKeys(o);
      for (var n = 0; n < enumerableNames.length; n++) names[names.length] = enumerableNames[n];
      var own = ownKeys(o);
      for (var k = 0; k < own.length; k++) {
        var d = getOwnPropertyDescriptor(o, own[k]);
        keys[keys.length] = own[k];
        flags[flags.length] = flagsOf(d);
        checks[checks.length] = FULL; // until every value has been seen (below)
        if ('value' in d && typeof d.value === 'symbol') symbolsHeld = true;
        values[values.length] = 'value' in d ? d.value : d.get;
        setters[setters.length] = 'value' in d ? undefined : d.set;
        if ('value' in d) record(d.value, seen, queue);
        else {
          record(d.get, seen, queue);
          record(d.set, seen, queue);
        }
      }
    }
    keyStart[keyStart.length] = keys.length;
    namesStart[namesStart.length] = names.length;
    // What to check of each property, once every value has been seen.
    for (var i = 0; i < objects.length; i++) {
      shallowStart[i] = shallowAt.length;
      for (var at = keyStart[i]; at < keyStart[i + 1]; at++) {
        var check = checkOf(keys[at], flags[at], extensible[i], mayDelete !== false, symbolsHeld);
        checks[at] = check;
        if (check === FIXED || check === DEEP_ONLY) continue;
        shallowAt[shallowAt.length] = at;
        shallowChecks[shallowChecks.length] = check;
      }
    }
    shallowStart[objects.length] = shallowAt.length;
    audited = seen;
    definesAudited = defines;
    return objects.length;
  };

  // Flags of properties that nothing can change: a non-configurable data property
  // that is not writable (its value and flags are fixed), and a non-configurable
  // accessor (its functions and flags are fixed). The audit skips their values.
  var FIXED_DATA = 1;
  var FIXED_DATA_ENUMERABLE = 1 | 4;
  function fixed(f) {
    return f === FIXED_DATA || f === FIXED_DATA_ENUMERABLE || (f & (1 | 8)) === 0;
  }

  function same(value, was) {
    return value === was || (value !== value && was !== was);
  }

  // Whether everything recorded is as it was. Uses only what it captured at install
  // time and own elements of its own arrays, so nothing the function changed runs here
  // (the shallow audit reads a value directly only where it is still a data property).
  internal.audit = function audit() {
    var deep = defines !== definesAudited;
    definesAudited = defines;
    // Counted for the tests: the runtime's own scripts must never make an audit deep.
    if (deep) internal.deepAudits = (internal.deepAudits || 0) + 1;
    var count = objects.length;
    for (var i = 0; i < count; i++) {
      var o = objects[i];
      // A prototype or extensibility changes only through a counted call: the deep audit looks.
      if (deep && (getPrototypeOf(o) !== protos[i] || isExtensible(o) !== extensible[i])) return false;
      if (!(deep ? sameKeys(o, i) : shallow(o, i))) return false;
    }
    // The deep audit compared every descriptor; the shallow one leaves these reads to `sameValues`.
    return deep || sameValues === undefined || sameValues();
  };

  // The shallow audit's value reads (the VALUE checks), as one function the host
  // compiles for this context once it is kept (`../value-reads.ts`): a read of a
  // named property at a site of its own is answered by an inline cache, where the
  // loop's `o[key]` over hundreds of objects and keys missed V8's caches (about 10 µs
  // against 0.4 for cellfront's function). Run after every other check of every object, so
  // an object's names have been compared before its values are read, as in `shallow`.
  var sameValues;
  // The reads to compile: object, key and recorded value of each VALUE check.
  internal.valueReads = function valueReads() {
    var reads = [];
    for (var i = 0; i < objects.length; i++) {
      for (var s = shallowStart[i]; s < shallowStart[i + 1]; s++) {
        if (shallowChecks[s] === VALUE) reads[reads.length] = [objects[i], keys[shallowAt[s]], values[shallowAt[s]]];
      }
    }
    return reads;
  };
  // Takes the compiled reads (one function that answers whether every value is as
  // recorded) and drops the VALUE checks from the loop.
  internal.useValueReads = function useValueReads(compiled) {
    var start = [];
    var at = [];
    var kinds = [];
    for (var i = 0; i < objects.length; i++) {
      start[i] = at.length;
      for (var s = shallowStart[i]; s < shallowStart[i + 1]; s++) {
        if (shallowChecks[s] === VALUE) continue;
        at[at.length] = shallowAt[s];
        kinds[kinds.length] = shallowChecks[s];
      }
    }
    start[objects.length] = at.length;
    shallowStart = start;
    shallowAt = at;
    shallowChecks = kinds;
    sameValues = compiled;
  };

  // Keys are compared in order (V8 keeps insertion order), so a key deleted and
  // added again shows as a change too; then every descriptor.
  function sameKeys(o, i) {
    var start = keyStart[i];
    var own = ownKeys(o);
    if (!sameList(own, keys, start, keyStart[i + 1])) return false;
    for (var at = start; at < keyStart[i + 1]; at++) if (checks[at] !== FIXED && !sameDescriptor(o, at)) return false;
    return true;
  }

  function shallow(o, i) {
    if (!sameNames(o, i)) return false;
    for (var s = shallowStart[i]; s < shallowStart[i + 1]; s++) {
      var check = shallowChecks[s];
      var at = shallowAt[s];
      if (check === FULL) {
        if (!sameDescriptor(o, at)) return false;
        continue;
      }
      var key = keys[at];
      if (check !== VALUE && !hasOwn(o, key)) return false;
      if (check !== PRESENT && !same(o[key], values[at])) return false;
    }
    return true;
  }

  // Whether `o`'s enumerable string keys are still those recorded for object `i`. Most
  // audited objects have none, and for them a `for...in` that yields nothing proves it
  // without making an array (it yields every enumerable string key, its own included; it
  // is syntax, so nothing the function changed runs): a tenth of the time of
  // `Object.keys`, and half of what an invocation thread allocated per invocation. One
  // that yields anything (an inherited key, say) falls back to comparing `Object.keys`.
  // Not on the global object: V8 keeps a global's properties in a dictionary, with no
  // enumeration cache, and a `for...in` there cost about twelve times `Object.keys`.
  function sameNames(o, i) {
    var start = namesStart[i];
    var end = namesStart[i + 1];
    if (start === end && o !== contextGlobal && !yieldsAnyKey(o)) return true;
    return sameList(objectKeys(o), names, start, end);
  }

  // (Every key `for...in` yields is a string; the test only gives the loop a body.)
  function yieldsAnyKey(o) {
    for (var key in o) if (typeof key === 'string') return true;
    return false;
  }

  function sameDescriptor(o, at) {
    var d = getOwnPropertyDescriptor(o, keys[at]);
    if (d === undefined) return false;
    var f = flags[at];
    var was = values[at];
    // Data (a data descriptor always has writable): the value first, the likeliest change.
    if ((f & 1) === 1) return same(d.value, was) && d.writable !== undefined && flagsOf(d) === f;
    return d.writable === undefined && d.get === was && d.set === setters[at] && flagsOf(d) === f;
  }

  internal.resetRun = function resetRun() {
    var resets = internal.resets || [];
    for (var i = 0; i < resets.length; i++) resets[i]();
  };
});
