// Runs inside each function's vm context, before the function's code: the
// `crypto` module runtime 2.0 offers (createHash and createHmac for md5, sha1 and
// sha256). Hashing is done by the host (node:crypto) through `host.digest`, with
// bytes passed as binary strings.
// eslint-disable-next-line @typescript-eslint/no-unused-expressions -- the script's value is this function; the host calls it
(function installCrypto(host, internal) {
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
});
