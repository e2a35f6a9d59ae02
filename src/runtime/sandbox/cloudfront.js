// Runs inside each function's vm context, before the function's code: the
// `cloudfront` module (spec §4, §5). Store reads and origin changes go to the host
// through `host`, which takes and returns only primitives. Per-run values of `host`
// are read when the module is loaded, never at install time: a vm context is
// prepared before the invocation it serves. Shared with the njs engine, so written
// in the njs 0.7 subset.
// eslint-disable-next-line @typescript-eslint/no-unused-expressions -- the script's value is this function; the host calls it
(function installCloudFront(host, internal) {
  'use strict';

  var Buffer = internal.Buffer;
  var JSONparse = JSON.parse;
  var JSONstringify = JSON.stringify;
  var FORMATS = ['string', 'json', 'bytes'];

  function storeError(message) {
    return new Error('KVSNamespaceNotFound: ' + message);
  }

  function readFailed() {
    return new Error('The key value store could not be read');
  }

  // A missing key rejects with an Error whose stack holds no frames ("Error: Key not
  // found"): recording V8's frames cost half of a missed read, and the seed layout misses
  // once per request past its last key. What the function can tell of the error, its type
  // and message, is CloudFront's. The limit is V8's, lowered for this one construction
  // and put back as it was; where the function made it anything but a plain writable
  // property, the error records frames as any other.
  var RealError = Error;
  var getOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
  function keyNotFound() {
    var limit = getOwnPropertyDescriptor(RealError, 'stackTraceLimit');
    if (limit === undefined || limit.writable !== true) return new RealError('Key not found');
    RealError.stackTraceLimit = 0;
    var error = new RealError('Key not found');
    RealError.stackTraceLimit = limit.value;
    return error;
  }

  var handle = {
    get: function get(key, options) {
      var format = options && options.format !== undefined ? options.format : 'string';
      return new Promise(function (resolve, reject) {
        if (FORMATS.indexOf(format) === -1) {
          reject(new TypeError('format must be "string", "json" or "bytes" (got ' + String(format) + ')'));
          return;
        }
        var value = host.kvsGet(String(key));
        if (value === null) {
          reject(readFailed());
        } else if (value === undefined) {
          reject(keyNotFound());
        } else if (format === 'json') {
          try {
            resolve(JSONparse(value));
          } catch {
            reject(new SyntaxError('The value of key "' + String(key) + '" is not valid JSON'));
          }
        } else {
          resolve(format === 'bytes' ? Buffer.from(value, 'utf8') : value);
        }
      });
    },
    exists: function exists(key) {
      return new Promise(function (resolve, reject) {
        var found = host.kvsExists(String(key));
        if (found === null) reject(readFailed());
        else resolve(found);
      });
    },
    meta: function meta() {
      return new Promise(function (resolve, reject) {
        var json = host.kvsMeta();
        if (json === null) reject(readFailed());
        else resolve(JSONparse(json));
      });
    },
  };

  // Shared by every load of the module: the audit of a warm context (`audit.js`) watches it.
  (internal.shared = internal.shared || []).push(handle);

  function kvs(id) {
    if (!host.kvsAttached) throw storeError('no key value store is associated with this function');
    if (id !== undefined && String(id) !== host.kvsId) {
      var given = String(id);
      var hint = given.indexOf('arn:') === 0 ? ' (pass the store id, not its ARN)' : '';
      throw storeError('the key value store "' + given + '" is not associated with this function' + hint);
    }
    return handle;
  }

  function toJson(value) {
    try {
      var json = JSONstringify(value === undefined ? null : value);
      return json === undefined ? null : json;
    } catch {
      return null;
    }
  }

  // Each helper hands its argument to the host as JSON (`null` when it cannot be
  // serialized); the host checks it and fails the invocation (502) if it is invalid.
  function sendToHost(name, send, value) {
    if (host.eventType !== 'viewer-request') throw new Error(name + ' is only available in viewer-request functions');
    var call = host[send];
    if (typeof call !== 'function') throw new Error('cf.' + name + ' is not supported by this engine');
    call(toJson(value));
  }

  // CloudFront's module has these too; cellfront does not emulate them, and says so
  // when a function reads one (as CloudFront does for a distribution without tenants,
  // distributionTenant's error is a TypeError). Not enumerable, so logging the module
  // still works. Made once, on the prototype every loaded module shares, rather than on
  // each module as it loads: no work per invocation for members no function can use,
  // and no call of the defineProperty that audit.js (which runs after this script) counts.
  var notEmulated = {};
  function notEmulatedMember(name, ErrorType) {
    Object.defineProperty(notEmulated, name, {
      get: function () {
        throw new ErrorType('cf.' + name + " is part of CloudFront's runtime but cellfront does not emulate it");
      },
      enumerable: false,
      configurable: true,
    });
  }
  notEmulatedMember('cwt', Error);
  notEmulatedMember('distributionTenant', TypeError);

  internal.modules.cloudfront = function loadCloudFront() {
    return {
      __proto__: notEmulated,
      kvs: kvs,
      updateRequestOrigin: function updateRequestOrigin(props) {
        sendToHost('updateRequestOrigin', 'updateOrigin', props);
      },
      selectRequestOriginById: function selectRequestOriginById(originId, options) {
        sendToHost('selectRequestOriginById', 'selectOrigin', { originId: originId, options: options });
      },
      createRequestOriginGroup: function createRequestOriginGroup(props) {
        sendToHost('createRequestOriginGroup', 'createOriginGroup', props);
      },
      edgeLocation: host.eventType === 'viewer-request' ? { name: 'LOCAL', serverIp: '127.0.0.1', region: 'local' } : {},
    };
  };
});
