/**
 * §2 The global Buffer (utf8, hex, base64, base64url only), TextEncoder and
 * TextDecoder, atob and btoa. Expected values are Node's, computed here.
 */
import { logCase, throwCase, type ConformanceCase } from '../case.js';

const TEXT = 'h\u00e9llo \u{1F600}';
const BYTES = [0, 1, 127, 128, 250, 251, 255];

export const bufferCases: readonly ConformanceCase[] = [
  logCase('buffer-utf8-hex', '§2 Buffer: utf8 to hex', `Buffer.from(${JSON.stringify(TEXT)}).toString('hex')`, Buffer.from(TEXT).toString('hex')),
  logCase('buffer-hex-utf8', '§2 Buffer: hex to utf8', "Buffer.from('68c3a96c6c6f', 'hex').toString('utf8')", Buffer.from('68c3a96c6c6f', 'hex').toString('utf8')),
  logCase('buffer-base64', '§2 Buffer: base64', `Buffer.from(${JSON.stringify(BYTES)}).toString('base64')`, Buffer.from(BYTES).toString('base64')),
  logCase('buffer-base64url', '§2 Buffer: base64url (no padding)', `Buffer.from(${JSON.stringify(BYTES)}).toString('base64url')`, Buffer.from(BYTES).toString('base64url')),
  logCase('buffer-from-base64', '§2 Buffer: from base64', "Buffer.from('aGk/Pw==', 'base64').toString()", Buffer.from('aGk/Pw==', 'base64').toString()),
  logCase('buffer-from-base64url', '§2 Buffer: from base64url', "Buffer.from('aGk_Pw', 'base64url').toString()", Buffer.from('aGk_Pw', 'base64url').toString()),
  logCase('buffer-utf8-invalid', '§2 Buffer: invalid UTF-8 decodes to U+FFFD', "Buffer.from([0x41, 0xff, 0xc3]).toString()", Buffer.from([0x41, 0xff, 0xc3]).toString()),
  logCase('buffer-byte-length', '§2 Buffer: byteLength counts UTF-8 bytes', `Buffer.byteLength(${JSON.stringify(TEXT)})`, String(Buffer.byteLength(TEXT))),
  logCase('buffer-concat-equals', '§2 Buffer: concat, equals, compare', "[Buffer.concat([Buffer.from('a'), Buffer.from('b')]).equals(Buffer.from('ab')), Buffer.compare(Buffer.from('a'), Buffer.from('b'))].join(',')", 'true,-1'),
  logCase('buffer-slice-shares', '§2 Buffer: slice shares memory as Node\'s does', "(function () { var b = Buffer.from('abc'); b.slice(1)[0] = 0x7a; return b.toString(); })()", 'azc'),
  logCase('buffer-json', '§2 Buffer: toJSON', "JSON.stringify(Buffer.from('hi'))", JSON.stringify(Buffer.from('hi'))),
  logCase('buffer-alloc', '§2 Buffer: alloc with a fill', "Buffer.alloc(5, 'ab').toString()", Buffer.alloc(5, 'ab').toString()),
  logCase('buffer-is', '§2 Buffer: isBuffer and isEncoding', "[Buffer.isBuffer(Buffer.from('x')), Buffer.isBuffer('x'), Buffer.isEncoding('base64url'), Buffer.isEncoding('latin1')].join(',')", 'true,false,true,false'),
  logCase('buffer-uint8', '§2 Buffer: a Buffer is a Uint8Array', "Buffer.from('x') instanceof Uint8Array", 'true'),
  throwCase('buffer-latin1', '§2 Buffer: latin1 is not one of the runtime\'s encodings', "Buffer.from('x', 'latin1');", /^TypeError: /),
  throwCase('buffer-ascii', '§2 Buffer: ascii is not one of the runtime\'s encodings', "Buffer.from('x').toString('ascii');", /^TypeError: /),
  logCase('text-encoder', '§2 TextEncoder encodes UTF-8', "Array.prototype.join.call(new TextEncoder().encode('\u20ac'), ',')", Array.from(new TextEncoder().encode('\u20ac')).join(',')),
  logCase('text-decoder', '§2 TextDecoder decodes UTF-8', "new TextDecoder().decode(new Uint8Array([0xe2, 0x82, 0xac, 0xff]))", new TextDecoder().decode(new Uint8Array([0xe2, 0x82, 0xac, 0xff]))),
  throwCase('text-decoder-fatal', '§2 TextDecoder: fatal refuses invalid bytes', "new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array([0xff]));", /^TypeError: /),
  logCase('btoa-atob', '§2 atob and btoa', "btoa('hi?') + ',' + atob('aGk/')", `${btoa('hi?')},${atob('aGk/')}`),
  throwCase('btoa-wide', '§2 btoa refuses characters above U+00FF', "btoa('\u0100');", /./),
  throwCase('atob-invalid', '§2 atob refuses invalid base64', "atob('a$b');", /./),
];
