// Runs inside each function's vm context, before the function's code: the
// runtime's globals besides the ES built-ins (console.log, require, njs's
// InternalError), a Date frozen at the invocation's start and a Math.random seeded
// per invocation. Per-run values are read from `host` when first used: the context
// is prepared before the invocation it will serve.
// eslint-disable-next-line @typescript-eslint/no-unused-expressions -- the script's value is this function; the host calls it
(function installGlobals(host, internal) {
  'use strict';

  var JSONstringify = JSON.stringify;
  var construct = Reflect.construct;
  var modules = Object.create(null);
  var create = Object.create;
  var loaded = create(null);
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

  // An Error logs as its name and message ("TypeError: boom"), as the runtime
  // logs it; JSON would show "{}", since an error's own fields are not enumerable.
  var toTag = Object.prototype.toString;
  var errorText = Error.prototype.toString;
  function format(value) {
    if (typeof value === 'string') return value;
    if (value === null || typeof value !== 'object') return String(value);
    if (toTag.call(value) === '[object Error]') {
      try {
        return errorText.call(value);
      } catch {
        return 'Error';
      }
    }
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

  class InternalError extends Error {}
  Object.defineProperty(InternalError.prototype, 'name', { value: 'InternalError', writable: true, enumerable: false, configurable: true });
  define('InternalError', InternalError);

  var RealDate = Date;
  var slice = Array.prototype.slice;
  var FrozenDate = function Date() {
    if (!new.target) return new RealDate(host.startMs).toString();
    var args = arguments.length === 0 ? [host.startMs] : slice.call(arguments);
    return construct(RealDate, args, new.target === FrozenDate ? RealDate : new.target);
  };
  FrozenDate.prototype = RealDate.prototype;
  Object.defineProperty(RealDate.prototype, 'constructor', { value: FrozenDate, writable: true, enumerable: false, configurable: true });
  FrozenDate.now = function now() {
    return host.startMs;
  };
  FrozenDate.parse = RealDate.parse;
  FrozenDate.UTC = RealDate.UTC;
  define('Date', FrozenDate);

  // sfc32, seeded from the host once per invocation: a fresh sequence each run, as
  // the runtime seeds Math.random per invocation.
  var a = 0;
  var b = 0;
  var c = 0;
  var d = 0;
  var seeded = false;
  // A warm context serves many invocations: each starts with no module loaded and a new random sequence.
  (internal.resets = internal.resets || []).push(function () {
    loaded = create(null);
    seeded = false;
  });
  Math.random = function random() {
    if (!seeded) {
      seeded = true;
      a = host.seed0 | 0;
      b = host.seed1 | 0;
      c = host.seed2 | 0;
      d = host.seed3 | 0;
      for (var i = 0; i < 12; i++) random();
    }
    var t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
});
