// Runs inside each function's vm context, before the function's code. Builds
// Buffer, TextEncoder, TextDecoder, atob and btoa in plain JavaScript, so function
// code never holds an object from the host realm (whose constructors lead out of
// the sandbox). The byte work is codecs.js's; Buffer's methods that work on bytes
// rather than text (alloc, compare, read and write numbers, ...) are buffer.js's.
// eslint-disable-next-line @typescript-eslint/no-unused-expressions -- the script's value is this function; the host calls it
(function installEncoding(host, internal) {
  'use strict';

  var codecs = internal.codecs;
  var B64 = codecs.B64;
  var codesToString = codecs.codesToString;
  var utf8Encode = codecs.utf8Encode;
  var utf8Decode = codecs.utf8Decode;
  var base64Encode = codecs.base64Encode;
  var base64Decode = codecs.base64Decode;
  var encodeString = codecs.encodeString;
  var decodeBytes = codecs.decodeBytes;
  var normalizeEncoding = codecs.normalizeEncoding;
  var slice = codecs.slice;

  function bufferOf(bytes) {
    var out = new Buffer(bytes.length);
    for (var i = 0; i < bytes.length; i++) out[i] = bytes[i];
    return out;
  }

  class Buffer extends Uint8Array {
    static from(value, encodingOrOffset, length) {
      if (typeof value === 'string') return bufferOf(encodeString(value, encodingOrOffset));
      if (value instanceof ArrayBuffer) {
        var offset = encodingOrOffset === undefined ? 0 : Number(encodingOrOffset);
        return new Buffer(value, offset, length === undefined ? value.byteLength - offset : Number(length));
      }
      if (value !== null && typeof value === 'object') {
        var source = value.type === 'Buffer' && Array.isArray(value.data) ? value.data : value;
        if (typeof source.length === 'number') {
          var copy = new Buffer(source.length);
          for (var i = 0; i < source.length; i++) copy[i] = source[i] & 0xff;
          return copy;
        }
      }
      throw new TypeError('The first argument must be a string, Buffer, ArrayBuffer, Array or array-like object');
    }

    static byteLength(value, encoding) {
      if (typeof value === 'string') return encodeString(value, encoding).length;
      if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return value.byteLength;
      throw new TypeError('The "string" argument must be a string, Buffer or ArrayBuffer');
    }

    static concat(list, totalLength) {
      if (!Array.isArray(list)) throw new TypeError('The "list" argument must be an array of Buffer or Uint8Array');
      var total = totalLength;
      if (total === undefined) {
        total = 0;
        for (var i = 0; i < list.length; i++) total += list[i].length;
      }
      var out = new Buffer(total);
      var at = 0;
      for (var j = 0; j < list.length && at < total; j++) {
        var part = list[j];
        if (!(part instanceof Uint8Array)) throw new TypeError('The "list" argument must be an array of Buffer or Uint8Array');
        var take = Math.min(part.length, total - at);
        out.set(part.subarray(0, take), at);
        at += take;
      }
      return out;
    }

    static isBuffer(value) {
      return value instanceof Buffer;
    }

    static isEncoding(encoding) {
      try {
        normalizeEncoding(encoding);
        return typeof encoding === 'string';
      } catch {
        return false;
      }
    }

    toString(encoding, start, end) {
      var from = start === undefined ? 0 : Math.max(0, start | 0);
      var to = end === undefined ? this.length : Math.min(this.length, end | 0);
      return decodeBytes(from === 0 && to === this.length ? this : this.subarray(from, to), encoding);
    }

    // Node's slice shares memory with the original, unlike Uint8Array's.
    slice(start, end) {
      return this.subarray(start, end);
    }

    toJSON() {
      return { type: 'Buffer', data: slice.call(this) };
    }
  }

  class TextEncoder {
    get encoding() {
      return 'utf-8';
    }

    encode(text) {
      var bytes = utf8Encode(text === undefined ? '' : String(text));
      var out = new Uint8Array(bytes.length);
      for (var i = 0; i < bytes.length; i++) out[i] = bytes[i];
      return out;
    }
  }

  class TextDecoder {
    constructor(label, options) {
      var name = label === undefined ? 'utf-8' : String(label).toLowerCase();
      if (name !== 'utf-8' && name !== 'utf8') throw new RangeError('The "' + String(label) + '" encoding is not supported');
      this.fatal = Boolean(options && options.fatal);
      this.ignoreBOM = Boolean(options && options.ignoreBOM);
    }

    get encoding() {
      return 'utf-8';
    }

    decode(input) {
      if (input === undefined) return '';
      var bytes;
      if (input instanceof ArrayBuffer) bytes = new Uint8Array(input);
      else if (ArrayBuffer.isView(input)) bytes = new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
      else throw new TypeError('The "input" argument must be an ArrayBuffer or ArrayBufferView');
      var text = utf8Decode(bytes, this.fatal);
      return !this.ignoreBOM && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    }
  }

  function btoa(text) {
    text = String(text);
    var bytes = [];
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      if (c > 0xff) throw new TypeError('invalid character (>= U+00FF)');
      bytes.push(c);
    }
    return base64Encode(bytes, B64, true);
  }

  // Forgiving-base64 (WHATWG): whitespace ignored, padding optional, anything else is an error.
  function atob(text) {
    var data = String(text).replace(/[\t\n\f\r ]/g, '');
    if (data.length % 4 === 0) data = data.replace(/={1,2}$/, '');
    if (data.length % 4 === 1 || /[^A-Za-z0-9+/]/.test(data)) throw new TypeError('The string to be decoded is not correctly encoded');
    return codesToString(base64Decode(data));
  }

  function define(name, value) {
    Object.defineProperty(globalThis, name, { value: value, writable: true, enumerable: false, configurable: true });
  }
  define('Buffer', Buffer);
  define('TextEncoder', TextEncoder);
  define('TextDecoder', TextDecoder);
  define('atob', atob);
  define('btoa', btoa);

  internal.Buffer = Buffer;
  // Bytes cross to the host as "binary" strings (one char per byte): a primitive,
  // so nothing of either realm leaks into the other.
  internal.toBinary = function toBinary(bytes) {
    return codesToString(slice.call(bytes));
  };
  internal.fromBinary = function fromBinary(binary) {
    var out = new Buffer(binary.length);
    for (var i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i) & 0xff;
    return out;
  };
});
