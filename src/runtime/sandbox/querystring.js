// Runs inside each function's vm context, before the function's code: the
// `querystring` module runtime 2.0 offers, with Node's semantics (which njs's
// module shares): parse/decode, stringify/encode, escape, unescape.
// eslint-disable-next-line @typescript-eslint/no-unused-expressions -- the script's value is this function; the host calls it
(function installQuerystring(host, internal) {
  'use strict';

  var utf8Decode = internal.codecs.utf8Decode;
  var isArray = Array.isArray;
  var keysOf = Object.keys;
  var HEX = /^[0-9A-Fa-f]$/;
  var ENCODED_BYTE = /%[0-9A-Fa-f]{2}/;

  // Percent-decodes what it can and keeps the rest as bytes: the fallback for text
  // decodeURIComponent refuses. Characters above U+00FF keep only their low byte,
  // as Node's does.
  function unescapeBytes(text, decodeSpaces) {
    var bytes = [];
    for (var i = 0; i < text.length; i++) {
      var code = text.charCodeAt(i);
      if (code === 0x2b && decodeSpaces) {
        bytes.push(0x20);
      } else if (code === 0x25 && i + 2 < text.length && HEX.test(text.charAt(i + 1)) && HEX.test(text.charAt(i + 2))) {
        bytes.push(parseInt(text.substr(i + 1, 2), 16));
        i += 2;
      } else {
        bytes.push(code & 0xff);
      }
    }
    return utf8Decode(bytes, false);
  }

  function unescape(text, decodeSpaces) {
    try {
      return decodeURIComponent(text);
    } catch {
      return unescapeBytes(String(text), Boolean(decodeSpaces));
    }
  }

  function escape(value) {
    var text = typeof value === 'string' ? value : typeof value === 'object' ? String(value) : value + '';
    return encodeURIComponent(text);
  }

  function decodeWith(decode, text) {
    try {
      return decode(text);
    } catch {
      return unescape(text, true);
    }
  }

  function addPair(result, key, value) {
    if (result[key] === undefined) result[key] = value;
    else if (isArray(result[key])) result[key].push(value);
    else result[key] = [result[key], value];
  }

  function parse(text, sep, eq, options) {
    var result = Object.create(null);
    if (typeof text !== 'string' || text.length === 0) return result;
    var separator = sep ? String(sep) : '&';
    var equals = eq ? String(eq) : '=';
    var maxKeys = options && typeof options.maxKeys === 'number' && options.maxKeys > 0 ? options.maxKeys : Infinity;
    var custom = options && typeof options.decodeURIComponent === 'function' ? options.decodeURIComponent : undefined;
    var decode = custom || unescape;
    // With a custom decoder a "+" reaches it as "%20"; the default one gets a space.
    var plus = custom ? '%20' : ' ';
    var segments = text.split(separator);
    var last = segments.length - 1;
    for (var i = 0; i <= last && i < maxKeys; i++) {
      var segment = segments[i];
      if (segment === '') continue;
      var at = segment.indexOf(equals);
      var rawKey = at === -1 ? segment : segment.slice(0, at);
      var rawValue = at === -1 ? '' : segment.slice(at + equals.length);
      var key = rawKey.replace(/\+/g, plus);
      var value = rawValue.replace(/\+/g, plus);
      // Only text holding an encoded byte is decoded (always, with a custom decoder).
      if (key.length > 0 && (custom || ENCODED_BYTE.test(rawKey))) key = decodeWith(decode, key);
      if (value.length > 0 && (custom || ENCODED_BYTE.test(rawValue.replace(/\+/g, '')))) value = decodeWith(decode, value);
      addPair(result, key, value);
    }
    return result;
  }

  function stringifyPrimitive(value) {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' && isFinite(value)) return '' + value;
    if (typeof value === 'boolean') return value ? 'true' : 'false';
    return '';
  }

  function stringify(object, sep, eq, options) {
    var separator = sep || '&';
    var equals = eq || '=';
    var encode = options && typeof options.encodeURIComponent === 'function' ? options.encodeURIComponent : escape;
    function convert(value) {
      var text = stringifyPrimitive(value);
      // Numbers below 1e21 print without characters that need escaping.
      if (encode === escape && (text === '' || (typeof value === 'number' && Math.abs(value) < 1e21))) return text;
      return encode(text);
    }
    if (object === null || typeof object !== 'object') return '';
    var fields = '';
    var keys = keysOf(object);
    for (var i = 0; i < keys.length; i++) {
      var value = object[keys[i]];
      var name = convert(keys[i]) + equals;
      if (isArray(value)) {
        if (value.length === 0) continue;
        if (fields) fields += separator;
        for (var j = 0; j < value.length; j++) {
          if (j) fields += separator;
          fields += name + convert(value[j]);
        }
      } else {
        if (fields) fields += separator;
        fields += name + convert(value);
      }
    }
    return fields;
  }

  internal.modules.querystring = function loadQuerystring() {
    return { parse: parse, decode: parse, stringify: stringify, encode: stringify, escape: escape, unescape: unescape };
  };
});
