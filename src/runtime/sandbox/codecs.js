// Runs inside each function's vm context, before the function's code: the byte
// codecs behind Buffer, TextEncoder/TextDecoder and atob/btoa (see encoding.js),
// for runtime 2.0's encodings: utf8, hex, base64, base64url.
// eslint-disable-next-line @typescript-eslint/no-unused-expressions -- the script's value is this function; the host calls it
(function installCodecs(host, internal) {
  'use strict';

  var B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  var B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  // Built now, before any function code runs: built on first use, it would be built
  // with whatever Object.create and String.prototype.charAt the function had put in
  // place, and kept for the invocations after it.
  var B64_VALUE = Object.create(null);
  for (var i = 0; i < 64; i++) {
    B64_VALUE[B64.charAt(i)] = i;
    B64_VALUE[B64URL.charAt(i)] = i;
  }
  var fromCharCode = String.fromCharCode;
  // Captured before the memory guard wraps the array methods: byte arrays here are
  // the runtime's own working space, not the function's allocations.
  var slice = Array.prototype.slice;
  var CHUNK = 4096;

  function codesToString(codes) {
    var out = '';
    for (var start = 0; start < codes.length; start += CHUNK) out += fromCharCode.apply(null, slice.call(codes, start, start + CHUNK));
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
    var values = B64_VALUE;
    var out = [];
    var bits = 0;
    var count = 0;
    for (var i = 0; i < text.length; i++) {
      var ch = text.charAt(i);
      if (ch === '=') break;
      var v = values[ch];
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

  internal.codecs = {
    B64: B64,
    slice: slice,
    codesToString: codesToString,
    utf8Encode: utf8Encode,
    utf8Decode: utf8Decode,
    base64Encode: base64Encode,
    base64Decode: base64Decode,
    encodeString: encodeString,
    decodeBytes: decodeBytes,
    normalizeEncoding: normalizeEncoding,
  };
});
