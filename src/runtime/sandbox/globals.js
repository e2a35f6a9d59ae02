// Runs inside each function's vm context, before the function's code: the
// runtime's globals besides the ES built-ins (console.log, require), a Date frozen
// at the invocation's start, and nothing the runtime lacks (WebAssembly).
// eslint-disable-next-line @typescript-eslint/no-unused-expressions -- the script's value is this function; the host calls it
(function installGlobals(host, internal) {
  'use strict';

  var JSONstringify = JSON.stringify;
  var modules = Object.create(null);
  var loaded = Object.create(null);
  internal.modules = modules;

  function define(name, value) {
    Object.defineProperty(globalThis, name, { value: value, writable: true, enumerable: false, configurable: true });
  }

  function require(name) {
    var key = String(name);
    if (!(key in modules)) throw new Error('Cannot find module "' + key + '"');
    if (!(key in loaded)) loaded[key] = modules[key]();
    return loaded[key];
  }
  define('require', require);

  function format(value) {
    if (typeof value === 'string') return value;
    if (value === null || typeof value !== 'object') return String(value);
    try {
      var json = JSONstringify(value);
      return json === undefined ? String(value) : json;
    } catch {
      return Object.prototype.toString.call(value);
    }
  }
  // The runtime's console.log takes one argument; anything after it is ignored.
  define('console', {
    log: function log(value) {
      host.log(format(value));
    },
  });

  var RealDate = Date;
  var frozenAt = host.startMs;
  var slice = Array.prototype.slice;
  var FrozenDate = function Date() {
    if (!new.target) return new RealDate(frozenAt).toString();
    var args = arguments.length === 0 ? [frozenAt] : slice.call(arguments);
    return Reflect.construct(RealDate, args, new.target);
  };
  FrozenDate.prototype = RealDate.prototype;
  Object.defineProperty(RealDate.prototype, 'constructor', { value: FrozenDate, writable: true, enumerable: false, configurable: true });
  FrozenDate.now = function now() {
    return frozenAt;
  };
  FrozenDate.parse = RealDate.parse;
  FrozenDate.UTC = RealDate.UTC;
  define('Date', FrozenDate);

  delete globalThis.WebAssembly;
});
