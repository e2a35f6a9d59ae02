// Runs inside each function's vm context, before the function's code: the
// `crypto` and `querystring` modules runtime 2.0 offers. Hashing is done by the
// host (node:crypto) through `host.digest`, with bytes passed as binary strings.
// eslint-disable-next-line @typescript-eslint/no-unused-expressions -- the script's value is this function; the host calls it
(function installModules(host, internal) {
  'use strict';

  var Buffer = internal.Buffer;
  var ALGORITHMS = ['md5', 'sha1', 'sha256'];
  var DIGEST_ENCODINGS = ['hex', 'base64', 'base64url'];

  function toBytes(data, encoding) {
    if (typeof data === 'string') return Buffer.from(data, encoding);
    if (data instanceof ArrayBuffer) return new Uint8Array(data);
    if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    throw new TypeError('data must be a string, Buffer, TypedArray or DataView');
  }

  function digestObject(algorithm, key) {
    var data = '';
    var done = false;
    var self = {
      update: function update(chunk, encoding) {
        if (done) throw new Error('Digest already called');
        data += internal.toBinary(toBytes(chunk, encoding));
        return self;
      },
      digest: function digest(encoding) {
        if (done) throw new Error('Digest already called');
        done = true;
        var result = internal.fromBinary(host.digest(algorithm, key, data));
        if (encoding === undefined) return result;
        if (DIGEST_ENCODINGS.indexOf(encoding) === -1) throw new TypeError('Unknown digest encoding: "' + String(encoding) + '"');
        return result.toString(encoding);
      },
    };
    return self;
  }

  function checkAlgorithm(algorithm) {
    if (ALGORITHMS.indexOf(algorithm) === -1) throw new TypeError('not supported algorithm: "' + String(algorithm) + '"');
  }

  internal.modules.crypto = function loadCrypto() {
    return {
      createHash: function createHash(algorithm) {
        checkAlgorithm(algorithm);
        return digestObject(algorithm, null);
      },
      createHmac: function createHmac(algorithm, key) {
        checkAlgorithm(algorithm);
        return digestObject(algorithm, internal.toBinary(toBytes(key === undefined ? '' : key)));
      },
    };
  };

  function unescape(text) {
    try {
      return decodeURIComponent(text);
    } catch {
      return text;
    }
  }

  function escape(text) {
    return encodeURIComponent(text);
  }

  function setOwn(target, key, value) {
    Object.defineProperty(target, key, { value: value, writable: true, enumerable: true, configurable: true });
  }

  function parse(text, sep, eq, options) {
    var separator = sep === undefined || sep === null ? '&' : String(sep);
    var equals = eq === undefined || eq === null ? '=' : String(eq);
    var decode = options && typeof options.decodeURIComponent === 'function' ? options.decodeURIComponent : unescape;
    var maxKeys = options && typeof options.maxKeys === 'number' ? options.maxKeys : 1000;
    var result = {};
    if (typeof text !== 'string' || text === '') return result;
    var parts = text.split(separator);
    if (maxKeys > 0 && parts.length > maxKeys) parts = parts.slice(0, maxKeys);
    for (var i = 0; i < parts.length; i++) {
      if (parts[i] === '') continue;
      var at = parts[i].indexOf(equals);
      var rawKey = at === -1 ? parts[i] : parts[i].slice(0, at);
      var rawValue = at === -1 ? '' : parts[i].slice(at + equals.length);
      var key = decode(rawKey.replace(/\+/g, ' '));
      var value = decode(rawValue.replace(/\+/g, ' '));
      if (!Object.prototype.hasOwnProperty.call(result, key)) setOwn(result, key, value);
      else if (Array.isArray(result[key])) result[key].push(value);
      else setOwn(result, key, [result[key], value]);
    }
    return result;
  }

  function stringifyValue(value) {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' && isFinite(value)) return String(value);
    if (typeof value === 'boolean') return value ? 'true' : 'false';
    return '';
  }

  function stringify(object, sep, eq, options) {
    var separator = sep === undefined || sep === null ? '&' : String(sep);
    var equals = eq === undefined || eq === null ? '=' : String(eq);
    var encode = options && typeof options.encodeURIComponent === 'function' ? options.encodeURIComponent : escape;
    if (object === null || typeof object !== 'object') return '';
    var out = [];
    var keys = Object.keys(object);
    for (var i = 0; i < keys.length; i++) {
      var name = encode(keys[i]) + equals;
      var value = object[keys[i]];
      if (Array.isArray(value)) {
        for (var j = 0; j < value.length; j++) out.push(name + encode(stringifyValue(value[j])));
      } else {
        out.push(name + encode(stringifyValue(value)));
      }
    }
    return out.join(separator);
  }

  internal.modules.querystring = function loadQuerystring() {
    return { parse: parse, decode: parse, stringify: stringify, encode: stringify, escape: escape, unescape: unescape };
  };
});
