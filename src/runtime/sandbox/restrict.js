// Runs inside each function's vm context, last before the function's code: takes
// away what V8 has and runtime 2.0 does not list (spec §2: "what is not listed is
// unsupported"). The lists come from the host (`host.allowJson`, built from the
// runtime's allow-list); everything the runtime's own scripts need was captured
// before this runs.
// eslint-disable-next-line @typescript-eslint/no-unused-expressions -- the script's value is this function; the host calls it
(function installRestrictions(host, internal) {
  'use strict';

  var allow = JSON.parse(host.allowJson);
  var getOwnPropertyNames = Object.getOwnPropertyNames;
  var defineProperty = Object.defineProperty;
  // Own properties every function has; and V8 captures no stack without Error.stackTraceLimit.
  var ALWAYS = { length: 1, name: 1, prototype: 1, caller: 1, arguments: 1, stackTraceLimit: 1, constructor: 1 };

  function removeOwn(target, allowed) {
    var names = getOwnPropertyNames(target);
    for (var i = 0; i < names.length; i++) {
      var name = names[i];
      if (allowed[name] === 1 || ALWAYS[name] === 1) continue;
      // Non-configurable constants cannot go; nothing lists them either way.
      try {
        delete target[name];
      } catch {
        // kept
      }
    }
  }

  // Statics first, while the namespaces are still reachable by name.
  var namespaces = Object.keys(allow.statics);
  for (var n = 0; n < namespaces.length; n++) removeOwn(globalThis[namespaces[n]], allow.statics[namespaces[n]]);
  removeOwn(String.prototype, allow.stringMethods);
  removeOwn(Array.prototype, allow.arrayMethods);

  // Object.create takes no property map in runtime 2.0.
  var realCreate = Object.create;
  defineProperty(Object, 'create', {
    value: function create(proto, properties) {
      if (properties !== undefined) throw new TypeError('Object.create with a second argument (a property map) is not supported');
      return realCreate(proto);
    },
    writable: true,
    enumerable: false,
    configurable: true,
  });

  // Only Symbol.for and Symbol.keyFor are listed: Symbol() itself throws.
  var RealSymbol = Symbol;
  var SymbolStandIn = function Symbol() {
    throw new TypeError('Symbol() is not supported; use Symbol.for(key)');
  };
  SymbolStandIn.for = RealSymbol.for;
  SymbolStandIn.keyFor = RealSymbol.keyFor;
  SymbolStandIn.prototype = RealSymbol.prototype;
  defineProperty(RealSymbol.prototype, 'constructor', { value: SymbolStandIn, writable: true, enumerable: false, configurable: true });
  defineProperty(globalThis, 'Symbol', { value: SymbolStandIn, writable: true, enumerable: false, configurable: true });

  var globals = allow.globals;
  var names = getOwnPropertyNames(globalThis);
  for (var g = 0; g < names.length; g++) {
    if (globals[names[g]] !== 1 && names[g] !== '__cellfront__') {
      try {
        delete globalThis[names[g]];
      } catch {
        // a non-configurable global (undefined, NaN, Infinity) is listed anyway
      }
    }
  }

  internal.guardMethods();
});
