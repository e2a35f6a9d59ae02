/**
 * §2 Buffer's byte methods: reading and writing numbers, swapping byte order,
 * copy, write, fill, search, compare and the unsafe allocations. Values are
 * Node's, computed here, where Node and njs agree; where they part (how an
 * offset is read, which errors are thrown) the expected text is njs's, written
 * out. Where njs 0.7.9 has a Buffer bug that later njs fixed, its own outcome is
 * pinned under `byEngine.njs` (docs/divergences.md, "Engines").
 */
import { handlerRunning, logCase, throwCase, type CaseExtras, type ConformanceCase } from '../case.js';

/** Eight bytes whose upper halves have the top bit set, for signed reads. */
const BYTES = [0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0];
const PRELUDE = `var b = Buffer.from(${JSON.stringify(BYTES)});`;
const b = Buffer.from(BYTES);

/** Returns what a call gives (as a string) or the name of the error it throws. */
const ATTEMPT = 'function attempt(call) {\n  try {\n    return String(call());\n  } catch (e) {\n    return e.name;\n  }\n}';

/**
 * A case whose function makes each call in turn and logs, space-separated, what
 * each returned or the name of the error it threw: the log must be `line`.
 */
function attemptsCase(id: string, spec: string, calls: readonly string[], line: string, extras: CaseExtras = {}): ConformanceCase {
  const { prelude = PRELUDE, ...rest } = extras;
  // Each function expression is a call's argument: njs 0.7.9 mis-runs one written inside an array literal.
  const body = ['var out = [];', ...calls.map((call) => `out.push(attempt(function () { return ${call}; }));`), "console.log(out.join(' '));"].join('\n');
  return { id, spec, source: handlerRunning(body, `${ATTEMPT}\n${prelude}`), ...rest, expect: { kind: 'request', logs: [line] } };
}

const withBytes = { prelude: PRELUDE };

function written(size: number, write: (w: Buffer) => number[]): string {
  const w = Buffer.alloc(size);
  return `${write(w).join(',')} ${w.toString('hex')}`;
}

/** 1.5 (float, BE), -2.5 (float, LE), pi (double, BE), -0.1 (double, LE): numbers both engines print alike. */
const FLOATS = Buffer.from([0x3f, 0xc0, 0, 0, 0, 0, 0x20, 0xc0, 0x40, 0x09, 0x21, 0xfb, 0x54, 0x44, 0x2d, 0x18, 0x9a, 0x99, 0x99, 0x99, 0x99, 0x99, 0xb9, 0xbf]);
const HAYSTACK = Buffer.from('abcabc');

export const bufferMethodCases: readonly ConformanceCase[] = [
  // Numbers.
  logCase(
    'buffer-read-unsigned',
    '§2 Buffer: readUInt8, readUInt16BE/LE, readUInt32BE/LE',
    '[b.readUInt8(0), b.readUInt8(7), b.readUInt16BE(1), b.readUInt16LE(1), b.readUInt32BE(2), b.readUInt32LE(2)].join(",")',
    [b.readUInt8(0), b.readUInt8(7), b.readUInt16BE(1), b.readUInt16LE(1), b.readUInt32BE(2), b.readUInt32LE(2)].join(','),
    withBytes,
  ),
  logCase(
    'buffer-read-signed',
    '§2 Buffer: readInt8, readInt16BE/LE, readInt32BE/LE give negative numbers',
    '[b.readInt8(0), b.readInt8(4), b.readInt16BE(4), b.readInt16LE(6), b.readInt32BE(4), b.readInt32LE(4)].join(",")',
    [b.readInt8(0), b.readInt8(4), b.readInt16BE(4), b.readInt16LE(6), b.readInt32BE(4), b.readInt32LE(4)].join(','),
    withBytes,
  ),
  logCase(
    'buffer-read-variable',
    '§2 Buffer: readUIntBE/LE and readIntBE/LE of 1 to 6 bytes',
    '[b.readUIntBE(1, 3), b.readUIntLE(1, 3), b.readIntBE(4, 3), b.readIntLE(5, 3), b.readUIntBE(2, 6), b.readIntLE(2, 6), b.readIntBE(3, 5), b.readIntBE(7, 1)].join(",")',
    [b.readUIntBE(1, 3), b.readUIntLE(1, 3), b.readIntBE(4, 3), b.readIntLE(5, 3), b.readUIntBE(2, 6), b.readIntLE(2, 6), b.readIntBE(3, 5), b.readIntBE(7, 1)].join(','),
    withBytes,
  ),
  logCase(
    'buffer-read-float',
    '§2 Buffer: readFloatBE/LE and readDoubleBE/LE',
    '[f.readFloatBE(0), f.readFloatLE(4), f.readDoubleBE(8), f.readDoubleLE(16)].join(",")',
    [FLOATS.readFloatBE(0), FLOATS.readFloatLE(4), FLOATS.readDoubleBE(8), FLOATS.readDoubleLE(16)].join(','),
    { prelude: `var f = Buffer.from(${JSON.stringify([...FLOATS])});` },
  ),
  logCase(
    'buffer-write-unsigned',
    '§2 Buffer: writeUInt8, writeUInt16BE/LE, writeUInt32BE/LE return the offset after the bytes',
    "(function (w) { return [w.writeUInt8(0xfe, 0), w.writeUInt16BE(0x1234, 1), w.writeUInt16LE(0x1234, 3), w.writeUInt32BE(0xdeadbeef, 5), w.writeUInt32LE(0xdeadbeef, 9)].join(',') + ' ' + w.toString('hex'); })(Buffer.alloc(13))",
    written(13, (w) => [w.writeUInt8(0xfe, 0), w.writeUInt16BE(0x1234, 1), w.writeUInt16LE(0x1234, 3), w.writeUInt32BE(0xdeadbeef, 5), w.writeUInt32LE(0xdeadbeef, 9)]),
  ),
  logCase(
    'buffer-write-signed',
    '§2 Buffer: writeInt8, writeInt16BE/LE, writeInt32BE/LE store negative numbers in two\'s complement',
    "(function (w) { return [w.writeInt8(-2, 0), w.writeInt16BE(-300, 1), w.writeInt16LE(-300, 3), w.writeInt32BE(-123456789, 5), w.writeInt32LE(-2, 9)].join(',') + ' ' + w.toString('hex'); })(Buffer.alloc(13))",
    written(13, (w) => [w.writeInt8(-2, 0), w.writeInt16BE(-300, 1), w.writeInt16LE(-300, 3), w.writeInt32BE(-123456789, 5), w.writeInt32LE(-2, 9)]),
  ),
  logCase(
    'buffer-write-variable',
    '§2 Buffer: writeUIntBE/LE and writeIntBE/LE of 3 to 6 bytes, read back',
    "(function (w) { return [w.writeUIntBE(0x123456, 0, 3), w.writeUIntLE(0x123456, 3, 3), w.writeIntBE(-1000000, 6, 3), w.writeIntLE(-123456789012, 9, 6), w.writeUIntBE(0x123456789abc, 15, 6), w.readIntLE(9, 6), w.readIntBE(6, 3)].join(',') + ' ' + w.toString('hex'); })(Buffer.alloc(21))",
    written(21, (w) => [w.writeUIntBE(0x123456, 0, 3), w.writeUIntLE(0x123456, 3, 3), w.writeIntBE(-1000000, 6, 3), w.writeIntLE(-123456789012, 9, 6), w.writeUIntBE(0x123456789abc, 15, 6), w.readIntLE(9, 6), w.readIntBE(6, 3)]),
  ),
  logCase(
    'buffer-write-float',
    '§2 Buffer: writeFloatBE/LE and writeDoubleBE/LE',
    "(function (w) { w.writeFloatBE(1.5, 0); w.writeFloatLE(-0.1, 4); w.writeDoubleBE(Math.PI, 8); w.writeDoubleLE(-1e300, 16); return w.toString('hex'); })(Buffer.alloc(24))",
    ((w) => {
      w.writeFloatBE(1.5, 0);
      w.writeFloatLE(-0.1, 4);
      w.writeDoubleBE(Math.PI, 8);
      w.writeDoubleLE(-1e300, 16);
      return w.toString('hex');
    })(Buffer.alloc(24)),
  ),
  logCase(
    'buffer-write-float-offset',
    '§2 Buffer: writeFloatBE and writeDoubleLE return the offset after the bytes',
    "(function (w) { return w.writeFloatBE(1, 0) + ',' + w.writeDoubleLE(1, 8); })(Buffer.alloc(16))",
    `${Buffer.alloc(16).writeFloatBE(1, 0)},${Buffer.alloc(16).writeDoubleLE(1, 8)}`,
    // njs 0.7.9 returns undefined (fixed in njs 0.8.6).
    { byEngine: { njs: { kind: 'request', logs: ['undefined,undefined'] } } },
  ),
  attemptsCase(
    'buffer-write-value-range',
    '§2 Buffer: a value out of the written type\'s range is a RangeError',
    ['b.writeUInt8(256, 0)', 'b.writeUInt8(-1, 0)', 'b.writeInt8(128, 0)', 'b.writeInt16BE(-32769, 0)', 'b.writeUInt32LE(4294967296, 0)', 'b.writeIntBE(8388608, 0, 3)', 'b.writeUIntLE(281474976710656, 0, 6)'],
    Array(7).fill('RangeError').join(' '),
    // njs 0.7.9 stores the value's low bytes (fixed in njs 0.8.6).
    { byEngine: { njs: { kind: 'request', logs: ['1 1 1 2 4 3 6'] } } },
  ),
  throwCase('buffer-write-value-throws', '§2 Buffer: writeUInt8(300) throws, uncaught a 503', 'Buffer.alloc(1).writeUInt8(300, 0);', /^RangeError: value is outside the range of a representable uint8/, {
    byEngine: { njs: { kind: 'request', logs: [] } },
  }),
  attemptsCase(
    'buffer-offset-range',
    '§2 Buffer: an offset past the bytes, or negative, is a RangeError for every width',
    [
      'b.readUInt8(8)', 'b.readUInt16LE(7)', 'b.readUInt32BE(5)', 'b.readInt32LE(-1)', 'b.readFloatBE(5)', 'b.readDoubleLE(1)', 'b.readUIntBE(3, 6)',
      'b.writeUInt8(1, 8)', 'b.writeUInt16BE(1, 7)', 'b.writeIntLE(1, 4, 5)', 'b.writeDoubleBE(1, 1)', 'b.readUInt8(Infinity)', 'b.readUInt32BE(4)',
    ],
    `${Array(12).fill('RangeError').join(' ')} ${b.readUInt32BE(4)}`,
  ),
  throwCase('buffer-offset-past-end', '§2 Buffer: reading past the end throws, uncaught a 503', 'Buffer.alloc(4).readUInt32BE(1);', /^RangeError: index 1 is outside the bound of the buffer/),
  throwCase('buffer-offset-negative', '§2 Buffer: a negative offset throws, uncaught a 503', 'Buffer.alloc(4).writeInt16LE(1, -1);', /^RangeError: invalid index/),
  attemptsCase(
    'buffer-offset-index',
    '§2 Buffer: an offset is read as njs reads an index (missing or NaN is 0, truncated, a numeric string is its number)',
    ['b.readUInt8()', "b.readUInt8('1')", 'b.readUInt8(1.9)', 'b.readUInt8(NaN)', 'b.readUInt8(null)', 'b.readUIntBE(0, 2.5)', 'b.writeUInt8(7)', 'b[0]'],
    `${b[0]} ${b[1]} ${b[1]} ${b[0]} ${b[0]} ${b.readUInt16BE(0)} 1 7`,
  ),
  attemptsCase(
    'buffer-byte-length',
    '§2 Buffer: readUIntBE and its kin need a byteLength from 1 to 6 (a TypeError otherwise)',
    ['b.readUIntBE(0)', "b.readIntLE(0, '2')", 'b.readUIntBE(0, 7)', 'b.writeUIntBE(1, 0, 7)', 'b.writeIntBE(1, 0)', 'b.readUIntLE(0, 1)'],
    `TypeError TypeError TypeError TypeError TypeError ${b.readUIntLE(0, 1)}`,
  ),
  attemptsCase('buffer-byte-length-zero', '§2 Buffer: a byteLength of 0 is a TypeError', ['b.readUIntBE(0, 0)', 'b.readIntBE(0, 1)'], `TypeError ${b.readIntBE(0, 1)}`, {
    // njs 0.7.9 reads 6 bytes (fixed in later njs).
    byEngine: { njs: { kind: 'request', logs: [`${b.readUIntBE(0, 6)} ${b.readIntBE(0, 1)}`] } },
  }),
  // Byte order.
  logCase(
    'buffer-swap',
    '§2 Buffer: swap16, swap32 and swap64 reverse each group of bytes in place and return the buffer',
    "[Buffer.from(b).swap16().toString('hex'), Buffer.from(b).swap32().toString('hex'), Buffer.from(b).swap64().toString('hex'), b.swap16() === b].join(',')",
    [Buffer.from(b).swap16().toString('hex'), Buffer.from(b).swap32().toString('hex'), Buffer.from(b).swap64().toString('hex'), true].join(','),
    withBytes,
  ),
  throwCase('buffer-swap-size', '§2 Buffer: swap16 of an odd length throws, uncaught a 503', 'Buffer.from([1, 2, 3]).swap16();', /^RangeError: Buffer size must be a multiple of 16-bits/),
  attemptsCase('buffer-swap-sizes', '§2 Buffer: swap32 and swap64 need whole groups (a RangeError otherwise)', ['Buffer.alloc(6).swap32()', 'Buffer.alloc(4).swap64()'], 'RangeError RangeError'),
  // Copies.
  logCase(
    'buffer-copy',
    '§2 Buffer: copy into a Buffer or Uint8Array, by ranges, overlapping ranges of one buffer included',
    "(function () { var s = Buffer.from([1, 2, 3, 4]); var d = Buffer.alloc(6); var o = Buffer.from([1, 2, 3, 4, 5, 6]); var p = Buffer.from([1, 2, 3, 4, 5, 6]); var u = new Uint8Array(3); " +
      "var n = [s.copy(d, 1), s.copy(d, 0, 2, 3), s.copy(Buffer.alloc(2)), o.copy(o, 2, 0, 4), p.subarray(2).copy(p), s.copy(u), s.copy(d, 6)]; " +
      "return n.join(',') + ' ' + [d.toString('hex'), o.toString('hex'), p.toString('hex'), Array.prototype.join.call(u, '')].join(' '); })()",
    (() => {
      const s = Buffer.from([1, 2, 3, 4]);
      const d = Buffer.alloc(6);
      const o = Buffer.from([1, 2, 3, 4, 5, 6]);
      const p = Buffer.from([1, 2, 3, 4, 5, 6]);
      const u = new Uint8Array(3);
      const n = [s.copy(d, 1), s.copy(d, 0, 2, 3), s.copy(Buffer.alloc(2)), o.copy(o, 2, 0, 4), p.subarray(2).copy(p), s.copy(u), s.copy(d, 6)];
      return `${n.join(',')} ${[d.toString('hex'), o.toString('hex'), p.toString('hex'), Array.from(u).join('')].join(' ')}`;
    })(),
  ),
  attemptsCase(
    'buffer-copy-errors',
    '§2 Buffer: copy refuses a target that is not a Uint8Array and starts or ends past the bytes',
    ['b.copy([0, 0])', 'b.copy(new Uint16Array(2))', 'b.copy(Buffer.alloc(2), 3)', 'b.copy(Buffer.alloc(2), 0, 9)', 'b.copy(Buffer.alloc(2), 0, 0, 9)', 'b.copy(Buffer.alloc(2), -1)'],
    'TypeError TypeError RangeError RangeError RangeError RangeError',
  ),
  // Strings in place.
  logCase(
    'buffer-write-string',
    '§2 Buffer: write a string at an offset, for a length, in an encoding',
    "(function (w) { return [w.write('abcd', 1, 2), w.write('6162', 4, 2, 'hex'), w.write('YQ==', 7, 1, 'base64')].join(',') + ' ' + w.toString('hex'); })(Buffer.alloc(8))",
    written(8, (w) => [w.write('abcd', 1, 2), w.write('6162', 4, 2, 'hex'), w.write('YQ==', 7, 1, 'base64')]),
  ),
  attemptsCase(
    'buffer-write-string-fit',
    '§2 Buffer: write returns the bytes written: no more than the string has, whole UTF-8 characters, none at the end',
    ["Buffer.alloc(6).write('ab')", "Buffer.alloc(6).write('a\\u20ac', 0, 2)", "Buffer.alloc(6).write('\\u20ac', 4)", "Buffer.alloc(2).write('a', 2)"],
    [Buffer.alloc(6).write('ab'), Buffer.alloc(6).write('a\u20ac', 0, 2), Buffer.alloc(6).write('\u20ac', 4), Buffer.alloc(2).write('a', 2)].join(' '),
    // njs 0.7.9 counts the room left, writes part of a character and refuses the end (fixed in njs 0.8.6).
    { byEngine: { njs: { kind: 'request', logs: ['6 2 2 RangeError'] } } },
  ),
  attemptsCase(
    'buffer-write-string-errors',
    '§2 Buffer: write needs a string, an offset within the bytes and a runtime encoding',
    ['b.write(1)', "b.write('a', 9)", "b.write('a', -1)", "b.write('a', 'latin1')"],
    'TypeError RangeError RangeError TypeError',
  ),
  logCase(
    'buffer-fill',
    '§2 Buffer: fill with a string (in an encoding), a number\'s low byte or a buffer, over a range',
    "[Buffer.alloc(5).fill('ab').toString(), Buffer.alloc(5).fill('ab', 1, 3).toString('hex'), Buffer.alloc(5).fill('6162', 'hex').toString(), Buffer.alloc(5).fill('6162', 1, 'hex').toString('hex'), " +
      "Buffer.alloc(3).fill(257).toString('hex'), Buffer.alloc(3).fill(-1).toString('hex'), Buffer.alloc(5).fill(Buffer.from([1, 2])).toString('hex'), Buffer.alloc(3, 1).fill('').toString('hex'), Buffer.alloc(4).fill(7, 1).toString('hex')].join(' ')",
    [
      Buffer.alloc(5).fill('ab').toString(), Buffer.alloc(5).fill('ab', 1, 3).toString('hex'), Buffer.alloc(5).fill('6162', 'hex').toString(), Buffer.alloc(5).fill('6162', 1, 'hex').toString('hex'),
      Buffer.alloc(3).fill(257).toString('hex'), Buffer.alloc(3).fill(-1).toString('hex'), Buffer.alloc(5).fill(Buffer.from([1, 2])).toString('hex'), Buffer.alloc(3, 1).fill('').toString('hex'), Buffer.alloc(4).fill(7, 1).toString('hex'),
    ].join(' '),
  ),
  attemptsCase(
    'buffer-fill-errors',
    '§2 Buffer: fill refuses a range past the bytes and encodings the runtime lacks',
    ['Buffer.alloc(3).fill(1, 0, 4)', 'Buffer.alloc(3).fill(1, -1)', "Buffer.alloc(3).fill('a', 'latin1')", 'Buffer.alloc(3).fill(1, 2, 1).toString(\'hex\')'],
    'RangeError RangeError TypeError 000000',
  ),
  // Search and comparison.
  logCase(
    'buffer-index-of',
    '§2 Buffer: indexOf, lastIndexOf and includes find strings (in an encoding), bytes and buffers',
    "[h.indexOf('b'), h.indexOf('bc', 2), h.indexOf(99), h.indexOf(355), h.indexOf(Buffer.from('ca')), h.indexOf('b', -2), h.indexOf('6263', 'hex'), h.indexOf('6263', 2, 'hex'), h.indexOf('abcabcd'), " +
      "h.lastIndexOf('b'), h.lastIndexOf('bc'), h.lastIndexOf('b', 3), h.lastIndexOf('b', -3), h.lastIndexOf(97), h.includes('bc'), h.includes('zz'), h.includes(99, 3)].join(',')",
    [
      HAYSTACK.indexOf('b'), HAYSTACK.indexOf('bc', 2), HAYSTACK.indexOf(99), HAYSTACK.indexOf(355), HAYSTACK.indexOf(Buffer.from('ca')), HAYSTACK.indexOf('b', -2), HAYSTACK.indexOf('6263', 'hex'),
      HAYSTACK.indexOf('6263', 2, 'hex'), HAYSTACK.indexOf('abcabcd'), HAYSTACK.lastIndexOf('b'), HAYSTACK.lastIndexOf('bc'), HAYSTACK.lastIndexOf('b', 3), HAYSTACK.lastIndexOf('b', -3),
      HAYSTACK.lastIndexOf(97), HAYSTACK.includes('bc'), HAYSTACK.includes('zz'), HAYSTACK.includes(99, 3),
    ].join(','),
    { prelude: "var h = Buffer.from('abcabc');" },
  ),
  logCase(
    'buffer-index-of-edges',
    '§2 Buffer: an empty string is found where the search starts; a match may end at the last byte',
    "[h.indexOf('', 3), h.lastIndexOf('abc', 3), Buffer.alloc(0).indexOf(''), h.lastIndexOf('')].join(',')",
    [HAYSTACK.indexOf('', 3), HAYSTACK.lastIndexOf('abc', 3), Buffer.alloc(0).indexOf(''), HAYSTACK.lastIndexOf('')].join(','),
    // njs 0.7.9's searches (fixed in njs 0.8.6 and 0.8.7).
    { prelude: "var h = Buffer.from('abcabc');", byEngine: { njs: { kind: 'request', logs: ['0,0,-1,6'] } } },
  ),
  attemptsCase(
    'buffer-index-of-type',
    '§2 Buffer: indexOf looks for a string, a number or a Uint8Array only (a TypeError otherwise)',
    ['b.indexOf({})', 'b.indexOf(true)', 'b.indexOf(new Uint16Array(1))', 'b.includes(null)'],
    'TypeError TypeError TypeError TypeError',
  ),
  logCase(
    'buffer-compare-ranges',
    '§2 Buffer: compare between ranges of both buffers',
    "[a.compare(Buffer.from('xbcx'), 1, 3, 1, 3), a.compare(Buffer.from('bcd'), 0, 2, 1), a.compare(Buffer.from('abc')), a.compare(Buffer.from('b')), Buffer.compare(Buffer.from('b'), a), a.equals(Buffer.from('abcd'))].join(',')",
    [
      Buffer.from('abcd').compare(Buffer.from('xbcx'), 1, 3, 1, 3), Buffer.from('abcd').compare(Buffer.from('bcd'), 0, 2, 1), Buffer.from('abcd').compare(Buffer.from('abc')),
      Buffer.from('abcd').compare(Buffer.from('b')), Buffer.compare(Buffer.from('b'), Buffer.from('abcd')), Buffer.from('abcd').equals(Buffer.from('abcd')),
    ].join(','),
    { prelude: "var a = Buffer.from('abcd');" },
  ),
  attemptsCase(
    'buffer-compare-errors',
    '§2 Buffer: compare and equals need buffers and ranges within them',
    ["b.compare('x')", "b.equals('x')", "Buffer.compare('x', b)", 'b.compare(Buffer.alloc(2), 3)'],
    'TypeError TypeError TypeError RangeError',
  ),
  // Allocation and the methods' receiver.
  attemptsCase(
    'buffer-alloc-size',
    '§2 Buffer: alloc, allocUnsafe and allocUnsafeSlow take a size from 0 up (a number, truncated)',
    ['Buffer.allocUnsafe(3).length', 'Buffer.allocUnsafeSlow(2).length', 'Buffer.isBuffer(Buffer.allocUnsafe(1))', 'Buffer.alloc(1.5).length', "Buffer.alloc('3')", 'Buffer.allocUnsafe(-1)'],
    '3 2 true 1 TypeError RangeError',
  ),
  logCase(
    'buffer-alloc-fill',
    '§2 Buffer: alloc fills as fill does',
    "[Buffer.alloc(4, '6162', 'hex').toString(), Buffer.alloc(3, 258).toString('hex'), Buffer.alloc(4, Buffer.from([1, 2])).toString('hex')].join(' ')",
    [Buffer.alloc(4, '6162', 'hex').toString(), Buffer.alloc(3, 258).toString('hex'), Buffer.alloc(4, Buffer.from([1, 2])).toString('hex')].join(' '),
  ),
  attemptsCase(
    'buffer-method-receiver',
    '§2 Buffer: the methods work on any Uint8Array and refuse anything else',
    ['Buffer.prototype.readUInt8.call(new Uint8Array([7]))', 'Buffer.prototype.readUInt8.call([7])', 'Buffer.prototype.swap16.call({})'],
    '7 TypeError TypeError',
  ),
  logCase(
    'buffer-no-lower-case-aliases',
    '§2 Buffer: no lower-case aliases (readUint8, ...) and no BigInt methods, as njs has none',
    '[typeof b.readUint8, typeof b.writeUint32BE, typeof b.readUintBE, typeof b.readBigInt64BE].join(",")',
    'undefined,undefined,undefined,undefined',
    withBytes,
  ),
];
