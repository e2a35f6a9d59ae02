/** §2 The crypto module: createHash and createHmac for md5, sha1 and sha256. Expected values are node:crypto's. */
import { createHash, createHmac } from 'node:crypto';
import { logCase, throwCase, type ConformanceCase } from '../case.js';

const IMPORT = "import crypto from 'crypto';";
const ALGORITHMS = ['md5', 'sha1', 'sha256'] as const;
const ENCODINGS = ['hex', 'base64', 'base64url'] as const;
const DATA = 'cellfront \u20ac';

const hashes = ALGORITHMS.flatMap((algorithm) =>
  ENCODINGS.map((encoding) =>
    logCase(
      `crypto-hash-${algorithm}-${encoding}`,
      `§2 crypto: createHash('${algorithm}') digest('${encoding}')`,
      `crypto.createHash('${algorithm}').update(${JSON.stringify(DATA)}).digest('${encoding}')`,
      createHash(algorithm).update(DATA).digest(encoding),
      { prelude: IMPORT },
    ),
  ),
);

const hmacs = ALGORITHMS.map((algorithm) =>
  logCase(
    `crypto-hmac-${algorithm}`,
    `§2 crypto: createHmac('${algorithm}', key)`,
    `crypto.createHmac('${algorithm}', 'secret').update('message').digest('hex')`,
    createHmac(algorithm, 'secret').update('message').digest('hex'),
    { prelude: IMPORT },
  ),
);

export const cryptoCases: readonly ConformanceCase[] = [
  ...hashes,
  ...hmacs,
  logCase('crypto-require', "§2 modules: require('crypto') works as the import does", "require('crypto').createHash('md5').update('x').digest('hex')", createHash('md5').update('x').digest('hex')),
  logCase(
    'crypto-digest-buffer',
    '§2 crypto: digest() without an encoding returns a Buffer',
    "Buffer.isBuffer(crypto.createHash('sha1').update('x').digest()) + ',' + crypto.createHash('sha1').update('x').digest().length",
    'true,20',
    { prelude: IMPORT },
  ),
  logCase(
    'crypto-update-chunks',
    '§2 crypto: several updates, strings and Buffers, hash as one',
    "crypto.createHash('sha256').update('a').update(Buffer.from([0x62])).update('c').digest('hex')",
    createHash('sha256').update('abc').digest('hex'),
    { prelude: IMPORT },
  ),
  logCase(
    'crypto-hmac-buffer-key',
    '§2 crypto: an HMAC key may be a Buffer',
    "crypto.createHmac('sha256', Buffer.from('6b6579', 'hex')).update('m').digest('base64')",
    createHmac('sha256', Buffer.from('key')).update('m').digest('base64'),
    { prelude: IMPORT },
  ),
  throwCase('crypto-sha512', '§2 crypto: sha512 is not offered', "crypto.createHash('sha512');", /^TypeError: /, { prelude: IMPORT }),
  throwCase('crypto-hmac-sha384', '§2 crypto: createHmac refuses other algorithms', "crypto.createHmac('sha384', 'k');", /^TypeError: /, { prelude: IMPORT }),
  throwCase('crypto-digest-latin1', '§2 crypto: digest encodings are hex, base64, base64url', "crypto.createHash('md5').update('x').digest('latin1');", /^TypeError: /, { prelude: IMPORT }),
  logCase('crypto-members', '§2 crypto: the module offers createHash and createHmac', 'Object.keys(crypto).sort().join(",")', 'createHash,createHmac', { prelude: IMPORT }),
];
