// The installed package validates configs with ajv's standalone code, written
// by `npm run build`; the sources compile the schema. Both must report the same.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import { afterAll, describe, expect, it } from 'vitest';
import { AJV_OPTIONS, configSchema, standaloneValidatorSource } from '../../src/config/schema.js';
import { ISSUE_CONFIG } from './support.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const DOCUMENTS: Record<string, unknown> = {
  'the issue config': ISSUE_CONFIG,
  'an unknown top-level property': { ...ISSUE_CONFIG, colour: 'blue' },
  'a cell origin of the wrong type': { ...ISSUE_CONFIG, cells: { api1: { origin: 5 } } },
  'no cells': { mode: 'proxy' },
  'a bad mode': { ...ISSUE_CONFIG, mode: 'teleport' },
  'not an object': [1, 2, 3],
};

describe('the standalone config validator', () => {
  let folder = '';
  afterAll(async () => {
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('reports exactly what the compiled schema reports, errors and all', async () => {
    // Written inside the project, so its require() of ajv's runtime helpers resolves.
    await mkdir(join(ROOT, 'test-output'), { recursive: true });
    folder = await mkdtemp(join(ROOT, 'test-output', 'standalone-'));
    const file = join(folder, 'schema-validator.cjs');
    await writeFile(file, standaloneValidatorSource());
    const standalone = createRequire(import.meta.url)(file) as ValidateFunction;
    const compiled = new Ajv(AJV_OPTIONS).compile(configSchema());
    let failures = 0;
    for (const [name, document] of Object.entries(DOCUMENTS)) {
      const ok = compiled(document);
      if (!ok) failures++;
      expect(standalone(document), name).toBe(ok);
      expect(standalone.errors ?? null, name).toEqual(compiled.errors ?? null);
    }
    // The cases above must exercise the error path, or the comparison proves little.
    expect(failures).toBe(Object.keys(DOCUMENTS).length - 1);
  });
});
