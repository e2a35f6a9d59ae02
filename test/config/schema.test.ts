import { readFile } from 'node:fs/promises';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { configSchema, schemaIssues } from '../../src/config/index.js';
import { REDIRECT_STATUSES } from '../../src/router/table/constants.js';
import { ISSUE_CONFIG } from './support.js';

describe('cellfront.schema.json', () => {
  it('is a valid draft-07 schema that ajv compiles in strict mode', async () => {
    const text = await readFile(new URL('../../cellfront.schema.json', import.meta.url), 'utf8');
    const schema = JSON.parse(text) as Record<string, unknown>;
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(new Ajv({ strict: true }).validateSchema(schema)).toBe(true);
    expect(() => new Ajv({ strict: true }).compile(schema)).not.toThrow();
  });

  it('accepts the config from the issue', () => {
    expect(schemaIssues('cellfront.config.json', ISSUE_CONFIG)).toEqual([]);
  });

  it('offers the same redirect statuses the table accepts', () => {
    const properties = configSchema().properties as Record<string, { enum?: unknown[] }>;
    expect(properties.redirectStatus?.enum).toEqual([...REDIRECT_STATUSES]);
  });

  it('describes every property, for editor completion', () => {
    const undescribed: string[] = [];
    const walk = (node: unknown, path: string) => {
      if (!node || typeof node !== 'object') return;
      const record = node as Record<string, unknown>;
      const properties = record.properties as Record<string, Record<string, unknown>> | undefined;
      for (const [name, child] of Object.entries(properties ?? {})) {
        if (typeof child.description !== 'string' && typeof child.$ref !== 'string' && name !== '$schema') undescribed.push(`${path}/${name}`);
        walk(child, `${path}/${name}`);
      }
      walk(record.items, `${path}[]`);
      for (const [name, definition] of Object.entries((record.definitions ?? {}) as Record<string, unknown>)) walk(definition, `#/definitions/${name}`);
    };
    walk(configSchema(), '');
    expect(undescribed).toEqual([]);
  });
});
