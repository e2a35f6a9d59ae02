// Runs inside each function's vm context, before the function's code: a guard
// against allocations far past the runtime's 2 MB, which V8 would otherwise grant
// (and some array built-ins would then grind through for minutes, deaf to the
// compute budget). vm contexts have no memory limit of their own, so the guard
// sits where large allocations start: the ArrayBuffer, typed array and Array
// constructors, String repeat/padStart/padEnd, and the Array methods that walk an
// array's whole length. A tripped guard throws a RangeError to stop the code and
// tells the host, which fails the invocation even if the function catches it.
// Not covered: arrays and strings grown step by step (the compute budget stops
// those), and code that sets an array's length directly and only indexes it.
// eslint-disable-next-line @typescript-eslint/no-unused-expressions -- the script's value is this function; the host calls it
(function installMemoryGuard(host, internal) {
  'use strict';

  var MAX_BYTES = host.memoryMaxBytes;
  // The least an array element costs (a pointer): a lower bound, so only arrays that
  // cannot fit are refused.
  var MAX_ELEMENTS = Math.floor(MAX_BYTES / 8);
  var construct = Reflect.construct;
  var apply = Reflect.apply;
  var defineProperty = Object.defineProperty;
  var getOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
  var getPrototypeOf = Object.getPrototypeOf;
  var setPrototypeOf = Object.setPrototypeOf;
  var create = Object.create;
  var isView = ArrayBuffer.isView;
  var RealArrayBuffer = ArrayBuffer;

  function exceeded(what, bytes) {
    var text = what + ' needs about ' + bytes + ' bytes; a function may use ' + MAX_BYTES;
    host.memoryExceeded(text);
    throw new RangeError('Memory limit exceeded: ' + text);
  }

  function toLength(value) {
    var n = Number(value);
    return n > 0 ? Math.floor(n) : 0;
  }

  function define(name, value) {
    defineProperty(globalThis, name, { value: value, writable: true, enumerable: false, configurable: true });
  }

  // Redefining a function's `length` or `prototype` leaves it in V8's dictionary mode,
  // where a `for...in` over it costs about five times as much, and the warm-context audit
  // (`audit.js`) runs one over every object it watches after every invocation. A
  // `for...in` over an object inheriting from it makes V8 give it fast properties again
  // (its prototype chain is made fast before the keys are walked); nothing a function
  // can observe changes. Run before any function code, on objects made here.
  function fastProperties(o) {
    for (var key in create(o)) void key;
  }
  internal.fastProperties = fastProperties;

  // Replaces a constructor with one that checks its arguments first. The stand-in
  // shares the original's prototype (both ways) and its statics, so instanceof,
  // literals, species and subclasses keep working.
  function guardConstructor(name, statics, check) {
    var Real = globalThis[name];
    var Guarded = {
      [name]: function () {
        check(arguments);
        if (new.target === undefined) return apply(Real, undefined, arguments);
        return construct(Real, arguments, new.target === Guarded ? Real : new.target);
      },
    }[name];
    for (var i = 0; i < statics.length; i++) defineProperty(Guarded, statics[i], getOwnPropertyDescriptor(Real, statics[i]));
    defineProperty(Guarded, 'length', { value: Real.length, writable: false, enumerable: false, configurable: true });
    defineProperty(Guarded, 'prototype', { value: Real.prototype, writable: false, enumerable: false, configurable: false });
    setPrototypeOf(Guarded, getPrototypeOf(Real));
    defineProperty(Real.prototype, 'constructor', { value: Guarded, writable: true, enumerable: false, configurable: true });
    define(name, Guarded);
    fastProperties(Guarded);
  }

  guardConstructor('ArrayBuffer', ['isView', Symbol.species], function (args) {
    var bytes = toLength(args[0]);
    if (bytes > MAX_BYTES) exceeded('new ArrayBuffer(' + bytes + ')', bytes);
    var options = args[1];
    if (options !== null && typeof options === 'object' && toLength(options.maxByteLength) > MAX_BYTES) {
      exceeded('an ArrayBuffer of maxByteLength ' + toLength(options.maxByteLength), toLength(options.maxByteLength));
    }
  });

  var TYPED = ['Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array'];
  TYPED.forEach(function (name) {
    var size = globalThis[name].BYTES_PER_ELEMENT;
    guardConstructor(name, ['BYTES_PER_ELEMENT'], function (args) {
      var first = args[0];
      if (first instanceof RealArrayBuffer) return;
      var length = first !== null && typeof first === 'object' ? (isView(first) ? first.length : toLength(first.length)) : toLength(first);
      if (length * size > MAX_BYTES) exceeded('a ' + name + ' of ' + length + ' elements', length * size);
    });
  });

  guardConstructor('Array', ['isArray', 'of', Symbol.species], function (args) {
    if (args.length === 1 && typeof args[0] === 'number' && args[0] > MAX_ELEMENTS) {
      exceeded('new Array(' + args[0] + ')', args[0] * 8);
    }
  });

  function guardMethod(target, name, check) {
    var real = target[name];
    if (typeof real !== 'function') return;
    // Named after the method; its length is 0 rather than the method's (not worth a property write per context).
    var guarded = {
      [name]: function () {
        check(this, arguments);
        return apply(real, this, arguments);
      },
    }[name];
    defineProperty(target, name, { value: guarded, writable: true, enumerable: false, configurable: true });
  }

  // Called last, once the runtime's own code has captured the methods it needs.
  internal.guardMethods = function guardMethods() {
    function checkLength(self, args, name) {
      var length = self !== null && self !== undefined ? toLength(self.length) : 0;
      if (length > MAX_ELEMENTS) exceeded('Array.prototype.' + name + ' on ' + length + ' elements', length * 8);
      return length;
    }
    // The methods that walk (or build) a whole array in one native step. push and pop
    // touch one element; concat, includes, find and findIndex stay within the budget;
    // toString and toLocaleString go through join.
    var WALKERS = ['copyWithin', 'every', 'fill', 'filter', 'forEach', 'indexOf', 'join', 'lastIndexOf', 'map', 'reduce', 'reduceRight', 'reverse', 'shift', 'slice', 'some', 'sort', 'splice', 'unshift'];
    WALKERS.forEach(function (name) {
      guardMethod(Array.prototype, name, function (self, args) {
        var length = checkLength(self, args, name);
        if (name === 'join' && length > 1) {
          var sep = args[0] === undefined ? 1 : String(args[0]).length;
          if ((length - 1) * sep > MAX_BYTES) exceeded('Array.prototype.join of ' + length + ' elements', (length - 1) * sep);
        }
      });
    });
    function checkString(self, target, name) {
      if (target > MAX_BYTES) exceeded('String.prototype.' + name + ' of ' + target + ' characters', target);
    }
    guardMethod(String.prototype, 'repeat', function (self, args) {
      var count = Number(args[0]);
      if (count > 0 && count !== Infinity) checkString(self, String(self).length * Math.floor(count), 'repeat');
    });
    ['padStart', 'padEnd'].forEach(function (name) {
      guardMethod(String.prototype, name, function (self, args) {
        checkString(self, toLength(args[0]), name);
      });
    });
  };
});
