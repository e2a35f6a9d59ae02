// Runs inside njs (0.7.x), as the module `cellfront-host` that the function's file
// imports first, before any code of the function runs. It gives the vm engine's
// in-context scripts (`../../sandbox/cloudfront.js`, `driver.js`) the `host` they
// expect, made of njs-side stubs that ask the Node process over a line protocol
// (requests on fd 3, replies on stdin, blocking reads: njs has no other way to
// wait), then makes the global scope look like CloudFront's runtime 2.0: what njs
// has and the runtime lacks is removed, `console.log`, `require` and a frozen
// `Date` are the vm engine's, and the vm engine's `restrict.js` then takes away
// what runtime 2.0 does not list (njs's `process`, timers, `njs`, `print`, ...).
// Written in the njs 0.7 subset (no classes, destructuring or `new.target`);
// `catch {}` gets its binding in module-text.ts.
// eslint-disable-next-line @typescript-eslint/no-unused-expressions -- the script's value is this function; the generated module calls it
(function installNjsHost(run, fs, installers, finalizers) {
  'use strict';

  var REQUEST_FD = 3;
  var REPLY_FD = 0;
  var JSONparse = JSON.parse;
  var JSONstringify = JSON.stringify;
  var bufferFrom = Buffer.from;
  var bufferConcat = Buffer.concat;
  var slice = Array.prototype.slice;
  // Kept before restrict.js sets it to undefined (runtime 2.0 does not list it): the
  // check for changes to shared state must see symbol keys too.
  var getOwnSymbols = Object.getOwnPropertySymbols;
  // Kept before restrict.js removes them: njs's timer (run once the job queue is
  // empty) drives a warm process's loop, and its memory figure tells when to retire it.
  // eslint-disable-next-line no-undef -- globals of njs
  var schedule = setTimeout;
  // eslint-disable-next-line no-undef -- a global of njs
  var njsObject = typeof njs === 'object' ? njs : undefined;
  var chunk = Buffer.alloc(65536);
  var pending = Buffer.from(''); // not Buffer.alloc(0): njs 0.7.9 rejects that call here

  function send(message) {
    var bytes = bufferFrom(JSONstringify(message) + '\n');
    var at = 0;
    while (at < bytes.length) at += fs.writeSync(REQUEST_FD, bytes, at, bytes.length - at);
  }

  function readLine() {
    for (;;) {
      var end = pending.indexOf(10);
      if (end !== -1) {
        var line = pending.slice(0, end).toString();
        pending = pending.slice(end + 1);
        return line;
      }
      var n = fs.readSync(REPLY_FD, chunk, 0, chunk.length, null);
      if (n === 0) throw new Error('cellfront: the host closed the bridge');
      pending = bufferConcat([pending, chunk.slice(0, n)]);
    }
  }

  // JSON has no `undefined`; the bridge tells it apart from `null` ("failed").
  function wrap(value) {
    return value === undefined ? { u: 1 } : { v: value };
  }

  function call(name, args) {
    var encoded = [];
    for (var i = 0; i < args.length; i++) encoded.push(wrap(args[i]));
    send({ c: name, a: encoded });
    var reply = JSONparse(readLine());
    return reply.u ? undefined : reply.v;
  }

  var host = Object.create(null);
  Object.keys(run.constants).forEach(function (name) {
    host[name] = run.constants[name];
  });
  run.functions.forEach(function (name) {
    host[name] = function () {
      return call(name, slice.call(arguments));
    };
  });

  // njs's own require, for its built-in crypto and querystring modules.
  // eslint-disable-next-line no-undef -- a global of njs
  var realRequire = require;
  var internal = Object.create(null);
  internal.Buffer = Buffer;
  internal.modules = Object.create(null);
  // The vm engine's guard against huge allocations (sandbox/memory.js) is V8-specific.
  internal.guardMethods = function guardMethods() {};
  internal.modules.crypto = function loadCrypto() {
    return restrictCrypto(realRequire('crypto'));
  };
  internal.modules.querystring = function loadQuerystring() {
    return realRequire('querystring');
  };
  installers.forEach(function (install) {
    install(host, internal);
  });

  // The runtime's crypto offers md5, sha1 and sha256; njs also has others.
  function restrictCrypto(crypto) {
    var ALGORITHMS = ['md5', 'sha1', 'sha256'];
    function check(algorithm) {
      if (ALGORITHMS.indexOf(algorithm) === -1) throw new TypeError('not supported algorithm: "' + String(algorithm) + '"');
    }
    return {
      createHash: function createHash(algorithm) {
        check(algorithm);
        return crypto.createHash(algorithm);
      },
      createHmac: function createHmac(algorithm, key) {
        check(algorithm);
        return crypto.createHmac(algorithm, key === undefined ? '' : key);
      },
    };
  }

  function define(name, value) {
    Object.defineProperty(globalThis, name, { value: value, writable: true, enumerable: false, configurable: true });
  }

  var loaded = Object.create(null);
  define('require', function require(name) {
    var key = String(name);
    if (!(key in internal.modules)) throw new Error('Cannot find module "' + key + '"');
    if (!(key in loaded)) loaded[key] = internal.modules[key]();
    return loaded[key];
  });

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
  define('console', {
    log: function log(value) {
      host.log(format(value));
    },
  });

  // Date frozen at the invocation's start (spec §2). Without `new.target`, a call
  // with `new` is told apart by `this`; returning the real Date object from the
  // constructor keeps `instanceof Date` true.
  var RealDate = Date;
  function FrozenDate(a, b, c, d, e, f, g) {
    if (!(this instanceof FrozenDate)) return new RealDate(host.startMs).toString();
    switch (arguments.length) {
      case 0:
        return new RealDate(host.startMs);
      case 1:
        return new RealDate(a);
      default:
        return new RealDate(a, b, c === undefined ? 1 : c, d || 0, e || 0, f || 0, g || 0);
    }
  }
  FrozenDate.prototype = RealDate.prototype;
  Object.defineProperty(RealDate.prototype, 'constructor', { value: FrozenDate, writable: true, enumerable: false, configurable: true });
  FrozenDate.now = function now() {
    return host.startMs;
  };
  FrozenDate.parse = RealDate.parse;
  FrozenDate.UTC = RealDate.UTC;
  define('Date', FrozenDate);

  // Runtime 2.0 has no dynamic code evaluation: the constructors that compile
  // strings throw, as `eval` does.
  function noCodeGeneration() {
    throw new EvalError('Code generation from strings disallowed for this context');
  }
  var AsyncFunction = async function () {}.constructor;
  [Function, AsyncFunction].forEach(function (constructor) {
    var blocked = function () {
      noCodeGeneration();
    };
    blocked.prototype = constructor.prototype;
    Object.defineProperty(constructor.prototype, 'constructor', { value: blocked, writable: true, enumerable: false, configurable: true });
    if (constructor === Function) define('Function', blocked);
  });
  define('eval', function () {
    noCodeGeneration();
  });

  // Runtime 2.0 lists String.prototype.replaceAll; njs 0.7 predates it. A global
  // RegExp of the escaped text gives replace() the same `$&` patterns, callback
  // arguments and empty-string behaviour.
  if (typeof String.prototype.replaceAll !== 'function') {
    Object.defineProperty(String.prototype, 'replaceAll', {
      value: function replaceAll(pattern, replacement) {
        if (pattern instanceof RegExp) {
          if (pattern.flags.indexOf('g') === -1) throw new TypeError('replaceAll must be called with a global RegExp');
          return String(this).replace(pattern, replacement);
        }
        var escaped = String(pattern).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        return String(this).replace(new RegExp(escaped, 'g'), replacement);
      },
      writable: true,
      enumerable: false,
      configurable: true,
    });
  }

  // What restrict.js takes away, as `owner.name` entries: what njs has and the
  // allow-list does not name (the vm engine's list is V8's).
  function removals(allow) {
    var out = [];
    Object.getOwnPropertyNames(globalThis).forEach(function (name) {
      if (allow.globals[name] !== 1) out.push('globalThis.' + name);
    });
    Object.keys(allow.owners).forEach(function (owner) {
      // Symbol is replaced whole by restrict.js.
      var target = owner === 'Symbol' ? undefined : owner === 'String.prototype' ? String.prototype : owner === 'Array.prototype' ? Array.prototype : globalThis[owner];
      if (!target) return;
      Object.getOwnPropertyNames(target).forEach(function (name) {
        if (allow.owners[owner][name] !== 1 && allow.always[name] !== 1) out.push(owner + '.' + name);
      });
    });
    return out.join('|');
  }
  host.removals = removals(run.allow);
  finalizers.forEach(function (install) {
    install(host, internal);
  });

  // A warm process serves many invocations: each gets the per-run values of its
  // own bridge, fresh modules and a driver that has not settled.
  var perRun = [];
  function begin(constants) {
    perRun.forEach(function (name) {
      host[name] = undefined;
    });
    perRun = Object.keys(constants);
    perRun.forEach(function (name) {
      host[name] = constants[name];
    });
    loaded = Object.create(null);
    var resets = internal.resets || [];
    for (var i = 0; i < resets.length; i++) resets[i]();
  }

  // Runs the function's code (`body`), then arms the driver, as the vm engine does:
  // handler is called from the job queue once the top-level code ran, after the
  // jobs that code queued; a throw at the top level is described at once instead.
  function runBody(body) {
    internal.action = 'invoke';
    internal.arm();
    // The top-level code sees no handler, as in a new process: not the one of the
    // invocation before. (Set to undefined, not deleted: njs 0.7.9 cannot define a
    // global again once deleted.)
    define('handler', undefined);
    var handler;
    try {
      handler = body();
    } catch (error) {
      internal.thrown = error;
      internal.action = 'describe';
      globalThis.__cellfront__();
      return;
    }
    define('handler', handler);
  }

  // What invocations share: the globals and every object reachable from them.
  // After each invocation they are compared with how they were; a change retires
  // the process.
  var getOwnNames = Object.getOwnPropertyNames;
  var getOwnDescriptor = Object.getOwnPropertyDescriptor;
  var isExtensible = Object.isExtensible;
  var getProto = Object.getPrototypeOf;
  var PER_RUN_GLOBALS = { handler: 1 };
  // Everything reachable from the globals (own values, accessor functions and
  // prototypes, transitively), as the vm engine's audit records it.
  function snapshot() {
    var objects = [];
    function watch(value) {
      if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return;
      if (objects.indexOf(value) === -1) objects.push(value);
    }
    watch(globalThis);
    watch(getProto(getProto(Uint8Array.prototype)));
    watch(getProto(Uint8Array.prototype));
    watch(getProto(Uint8Array));
    watch(getProto(async function () {}));
    // Only an iterator leads to the iterators' prototypes.
    watch(getProto(new Uint8Array(1).values()));
    watch(realRequire('querystring'));
    (internal.shared || []).forEach(watch);
    for (var q = 0; q < objects.length; q++) {
      var object = objects[q];
      watch(getProto(object));
      var keys = ownKeys(object);
      for (var k = 0; k < keys.length; k++) {
        if (object === globalThis && PER_RUN_GLOBALS[keys[k]] === 1) continue;
        var d = getOwnDescriptor(object, keys[k]);
        if ('value' in d) watch(d.value);
        else {
          watch(d.get);
          watch(d.set);
        }
      }
    }
    return objects.map(function (object) {
      var names = ownKeys(object);
      var flags = [];
      var values = [];
      var setters = [];
      names.forEach(function (name) {
        var d = getOwnDescriptor(object, name);
        flags.push(flagsOf(d));
        values.push('value' in d ? d.value : d.get);
        setters.push('value' in d ? undefined : d.set);
      });
      return { object: object, extensible: isExtensible(object), proto: getProto(object), names: names, flags: flags, values: values, setters: setters };
    });
  }
  function ownKeys(object) {
    var names = getOwnNames(object);
    var symbolKeys = getOwnSymbols ? getOwnSymbols(object) : [];
    return symbolKeys.length === 0 ? names : names.concat(symbolKeys);
  }
  // Data (1) or accessor (0), writable (2), enumerable (4), configurable (8).
  function flagsOf(d) {
    return ('value' in d ? 1 | (d.writable ? 2 : 0) : 0) | (d.enumerable ? 4 : 0) | (d.configurable ? 8 : 0);
  }
  // Every own key of every shared object, in order, and each one's kind, flags and
  // value or accessor functions, read through descriptors (no getter runs). A
  // function's source cannot tell which of these it may change (computed names,
  // built-ins reached through other built-ins), so nothing is skipped.
  function changed(records) {
    for (var i = 0; i < records.length; i++) {
      var r = records[i];
      var object = r.object;
      if (isExtensible(object) !== r.extensible || getProto(object) !== r.proto) return true;
      var names = ownKeys(object);
      if (names.length !== r.names.length) return true;
      for (var k = 0; k < names.length; k++) {
        var name = names[k];
        if (name !== r.names[k]) return true;
        if (object === globalThis && PER_RUN_GLOBALS[name] === 1) continue;
        var d = getOwnDescriptor(object, name);
        if (flagsOf(d) !== r.flags[k]) return true;
        if ('value' in d) {
          var was = r.values[k];
          if (d.value !== was && !(d.value !== d.value && was !== was)) return true;
        } else if (d.get !== r.values[k] || d.set !== r.setters[k]) return true;
      }
    }
    return false;
  }
  function memoryBytes() {
    try {
      return njsObject ? njsObject.memoryStats.size : 0;
    } catch {
      return 0;
    }
  }

  return {
    // `body` is the function's code wrapped in a function; it returns `handler`.
    // One invocation, in a process started for it.
    start: function start(body) {
      send({ ready: true });
      runBody(body);
    },
    // Invocation after invocation in a warm process: each `{"run": constants}`
    // line on stdin starts one, which ends once its job queue is empty.
    serve: function serve(body, plan) {
      define('handler', undefined);
      var records = snapshot();
      function next() {
        var message = JSONparse(readLine());
        begin(message.run);
        runBody(body);
        schedule(finish, 0);
      }
      function finish() {
        send({ done: 1, dirty: plan.always === true || changed(records), bytes: memoryBytes() });
        next();
      }
      send({ idle: 1 });
      schedule(next, 0);
    },
  };
});
