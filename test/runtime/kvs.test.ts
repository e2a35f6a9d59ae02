import { describe, expect, it } from 'vitest';
import { expectKind, fixture, memoryKvs, requestEvent, run } from './helpers.js';

const STORE_ID = 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111';
const store = memoryKvs({ greeting: 'h\u00e9llo', config: '{"weight":3,"cells":["a","b"]}', broken: '{not json' });

/** Runs `body` in an async handler with `kvs` bound to the associated store; returns the logs. */
async function kvsLogs(body: string, options = { kvs: store, kvsId: STORE_ID }): Promise<string[]> {
  const source = `import cf from 'cloudfront';
const kvs = cf.kvs();
async function handler(event) {
${body}
  return event.request;
}`;
  return expectKind(await run(source, requestEvent(), options), 'request').logs;
}

describe('cloudfront module: KeyValueStore', () => {
  it('§4 get returns a string by default and with format string', async () => {
    expect(await kvsLogs("console.log(await kvs.get('greeting')); console.log(await kvs.get('greeting', { format: 'string' }));")).toEqual([
      'h\u00e9llo',
      'h\u00e9llo',
    ]);
  });

  it('§4 get with format json parses the value', async () => {
    expect(await kvsLogs("var c = await kvs.get('config', { format: 'json' }); console.log(c.weight + c.cells.join('+'));")).toEqual(['3a+b']);
  });

  it('§4 get with format bytes returns a Buffer of the UTF-8 bytes', async () => {
    expect(await kvsLogs("var b = await kvs.get('greeting', { format: 'bytes' }); console.log(Buffer.isBuffer(b) + ' ' + b.toString('hex'));")).toEqual([
      `true ${Buffer.from('h\u00e9llo').toString('hex')}`,
    ]);
  });

  it('§4 a missing key rejects with "Key not found"', async () => {
    expect(await kvsLogs("try { await kvs.get('nope'); console.log('found'); } catch (e) { console.log(String(e)); }")).toEqual(['Error: Key not found']);
  });

  it('§4 a missing key rejects with an Error of the runtime, its stack without frames, the stack limit untouched', async () => {
    const probe = "try { await kvs.get('nope'); } catch (e) { console.log([e instanceof Error, e.constructor === Error, e.name, e.message, JSON.stringify(e.stack), Error.stackTraceLimit].join('|')); }";
    expect(await kvsLogs(probe)).toEqual(['true|true|Error|Key not found|"Error: Key not found"|10']);
    // A limit the function set is what it finds again after the miss.
    expect(await kvsLogs(`Error.stackTraceLimit = 3; ${probe}`)).toEqual(['true|true|Error|Key not found|"Error: Key not found"|3']);
  });

  it('§4 a missing key rejects with an Error even when the function replaced Error or fixed its stack limit', async () => {
    expect(
      await kvsLogs(
        "var Real = Error; globalThis.Error = function Fake() {}; try { await kvs.get('nope'); } catch (e) { console.log((e instanceof Real) + ' ' + e.message); }",
      ),
    ).toEqual(['true Key not found']);
    expect(
      await kvsLogs(
        "Object.defineProperty(Error, 'stackTraceLimit', { value: 5, writable: false }); try { await kvs.get('nope'); } catch (e) { console.log(e.message + ' ' + Error.stackTraceLimit + ' ' + (e.stack.split('\\n').length > 1)); }",
      ),
    ).toEqual(['Key not found 5 true']);
  });

  it('§4 format json on a value that is not JSON rejects', async () => {
    expect(await kvsLogs("try { await kvs.get('broken', { format: 'json' }); } catch (e) { console.log(e.name + ': ' + e.message); }")).toEqual([
      'SyntaxError: The value of key "broken" is not valid JSON',
    ]);
  });

  it('§4 exists and meta answer from the store', async () => {
    const logs = await kvsLogs("console.log(String(await kvs.exists('config')) + ' ' + (await kvs.exists('nope'))); console.log(await kvs.meta());");
    expect(logs).toEqual([
      'true false',
      JSON.stringify({ creationDateTime: '2024-01-02T03:04:05.000Z', lastUpdatedDateTime: '2024-02-03T04:05:06.000Z', keyCount: 3 }),
    ]);
  });

  it('§4 every helper returns a promise', async () => {
    const logs = await kvsLogs(
      "console.log([kvs.get('config'), kvs.get('nope'), kvs.exists('x'), kvs.meta()].map(function (p) { p.catch(function () {}); return p instanceof Promise; }).join(','));",
    );
    expect(logs).toEqual(['true,true,true,true']);
  });

  it('§4 kvs(id) accepts the associated store id and refuses another one', async () => {
    const source = (id: string) => `import cf from 'cloudfront';
async function handler(event) { console.log(await cf.kvs(${JSON.stringify(id)}).get('greeting')); return event.request; }`;
    expect(expectKind(await run(source(STORE_ID), requestEvent(), { kvs: store, kvsId: STORE_ID }), 'request').logs).toEqual(['h\u00e9llo']);
    const other = expectKind(await run(source('other-id'), requestEvent(), { kvs: store, kvsId: STORE_ID }), 'error');
    expect(other).toMatchObject({ status: 503, code: 'ExecutionError' });
    expect(other.message).toMatch(/^Error: KVSNamespaceNotFound: the key value store "other-id" is not associated with this function/);
    const arn = expectKind(await run(source(`arn:aws:cloudfront::123456789012:key-value-store/${STORE_ID}`), requestEvent(), { kvs: store, kvsId: STORE_ID }), 'error');
    expect(arn.message).toMatch(/pass the store id, not its ARN/);
  });

  it('§4 cf.kvs() without an associated store throws KVSNamespaceNotFound (503)', async () => {
    const outcome = expectKind(await run("import cf from 'cloudfront';\nconst kvs = cf.kvs();\nfunction handler(event) { return event.request; }"), 'error');
    expect(outcome).toMatchObject({ status: 503, code: 'ExecutionError' });
    expect(outcome.message).toBe('Error: KVSNamespaceNotFound: no key value store is associated with this function (function.js:2:16)');
  });
});

describe('the seed pattern\'s function', () => {
  const seed = fixture('seed-function.js');
  const targets = { APIGW1URL: 'https://api1.example.com/prod/', APIGW2URL: 'https://api2.example.com/prod/' };

  it('§4 redirects to one of the two stored targets, both over many runs', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 60; i++) {
      const { response } = expectKind(await run(seed, requestEvent(), { filename: 'seed-function.js', kvs: memoryKvs(targets), kvsId: STORE_ID }), 'response');
      expect(response).toMatchObject({ statusCode: 302, statusDescription: 'Found' });
      expect(response.headers).toHaveLength(1);
      const [name, location] = response.headers[0] ?? [];
      expect(name).toBe('location');
      expect(Object.values(targets)).toContain(location);
      seen.add(location ?? '');
    }
    // Math.random() < 0.5 over 60 runs: missing a side has odds of 2^-59.
    expect(seen.size).toBe(2);
  });

  it('§4 answers 503 when the store lacks its keys, as on CloudFront', async () => {
    const outcome = expectKind(await run(seed, requestEvent(), { filename: 'seed-function.js', kvs: memoryKvs({}), kvsId: STORE_ID }), 'error');
    expect(outcome).toMatchObject({ status: 503, code: 'ExecutionError' });
    expect(outcome.message).toMatch(/^Error: Key not found/);
  });

  it('§4 answers 503 when no store is associated', async () => {
    const outcome = expectKind(await run(seed, requestEvent(), { filename: 'seed-function.js' }), 'error');
    expect(outcome).toMatchObject({ status: 503, code: 'ExecutionError' });
    expect(outcome.message).toMatch(/^Error: KVSNamespaceNotFound/);
  });
});
