import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Ajv as AjvClass, ErrorObject, ValidateFunction } from 'ajv';
import { packageFile } from '../package-root.js';
import { pointerSegment, type ConfigIssue } from './errors.js';

/** Where the published schema lives: the repository root, next to `package.json`. */
const SCHEMA_URL = packageFile('cellfront.schema.json');

let compiled: ValidateFunction | undefined;

/** The JSON Schema published as `cellfront.schema.json`. */
export function configSchema(): Record<string, unknown> {
  return JSON.parse(readFileSync(SCHEMA_URL, 'utf8')) as Record<string, unknown>;
}

function validator(): ValidateFunction {
  if (compiled) return compiled;
  // ajv is loaded on first use, so that importing the config module (for its types and
  // errors, or to read an outputs file) costs a command nothing it does not validate.
  const { Ajv } = createRequire(import.meta.url)('ajv') as { Ajv: typeof AjvClass };
  // `verbose` keeps the failing schema on each error, which the messages below
  // use to list accepted properties and to reuse the schema's descriptions.
  compiled = new Ajv({ allErrors: true, verbose: true, strict: true }).compile(configSchema());
  return compiled;
}

/**
 * Checks a parsed config against the schema. Returns the problems, rewritten
 * for humans (accepted names and values spelled out), at most one per pointer
 * and message, in document order.
 */
export function schemaIssues(file: string, document: unknown): ConfigIssue[] {
  const validate = validator();
  if (validate(document)) return [];
  const errors = validate.errors ?? [];
  // A failed `oneOf` reports each branch's failure too; the summary says it better.
  const oneOfPaths = new Set(errors.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath));
  const issues: ConfigIssue[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    if (error.keyword !== 'oneOf' && oneOfPaths.has(error.instancePath)) continue;
    const issue = describe(file, error);
    const id = `${issue.pointer}\n${issue.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    issues.push(issue);
  }
  return issues;
}

function describe(file: string, error: ErrorObject): ConfigIssue {
  const at = error.instancePath;
  const params = error.params as Record<string, unknown>;
  const schema = (error.parentSchema ?? {}) as Record<string, unknown>;
  const shown = JSON.stringify(error.data);
  switch (error.keyword) {
    case 'required':
      return { file, pointer: at, message: `missing required property "${String(params.missingProperty)}"` };
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      const accepted = Object.keys((schema.properties ?? {}) as object).join(', ');
      return { file, pointer: `${at}/${pointerSegment(name)}`, message: `unknown property "${name}"; accepted: ${accepted}` };
    }
    case 'enum':
      return {
        file,
        pointer: at,
        message: `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}, got ${shown}`,
      };
    case 'type':
      return { file, pointer: at, message: `must be ${article(String(params.type))}, got ${typeName(error.data)}` };
    case 'pattern': {
      const rule = typeof schema.description === 'string' ? lowerFirst(schema.description.replace(/\.$/, '')) : `matching ${String(params.pattern)}`;
      return { file, pointer: at, message: `must be ${rule}, got ${shown}` };
    }
    case 'minProperties':
    case 'maxProperties':
      return {
        file,
        pointer: at,
        // Required properties are not among the choices (a value test always has its `name`).
        message: `must have exactly one of ${Object.keys((schema.properties ?? {}) as object)
          .filter((k) => !((schema.required ?? []) as string[]).includes(k))
          .join(', ')}`,
      };
    case 'const':
      return { file, pointer: at, message: `must be ${JSON.stringify(params.allowedValue)}, got ${shown}` };
    case 'oneOf': {
      const branches = (schema.oneOf as Record<string, unknown>[]).map((b) => ('const' in b ? JSON.stringify(b.const) : 'a header name'));
      return { file, pointer: at, message: `must be ${branches.join(' or ')}, got ${shown}` };
    }
    case 'minItems':
      return { file, pointer: at, message: `must have at least ${String(params.limit)} item${params.limit === 1 ? '' : 's'}` };
    case 'maxItems':
      return { file, pointer: at, message: `must have at most ${String(params.limit)} items` };
    case 'minLength':
    case 'maxLength':
      return { file, pointer: at, message: `${error.message ?? 'has a bad length'}, got ${shown}` };
    default:
      return { file, pointer: at, message: error.message ?? 'is not valid' };
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return article(typeof value);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
