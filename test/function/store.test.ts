import { describe, expect, it } from 'vitest';
import { readSeedTargets, type KvsReader } from '../../src/function/index.js';

/** An in-memory store that records every call, like cf.kvs() at the edge. */
function memoryStore(data: Record<string, string>, failing: string[] = []) {
  const calls: string[] = [];
  const reader: KvsReader = {
    get: async (key) => {
      calls.push(`get ${key}`);
      if (failing.includes(key)) throw new Error(`store timeout on ${key}`);
      const value = data[key];
      if (value === undefined) throw new Error(`KeyNotFound: ${key}`);
      return value;
    },
    exists: async (key) => {
      calls.push(`exists ${key}`);
      if (failing.includes(key)) throw new Error(`store timeout on ${key}`);
      return key in data;
    },
  };
  return { reader, calls };
}

describe('readSeedTargets', () => {
  it('reads APIGW1URL, APIGW2URL, ... and stops at the first missing key', async () => {
    const { reader, calls } = memoryStore({ APIGW1URL: 'a', APIGW2URL: 'b', APIGW4URL: 'd' });
    expect(await readSeedTargets(() => reader)).toEqual({
      associated: true,
      entries: [
        { key: 'APIGW1URL', value: 'a' },
        { key: 'APIGW2URL', value: 'b' },
      ],
      failure: undefined,
    });
    expect(calls).toEqual(['get APIGW1URL', 'get APIGW2URL', 'get APIGW3URL', 'exists APIGW3URL']);
  });

  it('reads no further than APIGW10URL', async () => {
    const data: Record<string, string> = {};
    for (let n = 1; n <= 11; n++) data[`APIGW${n}URL`] = `v${n}`;
    const { reader, calls } = memoryStore(data);
    const read = await readSeedTargets(() => reader);
    expect(read.associated && read.entries.length).toBe(10);
    expect(calls).not.toContain('get APIGW11URL');
  });

  it('reports no store when opening it throws', async () => {
    const read = await readSeedTargets(() => {
      throw new Error('KVSNamespaceNotFound');
    });
    expect(read).toEqual({ associated: false, message: 'KVSNamespaceNotFound' });
  });

  it('stops at a key whose read fails and names it, keeping what was read', async () => {
    const { reader } = memoryStore({ APIGW1URL: 'a', APIGW2URL: 'b' }, ['APIGW2URL']);
    expect(await readSeedTargets(() => reader)).toEqual({
      associated: true,
      entries: [{ key: 'APIGW1URL', value: 'a' }],
      failure: { key: 'APIGW2URL', message: 'store timeout on APIGW2URL' },
    });
  });

  it('treats a get that fails for a key that exists as a failed read', async () => {
    const { reader } = memoryStore({ APIGW1URL: 'a' });
    const flaky: KvsReader = { get: async () => Promise.reject(new Error('throttled')), exists: reader.exists };
    expect(await readSeedTargets(() => flaky)).toMatchObject({ failure: { key: 'APIGW1URL', message: 'throttled' } });
  });
});
