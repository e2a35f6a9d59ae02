// Runs inside each function's vm context, after encoding.js: the Buffer methods
// that work on bytes rather than text (allocation, comparison, fill, search,
// copy, write, swapping byte order, reading and writing numbers). Arguments are
// read and refused as njs reads them (CloudFront's engine family), with njs's
// error texts: offsets are truncated to integers, a negative one or one past the
// bytes is a RangeError, a missing or non-numeric variable byteLength a
// TypeError. Where njs 0.7.9 has a bug that later njs fixed (written bytes and
// counts, values out of range), the fixed behaviour, which is also Node's, is
// followed: see docs/divergences.md ("Engines"). The built-ins the methods use
// were captured before any function code runs.
// eslint-disable-next-line @typescript-eslint/no-unused-expressions -- the script's value is this function; the host calls it
(function installBufferMethods(host, internal) {
  'use strict';

  var Buffer = internal.Buffer;
  var encodeString = internal.codecs.encodeString;
  var normalizeEncoding = internal.codecs.normalizeEncoding;
  var apply = Reflect.apply;
  var defineProperty = Object.defineProperty;
  var trunc = Math.trunc;
  var min = Math.min;
  var max = Math.max;
  var typedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype);
  var tagOf = Object.getOwnPropertyDescriptor(typedArrayPrototype, Symbol.toStringTag).get;
  var lengthOf = Object.getOwnPropertyDescriptor(typedArrayPrototype, 'length').get;
  var byteLengthOf = Object.getOwnPropertyDescriptor(typedArrayPrototype, 'byteLength').get;
  var byteOffsetOf = Object.getOwnPropertyDescriptor(typedArrayPrototype, 'byteOffset').get;
  var arrayBufferOf = Object.getOwnPropertyDescriptor(typedArrayPrototype, 'buffer').get;
  var ByteArray = Uint8Array;
  // Floats go through these 8 bytes of the runtime's own: each use writes them whole before reading.
  var scratchBuffer = new ArrayBuffer(8);
  var scratch = new DataView(scratchBuffer);
  var scratchBytes = new Uint8Array(scratchBuffer);
  var getFloat32 = DataView.prototype.getFloat32;
  var getFloat64 = DataView.prototype.getFloat64;
  var setFloat32 = DataView.prototype.setFloat32;
  var setFloat64 = DataView.prototype.setFloat64;
  // 2^(8n - 1) for n bytes: the least value whose top bit is set.
  var SIGN_BIT = [0, 0x80, 0x8000, 0x800000, 0x80000000, 0x8000000000, 0x800000000000];

  function definePrototype(name, value) {
    defineProperty(Buffer.prototype, name, { value: value, writable: true, enumerable: false, configurable: true });
  }

  function defineStatic(name, value) {
    defineProperty(Buffer, name, { value: value, writable: true, enumerable: false, configurable: true });
  }

  // `value` if it is a Uint8Array (a Buffer is one), as njs requires of `this` and of other buffers.
  function bytesOf(value, name) {
    if (apply(tagOf, value, []) !== 'Uint8Array') throw new TypeError('"' + name + '" argument must be an instance of Buffer or Uint8Array');
    return value;
  }

  function toInteger(value) {
    var n = +value;
    return n !== n ? 0 : trunc(n);
  }

  // njs's index: undefined is 0, anything else a number truncated toward zero (NaN is 0).
  function toIndex(value) {
    if (value === undefined) return 0;
    var n = toInteger(value);
    if (n < 0 || n > 0xffffffff) throw new RangeError('invalid index');
    return n;
  }

  function checkBounds(bytes, index, size) {
    if (index + size > apply(lengthOf, bytes, [])) throw new RangeError('index ' + index + ' is outside the bound of the buffer');
  }

  // The byteLength of readIntBE and its kin: a number, 1 to 6 once truncated.
  function toByteLength(value) {
    if (typeof value !== 'number') throw new TypeError('"byteLength" is not a number');
    var size = trunc(value);
    if (!(size >= 1 && size <= 6)) throw new TypeError('"byteLength" must be >= 1 and <= 6');
    return size;
  }

  // An encoding's canonical name; njs refuses a name that is not a string.
  function encodingOf(encoding) {
    if (encoding !== undefined && typeof encoding !== 'string') throw new TypeError('encoding must be a string');
    return normalizeEncoding(encoding);
  }

  // The bytes of `value` as an array of its own: a string in `encoding`, or any typed array's bytes.
  function patternOf(value, encoding) {
    if (typeof value === 'string') return encodeString(value, encodingOf(encoding));
    var length = apply(byteLengthOf, value, []);
    var view = new ByteArray(apply(arrayBufferOf, value, []), apply(byteOffsetOf, value, []), length);
    var out = [];
    for (var i = 0; i < length; i++) out[i] = view[i];
    return out;
  }

  // --- numbers

  function readUnsigned(bytes, index, size, little) {
    var value = 0;
    for (var i = 0; i < size; i++) value = value * 256 + bytes[index + (little ? size - 1 - i : i)];
    return value;
  }

  // Two's complement: a negative value is stored as 2^(8 * size) plus it.
  function writeUnsigned(bytes, value, index, size, little) {
    var rest = value < 0 ? value + 2 * SIGN_BIT[size] : value;
    for (var i = 0; i < size; i++) {
      bytes[index + (little ? i : size - 1 - i)] = rest % 256;
      rest = (rest - (rest % 256)) / 256;
    }
  }

  function checkValue(value, size, signed) {
    var low = signed ? -SIGN_BIT[size] : 0;
    var high = signed ? SIGN_BIT[size] - 1 : 2 * SIGN_BIT[size] - 1;
    if (value < low || value > high) throw new RangeError('value is outside the range of a representable ' + (signed ? 'int' : 'uint') + size * 8);
  }

  // Each method is an object literal's method, as a class's are: named, with no
  // prototype, not a constructor.

  // readUInt8 ... readIntLE; `size` 0 takes the byte count from the second argument.
  function reader(name, size, signed, little) {
    return {
      [name](offset, byteLength) {
        var bytes = bytesOf(this, 'this');
        var index = toIndex(offset);
        var width = size || toByteLength(byteLength);
        checkBounds(bytes, index, width);
        var value = readUnsigned(bytes, index, width, little);
        return signed && value >= SIGN_BIT[width] ? value - 2 * SIGN_BIT[width] : value;
      },
    }[name];
  }

  // writeUInt8 ... writeIntLE: returns the offset after the bytes written.
  function writer(name, size, signed, little) {
    return {
      [name](value, offset, byteLength) {
        var bytes = bytesOf(this, 'this');
        var number = toInteger(value);
        var index = toIndex(offset);
        var width = size || toByteLength(byteLength);
        checkBounds(bytes, index, width);
        checkValue(number, width, signed);
        writeUnsigned(bytes, number, index, width, little);
        return index + width;
      },
    }[name];
  }

  function floatReader(name, size, little) {
    return {
      [name](offset) {
        var bytes = bytesOf(this, 'this');
        var index = toIndex(offset);
        checkBounds(bytes, index, size);
        for (var i = 0; i < size; i++) scratchBytes[i] = bytes[index + i];
        return apply(size === 4 ? getFloat32 : getFloat64, scratch, [0, little]);
      },
    }[name];
  }

  function floatWriter(name, size, little) {
    return {
      [name](value, offset) {
        var bytes = bytesOf(this, 'this');
        var number = +value;
        var index = toIndex(offset);
        checkBounds(bytes, index, size);
        apply(size === 4 ? setFloat32 : setFloat64, scratch, [0, number, little]);
        for (var i = 0; i < size; i++) bytes[index + i] = scratchBytes[i];
        return index + size;
      },
    }[name];
  }

  // Name, bytes (0: given by the call), signed, little-endian.
  var INTEGERS = [
    ['UInt8', 1, false, false], ['Int8', 1, true, false],
    ['UInt16BE', 2, false, false], ['UInt16LE', 2, false, true], ['Int16BE', 2, true, false], ['Int16LE', 2, true, true],
    ['UInt32BE', 4, false, false], ['UInt32LE', 4, false, true], ['Int32BE', 4, true, false], ['Int32LE', 4, true, true],
    ['UIntBE', 0, false, false], ['UIntLE', 0, false, true], ['IntBE', 0, true, false], ['IntLE', 0, true, true],
  ];
  for (var i = 0; i < INTEGERS.length; i++) {
    var integer = INTEGERS[i];
    definePrototype('read' + integer[0], reader('read' + integer[0], integer[1], integer[2], integer[3]));
    definePrototype('write' + integer[0], writer('write' + integer[0], integer[1], integer[2], integer[3]));
  }
  var FLOATS = [['FloatBE', 4, false], ['FloatLE', 4, true], ['DoubleBE', 8, false], ['DoubleLE', 8, true]];
  for (var j = 0; j < FLOATS.length; j++) {
    var kind = FLOATS[j];
    definePrototype('read' + kind[0], floatReader('read' + kind[0], kind[1], kind[2]));
    definePrototype('write' + kind[0], floatWriter('write' + kind[0], kind[1], kind[2]));
  }

  // --- byte order

  function swapper(name, size) {
    return {
      [name]() {
        var bytes = bytesOf(this, 'this');
        var length = apply(lengthOf, bytes, []);
        if (length % size !== 0) throw new RangeError('Buffer size must be a multiple of ' + size * 8 + '-bits');
        for (var at = 0; at < length; at += size) {
          for (var low = at, high = at + size - 1; low < high; low++, high--) {
            var byte = bytes[low];
            bytes[low] = bytes[high];
            bytes[high] = byte;
          }
        }
        return bytes;
      },
    }[name];
  }
  definePrototype('swap16', swapper('swap16', 2));
  definePrototype('swap32', swapper('swap32', 4));
  definePrototype('swap64', swapper('swap64', 8));

  // --- ranges, comparison and copies

  // A range of `bytes` as njs reads one: start and end no further than the length
  // (`name` + "Start"/"End" out of range otherwise); an end before the start is the start.
  function rangeOf(bytes, start, end, name) {
    var length = apply(lengthOf, bytes, []);
    var from = toIndex(start);
    if (from > length) throw new RangeError('"' + name + 'Start" is out of range: ' + from);
    var to = end === undefined ? length : toIndex(end);
    if (to > length) throw new RangeError('"' + name + 'End" is out of range: ' + to);
    return { from: from, to: to < from ? from : to };
  }

  // -1, 0 or 1 as the source range sorts before, with or after the target range.
  function compareRanges(source, target, targetStart, targetEnd, sourceStart, sourceEnd) {
    var a = bytesOf(source, 'source');
    var b = bytesOf(target, 'target');
    var t = rangeOf(b, targetStart, targetEnd, 'target');
    var s = rangeOf(a, sourceStart, sourceEnd, 'source');
    var n = min(t.to - t.from, s.to - s.from);
    for (var i = 0; i < n; i++) {
      var x = a[s.from + i];
      var y = b[t.from + i];
      if (x !== y) return x < y ? -1 : 1;
    }
    var sourceLength = s.to - s.from;
    var targetLength = t.to - t.from;
    return sourceLength === targetLength ? 0 : sourceLength < targetLength ? -1 : 1;
  }

  // Copies `count` bytes as memmove does: right when both are views of one buffer and overlap.
  function moveBytes(source, from, target, to, count) {
    var sameBuffer = apply(arrayBufferOf, source, []) === apply(arrayBufferOf, target, []);
    if (sameBuffer && apply(byteOffsetOf, target, []) + to > apply(byteOffsetOf, source, []) + from) {
      for (var back = count - 1; back >= 0; back--) target[to + back] = source[from + back];
      return;
    }
    for (var i = 0; i < count; i++) target[to + i] = source[from + i];
  }

  definePrototype('compare', {
    compare(target, targetStart, targetEnd, sourceStart, sourceEnd) {
      return compareRanges(this, target, targetStart, targetEnd, sourceStart, sourceEnd);
    },
  }.compare);

  definePrototype('equals', {
    equals(other) {
      return compareRanges(this, other) === 0;
    },
  }.equals);

  definePrototype('copy', {
    copy(target, targetStart, sourceStart, sourceEnd) {
      var source = bytesOf(this, 'source');
      var t = rangeOf(bytesOf(target, 'target'), targetStart, undefined, 'target');
      var s = rangeOf(source, sourceStart, sourceEnd, 'source');
      var count = min(t.to - t.from, s.to - s.from);
      moveBytes(source, s.from, target, t.from, count);
      return count;
    },
  }.copy);

  // --- fill and write

  // Fills bytes `from` to `to` with a number's low byte, or repeats a string's or typed array's bytes (an empty one fills zeros).
  function fillBytes(bytes, value, encoding, from, to) {
    var length = apply(lengthOf, bytes, []);
    if (from > length) throw new RangeError('"offset" is out of range');
    if (to > length) throw new RangeError('"end" is out of range');
    if (from >= to) return;
    if (typeof value === 'string' || apply(tagOf, value, []) !== undefined) {
      var pattern = patternOf(value, encoding);
      for (var at = from; at < to; at++) bytes[at] = pattern.length === 0 ? 0 : pattern[(at - from) % pattern.length];
      return;
    }
    var byte = +value;
    for (var i = from; i < to; i++) bytes[i] = byte;
  }

  definePrototype('fill', {
    // A string in place of the offset or the end is the encoding.
    fill(value, offset, end, encoding) {
      if (arguments.length === 0) return this;
      var bytes = bytesOf(this, 'this');
      var from = 0;
      var to = apply(lengthOf, bytes, []);
      if (typeof value === 'string' && typeof offset === 'string') encoding = offset;
      else {
        if (offset !== undefined) from = toIndex(offset);
        if (typeof value === 'string' && typeof end === 'string') encoding = end;
        else if (end !== undefined) to = toIndex(end);
      }
      fillBytes(bytes, value, encoding, from, to);
      return this;
    },
  }.fill);

  // How many of the first `limit` bytes of UTF-8 `bytes` make whole characters.
  function wholeCharacters(bytes, limit) {
    var end = 0;
    while (end < limit) {
      var lead = bytes[end];
      var width = lead < 0x80 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
      if (end + width > limit) break;
      end += width;
    }
    return end;
  }

  definePrototype('write', {
    // A string in place of the offset or the length is the encoding. Writes what fits, whole characters in UTF-8.
    write(string, offset, length, encoding) {
      var bytes = bytesOf(this, 'this');
      if (typeof string !== 'string') throw new TypeError('first argument must be a string');
      var size = apply(lengthOf, bytes, []);
      var at = 0;
      var count = size;
      if (typeof offset === 'string') encoding = offset;
      else {
        if (offset !== undefined) at = toIndex(offset);
        if (typeof length === 'string') encoding = length;
        else if (length !== undefined) count = toIndex(length);
      }
      var name = encodingOf(encoding);
      if (at > size) throw new RangeError('"offset" is out of range');
      var encoded = encodeString(string, name);
      count = min(count, size - at, encoded.length);
      if (name === 'utf8') count = wholeCharacters(encoded, count);
      for (var i = 0; i < count; i++) bytes[at + i] = encoded[i];
      return count;
    },
  }.write);

  // --- search

  // The value searched for, as bytes: a string in `encoding`, a Uint8Array, or a number's low byte.
  function needleOf(value, encoding) {
    if (typeof value === 'string') return encodeString(value, encoding);
    if (typeof value === 'number') return value & 0xff;
    var tag = apply(tagOf, value, []);
    if (tag === 'Uint8Array') return patternOf(value);
    var kind = tag !== undefined ? 'typed array' : value === null ? 'null' : typeof value;
    throw new TypeError('"value" argument ' + kind + ' is not a string or Buffer-like object');
  }

  function matchesAt(bytes, at, needle) {
    for (var i = 0; i < needle.length; i++) if (bytes[at + i] !== needle[i]) return false;
    return true;
  }

  function searchByte(bytes, byte, from, length, last) {
    if (!last) {
      for (var at = from; at < length; at++) if (bytes[at] === byte) return at;
      return -1;
    }
    for (var back = min(from, length - 1); back >= 0; back--) if (bytes[back] === byte) return back;
    return -1;
  }

  function searchBytes(bytes, needle, from, length, last) {
    if (!last) {
      for (var at = from; at <= length - needle.length; at++) if (matchesAt(bytes, at, needle)) return at;
      return -1;
    }
    for (var back = min(from, length - needle.length); back >= 0; back--) if (matchesAt(bytes, back, needle)) return back;
    return -1;
  }

  // The first (or, `last`, the final) index where `value` starts, from `byteOffset` on (or back); -1 if none.
  function search(self, value, byteOffset, encoding, last) {
    var bytes = bytesOf(self, 'this');
    var length = apply(lengthOf, bytes, []);
    // From the end by default: lastIndexOf('') is the length, as on Node and njs 0.7.9.
    var from = last ? length : 0;
    if (typeof value === 'string' && typeof byteOffset === 'string') encoding = byteOffset;
    else if (byteOffset !== undefined) {
      from = toInteger(byteOffset);
      from = from >= 0 ? min(from, length) : max(0, length + from);
    }
    var needle = needleOf(value, encodingOf(encoding));
    return typeof needle === 'number' ? searchByte(bytes, needle, from, length, last) : searchBytes(bytes, needle, from, length, last);
  }

  definePrototype('indexOf', {
    indexOf(value, byteOffset, encoding) {
      return search(this, value, byteOffset, encoding, false);
    },
  }.indexOf);

  definePrototype('lastIndexOf', {
    lastIndexOf(value, byteOffset, encoding) {
      return search(this, value, byteOffset, encoding, true);
    },
  }.lastIndexOf);

  definePrototype('includes', {
    includes(value, byteOffset, encoding) {
      return search(this, value, byteOffset, encoding, false) !== -1;
    },
  }.includes);

  // --- statics

  // njs's size: a number from 0 to 2^31 - 1, truncated.
  function toSize(size) {
    if (typeof size !== 'number') throw new TypeError('"size" argument must be of type number');
    if (size < 0 || size > 0x7fffffff) throw new RangeError('invalid size');
    return size !== size ? 0 : trunc(size);
  }

  defineStatic('alloc', {
    alloc(size, fill, encoding) {
      var buffer = new Buffer(toSize(size));
      if (fill !== undefined) fillBytes(buffer, fill, encoding, 0, apply(lengthOf, buffer, []));
      return buffer;
    },
  }.alloc);

  // The bytes of an unsafe allocation are unspecified; here they are zeros.
  defineStatic('allocUnsafe', {
    allocUnsafe(size) {
      return new Buffer(toSize(size));
    },
  }.allocUnsafe);

  defineStatic('allocUnsafeSlow', {
    allocUnsafeSlow(size) {
      return new Buffer(toSize(size));
    },
  }.allocUnsafeSlow);

  defineStatic('compare', {
    compare(a, b) {
      return compareRanges(a, b);
    },
  }.compare);
});
