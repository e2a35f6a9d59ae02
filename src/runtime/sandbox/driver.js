// Runs inside each function's vm context, before the function's code: installs the
// hook the host runs (under the compute budget) to call `handler(event)`, building
// the event in this realm at that moment. The result reaches the host as JSON
// through `host.settle`, serialized here so no getter of the function's runs
// outside the budget. Shared with the njs engine, so written in the njs 0.7 subset.
// eslint-disable-next-line @typescript-eslint/no-unused-expressions -- the script's value is this function; the host calls it
(function installDriver(host, internal) {
  'use strict';

  var JSONparse = JSON.parse;
  var JSONstringify = JSON.stringify;
  // Captured: the function's code may replace it, and the audit counts calls of the global one.
  var defineProperty = Object.defineProperty;

  function buildEvent() {
    var event = JSONparse(host.eventJson);
    var rawQuery = host.hasRawQuery ? host.rawQuery : undefined;
    defineProperty(event.request, 'rawQueryString', {
      value: function rawQueryString() {
        return rawQuery;
      },
      writable: true,
      enumerable: false,
      configurable: true,
    });
    return event;
  }

  var settled = false;
  (internal.resets = internal.resets || []).push(function () {
    settled = false;
  });
  function settle(kind, payload) {
    if (settled) return;
    settled = true;
    host.settle(kind, payload);
  }

  function serialize(value) {
    try {
      var json = JSONstringify(value);
      return json === undefined ? undefined : json;
    } catch {
      return null;
    }
  }

  // "TypeError: x is not a function (viewer.js:12:5)": the error and where the function threw it.
  function describe(error) {
    try {
      if (error instanceof Error) {
        var text = String(error.name) + ': ' + String(error.message);
        var stack = typeof error.stack === 'string' ? error.stack : '';
        var at = stack.indexOf(host.filename + ':');
        if (at !== -1) {
          var place = /^[^\s)]+/.exec(stack.slice(at));
          if (place) text += ' (' + place[0] + ')';
        }
        return text;
      }
      return 'Uncaught ' + (typeof error === 'string' ? error : serialize(error) || String(error));
    } catch {
      return 'Uncaught exception';
    }
  }

  function invoke(handler) {
    try {
      if (typeof handler !== 'function') {
        settle('error', 'TypeError: handler is not a function');
        return;
      }
      var result = handler(buildEvent());
      if (result !== null && typeof result === 'object' && typeof result.then === 'function') {
        result.then(
          function (value) {
            settle('ok', serialize(value));
          },
          function (error) {
            settle('error', describe(error));
          },
        );
      } else {
        settle('ok', serialize(result));
      }
    } catch (error) {
      settle('error', describe(error));
    }
  }

  function run(token) {
    if (internal.token !== undefined && token !== internal.token) return;
    var action = internal.action;
    internal.action = undefined;
    if (action === 'invoke') invoke(globalThis.handler);
    else if (action === 'main') runMain();
    else if (action === 'describe') settle('error', describe(internal.thrown));
  }

  // vm engine, warm contexts: the function's code is a function (`internal.main`)
  // that runs its top-level code in a scope of its own and returns its handler, so
  // nothing it declares outlives the invocation (as on the njs engine). The handler
  // is called after the microtasks the top-level code queued, in the same run.
  // njs has no Reflect; it never runs this path.
  var apply = typeof Reflect === 'undefined' ? undefined : Reflect.apply;
  function runMain() {
    var handler;
    try {
      handler = apply(internal.main, globalThis, []);
    } catch (error) {
      settle('error', describe(error));
      return;
    }
    // Through captured functions: the top-level code may have replaced Function.prototype.call.
    apply(then, resolved, [
      function () {
        apply(then, resolved, [
          function () {
            invoke(handler);
          },
        ]);
      },
    ]);
  }

  // vm engine: runs the hook from the microtask queue, which the host's next run in
  // this context drains right after the function's top-level code (and only if
  // that code did not throw), under the same compute budget: one run, one timer.
  // The second hop lets microtasks the top-level code queued go first.
  var then = Promise.prototype.then;
  var resolved = Promise.resolve();
  internal.arm = function arm() {
    then.call(resolved, function () {
      then.call(resolved, function () {
        run(internal.token);
      });
    });
  };

  // The host sets `internal.action` (and `internal.thrown`), then runs `__cellfront__()`.
  // Where the host also set `internal.token`, only a call carrying it acts: the
  // function's own code can find the hook but not the token. Not configurable, so a
  // function cannot declare a binding of that name over it.
  defineProperty(globalThis, '__cellfront__', {
    value: run,
    writable: false,
    enumerable: false,
    configurable: false,
  });
});
