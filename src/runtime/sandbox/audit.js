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

  // Flags of a property, as one number: data (1) or accessor (0), writable (2), enumerable (4), configurable (8).
  function flagsOf(d) {
    return ('value' in d ? 1 | (d.writable ? 2 : 0) : 0) | (d.enumerable ? 4 : 0) | (d.configurable ? 8 : 0);
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
  var INSTANCE_PROTOTYPES = [gen, asyncFn, asyncGen, gen(), asyncGen(), [][Symbol.iterator](), ''[Symbol.iterator](), new Map().entries(), new Set().values(), /a/g[Symbol.matchAll]('a')].map(
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

  function record(o, seen, queue) {
    if (o === null || (typeof o !== 'object' && typeof o !== 'function')) return;
    if (apply(mapHas, seen, [o])) return;
    apply(mapSet, seen, [o, true]);
    queue[queue.length] = o;
  }

  internal.seal = function seal() {
    var seen = new realMap();
    var queue = [];
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
      extensible[extensible.length] = isExtensible(o);
      keyStart[keyStart.length] = keys.length;
      var own = ownKeys(o);
      for (var k = 0; k < own.length; k++) {
        var d = getOwnPropertyDescriptor(o, own[k]);
        keys[keys.length] = own[k];
        flags[flags.length] = flagsOf(d);
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
    return objects.length;
  };

  // Whether everything recorded is as it was. Uses only what it captured at install
  // time and own elements of its own arrays, so nothing the function changed runs here.
  internal.audit = function audit() {
    var count = objects.length;
    for (var i = 0; i < count; i++) {
      var o = objects[i];
      if (getPrototypeOf(o) !== protos[i] || isExtensible(o) !== extensible[i]) return false;
      var own = ownKeys(o);
      var start = keyStart[i];
      if (own.length !== keyStart[i + 1] - start) return false;
      for (var k = 0; k < own.length; k++) {
        var at = start + k;
        if (own[k] !== keys[at]) return false;
        var d = getOwnPropertyDescriptor(o, own[k]);
        if (flagsOf(d) !== flags[at]) return false;
        if ('value' in d ? d.value !== values[at] && !(d.value !== d.value && values[at] !== values[at]) : d.get !== values[at] || d.set !== setters[at]) return false;
      }
    }
    return true;
  };

  internal.resetRun = function resetRun() {
    var resets = internal.resets || [];
    for (var i = 0; i < resets.length; i++) resets[i]();
  };
});
