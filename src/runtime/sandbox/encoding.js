// Runs inside each function's vm context, before the function's code. Builds
// Buffer, TextEncoder, TextDecoder, atob and btoa in plain JavaScript, so function
// code never holds an object from the host realm (whose constructors lead out of
// the sandbox). Encodings are runtime 2.0's: utf8, hex, base64, base64url.
// eslint-disable-next-line @typescript-eslint/no-unused-expressions -- the script's value is this function; the host calls it
(function installEncoding(host, internal) {
  'use strict';

  var B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  var B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  var B64_VALUE = Object.create(null);
  for (var i = 0; i < 64; i++) {
    B64_VALUE[B64.charAt(i)] = i;
    B64_VALUE[B64URL.charAt(i)] = i;
  }
  var fromCharCode = String.fromCharCode;
  var CHUNK = 4096;

  function codesToString(codes) {
    var out = '';
    for (var start = 0; start < codes.length; start += CHUNK) out += fromCharCode.apply(null, codes.slice(start, start + CHUNK));
    return out;
  }

  function utf8Encode(text) {
    var out = [];
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
        var d = text.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          i++;
        } else {
          c = 0xfffd;
        }
      } else if (c >= 0xd800 && c <= 0xdfff) {
        c = 0xfffd;
      }
      if (c < 0x80) out.push(c);
      else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
      else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
      else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    }
    return out;
  }

  // WHATWG UTF-8 decoding: each maximal invalid subpart becomes one U+FFFD.
  function utf8Decode(bytes, fatal) {
    var codes = [];
    var n = bytes.length;
    var i = 0;
    function bad() {
      if (fatal) throw new TypeError('The encoded data was not valid for encoding utf-8');
      codes.push(0xfffd);
    }
    while (i < n) {
      var b = bytes[i];
      if (b < 0x80) {
        codes.push(b);
        i++;
        continue;
      }
      var need;
      var cp;
      if (b >= 0xc2 && b <= 0xdf) {
        need = 1;
        cp = b & 0x1f;
      } else if (b >= 0xe0 && b <= 0xef) {
        need = 2;
        cp = b & 0x0f;
      } else if (b >= 0xf0 && b <= 0xf4) {
        need = 3;
        cp = b & 0x07;
      } else {
        bad();
        i++;
        continue;
      }
      var lower = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
      var upper = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
      var j = i + 1;
      var got = 0;
      while (got < need && j < n && bytes[j] >= lower && bytes[j] <= upper) {
        cp = (cp << 6) | (bytes[j] & 0x3f);
        lower = 0x80;
        upper = 0xbf;
        got++;
        j++;
      }
      i = j;
      if (got < need) {
        bad();
      } else if (cp >= 0x10000) {
        cp -= 0x10000;
        codes.push(0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
      } else {
        codes.push(cp);
      }
    }
    return codesToString(codes);
  }

  function base64Encode(bytes, alphabet, pad) {
    var out = '';
    for (var i = 0; i < bytes.length; i += 3) {
      var n = (bytes[i] << 16) | ((bytes[i + 1] || 0) << 8) | (bytes[i + 2] || 0);
      var left = bytes.length - i;
      out += alphabet.charAt((n >> 18) & 63) + alphabet.charAt((n >> 12) & 63);
      out += left > 1 ? alphabet.charAt((n >> 6) & 63) : pad ? '=' : '';
      out += left > 2 ? alphabet.charAt(n & 63) : pad ? '=' : '';
    }
    return out;
  }

  // Lenient, as Node's Buffer is: both alphabets, other characters skipped, stops at "=".
  function base64Decode(text) {
    var out = [];
    var bits = 0;
    var count = 0;
    for (var i = 0; i < text.length; i++) {
      var ch = text.charAt(i);
      if (ch === '=') break;
      var v = B64_VALUE[ch];
      if (v === undefined) continue;
      bits = (bits << 6) | v;
      count += 6;
      if (count >= 8) {
        count -= 8;
        out.push((bits >> count) & 0xff);
      }
    }
    return out;
  }

  function hexDecode(text) {
    var out = [];
    for (var i = 0; i + 1 < text.length; i += 2) {
      var byte = parseInt(text.substr(i, 2), 16);
      if (!/^[0-9a-fA-F]{2}$/.test(text.substr(i, 2))) break;
      out.push(byte);
    }
    return out;
  }

  function normalizeEncoding(encoding) {
    if (encoding === undefined || encoding === null) return 'utf8';
    var name = String(encoding).toLowerCase();
    if (name === 'utf8' || name === 'utf-8') return 'utf8';
    if (name === 'hex' || name === 'base64' || name === 'base64url') return name;
    throw new TypeError('"' + String(encoding) + '" encoding is not supported');
  }

  function encodeString(text, encoding) {
    switch (normalizeEncoding(encoding)) {
      case 'hex':
        return hexDecode(text);
      case 'base64':
      case 'base64url':
        return base64Decode(text);
      default:
        return utf8Encode(text);
    }
  }

  function decodeBytes(bytes, encoding) {
    switch (normalizeEncoding(encoding)) {
      case 'hex': {
        var hex = '';
        for (var i = 0; i < bytes.length; i++) hex += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
        return hex;
      }
      case 'base64':
        return base64Encode(bytes, B64, true);
      case 'base64url':
        return base64Encode(bytes, B64URL, false);
      default:
        return utf8Decode(bytes, false);
    }
  }

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

    static alloc(size, fill, encoding) {
      if (typeof size !== 'number' || size < 0 || size !== Math.floor(size)) throw new RangeError('The size must be a non-negative integer');
      var buffer = new Buffer(size);
      if (fill !== undefined && size > 0) {
        var pattern = typeof fill === 'number' ? [fill & 0xff] : typeof fill === 'string' ? encodeString(fill, encoding) : Buffer.from(fill);
        if (pattern.length > 0) for (var i = 0; i < size; i++) buffer[i] = pattern[i % pattern.length];
      }
      return buffer;
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

    static compare(a, b) {
      var n = Math.min(a.length, b.length);
      for (var i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
      return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
    }

    toString(encoding, start, end) {
      var from = start === undefined ? 0 : Math.max(0, start | 0);
      var to = end === undefined ? this.length : Math.min(this.length, end | 0);
      return decodeBytes(from === 0 && to === this.length ? this : this.subarray(from, to), encoding);
    }

    equals(other) {
      return Buffer.compare(this, other) === 0;
    }

    compare(other) {
      return Buffer.compare(this, other);
    }

    // Node's slice shares memory with the original, unlike Uint8Array's.
    slice(start, end) {
      return this.subarray(start, end);
    }

    toJSON() {
      return { type: 'Buffer', data: Array.prototype.slice.call(this) };
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
    return codesToString(Array.prototype.slice.call(bytes));
  };
  internal.fromBinary = function fromBinary(binary) {
    var out = new Buffer(binary.length);
    for (var i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i) & 0xff;
    return out;
  };
  internal.bufferOf = bufferOf;
  internal.utf8Encode = utf8Encode;
});
