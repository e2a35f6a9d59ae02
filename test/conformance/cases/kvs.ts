/** §4 The KeyValueStore inside a function: cf.kvs(), get in three formats, exists, meta, and the errors. */
import { KVS_ID, type ConformanceCase } from '../case.js';

const STORE = { greeting: 'h\u00e9llo', config: '{"cells":["a","b"],"weight":2}', broken: '{oops' };

/** An async handler (with the store open as `kvs`) that runs `body`. No await inside call arguments: runtime 2.0 refuses it. */
function withStore(body: string, prelude = "import cf from 'cloudfront';\nconst kvs = cf.kvs();"): string {
  return `${prelude}\nasync function handler(event) {\n${body}\nreturn event.request;\n}\n`;
}

function storeCase(id: string, spec: string, body: string, expectation: ConformanceCase['expect'], prelude?: string): ConformanceCase {
  return { id, spec, source: withStore(body, prelude), kvs: STORE, expect: expectation };
}

export const kvsCases: readonly ConformanceCase[] = [
  storeCase('kvs-get-string', '§4 kvs.get returns a string by default', "var v = await kvs.get('greeting');\nconsole.log(v);", { kind: 'request', logs: ['h\u00e9llo'] }),
  storeCase('kvs-get-format-string', "§4 kvs.get with format 'string'", "var v = await kvs.get('greeting', { format: 'string' });\nconsole.log(v);", { kind: 'request', logs: ['h\u00e9llo'] }),
  storeCase('kvs-get-json', "§4 kvs.get with format 'json' parses the value", "var v = await kvs.get('config', { format: 'json' });\nconsole.log(v.cells[1] + v.weight);", { kind: 'request', logs: ['b2'] }),
  storeCase(
    'kvs-get-bytes',
    "§4 kvs.get with format 'bytes' returns a Buffer",
    "var b = await kvs.get('greeting', { format: 'bytes' });\nconsole.log(Buffer.isBuffer(b) + ',' + b.length + ',' + b.toString('hex'));",
    { kind: 'request', logs: [`true,6,${Buffer.from('h\u00e9llo').toString('hex')}`] },
  ),
  storeCase('kvs-get-missing', '§4 kvs.get of a missing key rejects', "await kvs.get('nope');", { kind: 'error', status: 503 }),
  storeCase(
    'kvs-get-missing-caught',
    '§4 a missing key can be caught (the documented pattern)',
    "var v;\ntry { v = await kvs.get('nope'); } catch (e) { v = 'fallback'; }\nconsole.log(v);",
    { kind: 'request', logs: ['fallback'] },
  ),
  storeCase('kvs-get-json-invalid', "§4 format 'json' on a value that is not JSON rejects [inferred]", "await kvs.get('broken', { format: 'json' });", { kind: 'error', status: 503 }),
  storeCase('kvs-exists', '§4 kvs.exists answers true and false', "var yes = await kvs.exists('greeting');\nvar no = await kvs.exists('nope');\nconsole.log(yes + ',' + no);", { kind: 'request', logs: ['true,false'] }),
  storeCase(
    'kvs-meta',
    '§4 kvs.meta returns creationDateTime, lastUpdatedDateTime and keyCount',
    'var m = await kvs.meta();\nconsole.log(JSON.stringify(Object.keys(m).sort()) + m.keyCount);',
    { kind: 'request', logs: ['["creationDateTime","keyCount","lastUpdatedDateTime"]3'] },
  ),
  storeCase('kvs-by-id', '§4 cf.kvs(id) opens the associated store by its id', "var v = await kvs.get('greeting');\nconsole.log(v);", { kind: 'request', logs: ['h\u00e9llo'] }, `import cf from 'cloudfront';\nconst kvs = cf.kvs('${KVS_ID}');`),
  storeCase('kvs-other-id', '§4 cf.kvs(id) of a store not associated throws', '', { kind: 'error', status: 503, message: /KVSNamespaceNotFound/ }, "import cf from 'cloudfront';\nconst kvs = cf.kvs('arn:aws:cloudfront::123456789012:key-value-store/x');"),
  {
    id: 'kvs-none',
    spec: '§4 cf.kvs() without an associated store throws [community-observed: KVSNamespaceNotFound]',
    source: withStore("console.log('unreached');"),
    expect: { kind: 'error', status: 503, message: /KVSNamespaceNotFound/ },
  },
  storeCase(
    'kvs-unawaited-miss',
    '§4 a rejected get the function never awaits does not fail the run',
    "kvs.get('nope');\nconsole.log('done');",
    { kind: 'request', logs: ['done'] },
  ),
];
