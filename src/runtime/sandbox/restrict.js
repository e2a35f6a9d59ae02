// Runs inside each function's vm context, last before the function's code: takes
// away what V8 has and runtime 2.0 does not list (spec §2: "what is not listed is
// unsupported"). The list comes from the host (`host.removals`, worked out from the
// runtime's allow-list in `../allowlist.ts`); everything the runtime's own scripts
// need was captured before this runs.
// eslint-disable-next-line @typescript-eslint/no-unused-expressions -- the script's value is this function; the host calls it
(function installRestrictions(host, internal) {
  'use strict';

  var defineProperty = Object.defineProperty;
  var hasOwn = Object.prototype.hasOwnProperty;
  var OWNERS = { globalThis: globalThis, 'String.prototype': String.prototype, 'Array.prototype': Array.prototype };
  var removals = host.removals.split('|');
  var globals = [];
  var touched = [];

  // Unlisted statics and prototype methods are set to undefined rather than deleted:
  // deleting from V8's built-in prototypes costs a third of a millisecond per
  // context, and typeof, calls and `if (x.method)` tests behave the same either way.
  for (var i = 0; i < removals.length; i++) {
    var at = removals[i].lastIndexOf('.');
    var ownerName = removals[i].slice(0, at);
    var name = removals[i].slice(at + 1);
    if (ownerName === 'globalThis') {
      globals.push(name);
      continue;
    }
    var owner = OWNERS[ownerName] || globalThis[ownerName];
    if (owner && hasOwn.call(owner, name)) {
      try {
        defineProperty(owner, name, { value: undefined, writable: true, enumerable: false, configurable: true });
        if (touched.indexOf(owner) === -1) touched.push(owner);
      } catch {
        // a non-configurable constant stays; none is unlisted
      }
    }
  }

  // An accessor redefined as data (RegExp's legacy statics) leaves its owner in V8's
  // dictionary mode: back to fast properties, for the audit's sake (`memory.js`, vm engine only).
  if (typeof internal.fastProperties === 'function') for (var t = 0; t < touched.length; t++) internal.fastProperties(touched[t]);

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
  // The only way function code gets a symbol: the vm engine's audit (`audit.js`) counts it.
  if (typeof internal.countCalls === 'function') internal.countCalls(SymbolStandIn, 'for');
  SymbolStandIn.keyFor = RealSymbol.keyFor;
  SymbolStandIn.prototype = RealSymbol.prototype;
  defineProperty(RealSymbol.prototype, 'constructor', { value: SymbolStandIn, writable: true, enumerable: false, configurable: true });
  defineProperty(globalThis, 'Symbol', { value: SymbolStandIn, writable: true, enumerable: false, configurable: true });

  // Globals last: the lines above still needed some of them by name.
  for (var g = 0; g < globals.length; g++) {
    try {
      delete globalThis[globals[g]];
    } catch {
      // a non-configurable global (undefined, NaN, Infinity) is listed anyway
    }
  }

  internal.guardMethods();
});
