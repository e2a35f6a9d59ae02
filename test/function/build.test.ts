import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, type Node } from 'acorn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEdgeFunction, EdgeBuildError, FUNCTION_BUDGET_BYTES, type BuiltFunction } from '../../src/function/index.js';
import { FUNCTION_CODE_MAX_BYTES } from '../../src/limits.js';
import { compileDevConfig } from '../../src/dev/dev-config.js';
import { compileTable, type RoutingTable } from '../../src/router/table/index.js';
import { repoRoot } from '../support/dev-process.js';
import { tableConfig } from './table-cases.js';

/** Every node of a parsed program, depth first. */
function nodes(value: unknown, out: Node[] = []): Node[] {
  if (Array.isArray(value)) value.forEach((v) => nodes(v, out));
  else if (value !== null && typeof value === 'object' && typeof (value as Node).type === 'string') {
    out.push(value as Node);
    Object.values(value).forEach((v) => nodes(v, out));
  }
  return out;
}

/** Syntax runtime 2.0 lacks, as it would appear in a parsed program. */
function unsupportedForms(code: string): string[] {
  return nodes(parse(code, { ecmaVersion: 2022, sourceType: 'module' })).flatMap((n) => {
    const node = n as Node & { operator?: string; shorthand?: boolean; method?: boolean; computed?: boolean };
    if (
      [
        'ChainExpression',
        'ObjectPattern',
        'ArrayPattern',
        'AssignmentPattern',
        'SpreadElement',
        'ForOfStatement',
        'ClassDeclaration',
        'ClassExpression',
        'ImportExpression',
        'MetaProperty',
      ].includes(node.type)
    ) {
      return [node.type];
    }
    if (node.type === 'LogicalExpression' && node.operator === '??') return ['??'];
    if (node.type === 'Property' && (node.shorthand || node.method || node.computed)) return ['object extension'];
    return [];
  });
}

describe('buildEdgeFunction', () => {
  const table = compileTable(tableConfig()).table;
  let built: BuiltFunction;
  let embedded: BuiltFunction;
  let demo: BuiltFunction;
  let demoTable: RoutingTable;
  beforeAll(async () => {
    built = await buildEdgeFunction();
    embedded = await buildEdgeFunction({ table });
    // The repo's demo config, as a deployment resolves it.
    demoTable = (
      await compileDevConfig('cellfront.config.json', repoRoot, 'Demo', {
        APIGATEWAY1URL: 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod/',
        APIGATEWAY2URL: 'https://f6g7h8i9j0.execute-api.eu-west-1.amazonaws.com/prod/',
      })
    ).table as RoutingTable;
    demo = await buildEdgeFunction({ table: demoTable });
  });

  it('emits one file: the cloudfront import first, a top-level handler(event), no export', () => {
    for (const { code } of [built, embedded]) {
      const program = parse(code, { ecmaVersion: 2022, sourceType: 'module' });
      expect(program.body[0]).toMatchObject({ type: 'ImportDeclaration', source: { value: 'cloudfront' }, specifiers: [{ type: 'ImportDefaultSpecifier' }] });
      expect(program.body.filter((s) => s.type === 'ImportDeclaration')).toHaveLength(1);
      const handler = program.body.find((s) => s.type === 'FunctionDeclaration' && s.id?.name === 'handler');
      expect(handler).toMatchObject({ params: [{ type: 'Identifier' }] });
      expect(program.body.filter((s) => s.type.startsWith('Export'))).toEqual([]);
      expect(code).not.toMatch(/\bexport\b/);
    }
  });

  it('stays in the runtime 2.0 subset', () => {
    for (const { code } of [built, embedded]) {
      expect(unsupportedForms(code)).toEqual([]);
      expect(code).not.toMatch(/\b(Map|Set|WeakMap|Proxy|Reflect|Array\.from)\b/);
      // njs rejects `catch {`; the minifier writes it unless told not to.
      expect(code).not.toContain('catch{');
    }
  });

  it('minifies identifiers, whitespace and syntax', () => {
    expect(built.code).not.toContain('function routeBySeedLayout');
    // The minified entry takes the name CloudFront calls back, rather than being wrapped.
    for (const { code } of [built, embedded]) {
      expect(code).toMatch(/async function handler\(\w+\)\{/);
      expect(code).not.toMatch(/function handler\(\w+\)\{return \w+\(\w+\)\}/);
    }
    expect(built.code).not.toMatch(/\n\s/);
    expect(embedded.code.trimEnd().split('\n')).toHaveLength(1);
  });

  it(`embeds the demo table within cellfront's ${FUNCTION_BUDGET_BYTES}-byte budget`, () => {
    expect(demo.bytes).toBe(Buffer.byteLength(demo.code, 'utf8'));
    expect(demo.bytes).toBeLessThanOrEqual(FUNCTION_BUDGET_BYTES);
    // Each byte of table costs a byte of function, less the quotes around keys.
    expect(embedded.bytes - demo.bytes).toBeLessThan(JSON.stringify(table).length - JSON.stringify(demoTable).length);
  });

  it('embeds the table it is given, and leaves the seed layout out', () => {
    expect(embedded.code).toContain('"api2.execute-api.eu-west-1.amazonaws.com"');
    expect(embedded.code).not.toContain('APIGW');
    expect(built.code).toContain('APIGW');
    expect(built.code).not.toContain('execute-api');
  });

  it(`keeps the seed layout under the ${FUNCTION_CODE_MAX_BYTES}-byte limit without a table, and reports its size`, () => {
    expect(built.bytes).toBe(Buffer.byteLength(built.code, 'utf8'));
    expect(built.bytes).toBeLessThan(FUNCTION_CODE_MAX_BYTES);
  });

  it('refuses to embed a table that does not decode', async () => {
    const error = await buildEdgeFunction({ table: { ...table, r: [0, 10] } }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(EdgeBuildError);
    expect(error).toMatchObject({ code: 'UNUSABLE_TABLE', message: 'the table to embed is unusable: bad r' });
  });
});

describe('buildEdgeFunction with other sources', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cellfront-build-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function buildSource(name: string, source: string): Promise<BuiltFunction> {
    const entry = join(dir, `${name}.ts`);
    await writeFile(entry, source, 'utf8');
    return buildEdgeFunction({ entry });
  }

  async function failure(name: string, source: string): Promise<EdgeBuildError> {
    const error = await buildSource(name, source).then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(error instanceof EdgeBuildError)) throw new Error(`expected an EdgeBuildError, got ${String(error)}`);
    return error;
  }

  it.each([
    ['destructuring', 'export function handler(event) { const { request } = event; return request; }', /destructuring/],
    ['for-of', 'export function handler(event) { for (const k of [1]) event.k = k; return event; }', /for-of loops/],
    ['class', 'class A {}\nexport function handler(event) { return new A(); }', /class syntax/],
    ['default-argument', 'export function handler(event = {}) { return event; }', /default arguments/],
    ['array-spread', 'export function handler(event) { return [...event.list]; }', /array spread/],
    ['method', 'export function handler(event) { return { m() { return event; } }; }', /object literal extensions/],
    ['generator', 'function* g() { yield 1; }\nexport function handler(event) { return g(); }', /generator/],
  ])('rejects %s with the file and line', async (name, source, text) => {
    const error = await failure(name, source);
    expect(error.code).toBe('UNSUPPORTED_SYNTAX');
    expect(error.message).toMatch(text);
    expect(error.message).toContain(`${name}.ts:`);
  });

  it.each([
    ['call-spread', 'export function handler(event) { return Math.max(...event.list); }', 'spread in a call is not supported'],
    ['object-spread', 'export function handler(event) { return { ...event }; }', 'Object.getOwnPropertySymbols is not supported'],
    [
      'await-in-arguments',
      'export async function handler(event) { return String(await Promise.resolve(event)); }',
      'await inside call arguments is not supported',
    ],
  ])('rejects %s, which esbuild would let through', async (name, source, text) => {
    const error = await failure(name, source);
    expect(error.code).toBe('UNSUPPORTED_SYNTAX');
    expect(error.message).toContain(text);
  });

  it('lowers what has an ES5 form: ?., ??, shorthand properties, catch without binding', async () => {
    const { code } = await buildSource(
      'lowered',
      [
        'export function handler(event) {',
        '  const request = event?.request ?? null;',
        '  try { JSON.parse("x"); } catch { return { request }; }',
        '  return { request };',
        '}',
      ].join('\n'),
    );
    expect(unsupportedForms(code)).toEqual([]);
  });

  it('refuses a bundle over the size limit, saying by how much', async () => {
    const error = await failure('too-big', `export function handler(event) { return "${'x'.repeat(FUNCTION_CODE_MAX_BYTES)}"; }`);
    expect(error.code).toBe('FUNCTION_TOO_LARGE');
    expect(error.message).toMatch(/^the edge function is \d+ bytes, over CloudFront's limit of 10240 bytes$/);
  });

  it('requires the entry to export handler', async () => {
    const error = await failure('no-handler', 'export function main(event) { return event; }');
    expect(error.code).toBe('BAD_SHAPE');
    expect(error.message).toContain('`handler`');
  });

  it('bundles nothing the runtime cannot load', async () => {
    const error = await failure('node-import', "import { readFileSync } from 'node:fs';\nexport function handler() { return readFileSync; }");
    expect(error.code).toBe('BUNDLE_FAILED');
    expect(error.message).toContain('node:fs');
  });

  it('reports a missing entry file', async () => {
    const error = await buildEdgeFunction({ entry: join(dir, 'absent.ts') }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(EdgeBuildError);
    expect((error as EdgeBuildError).code).toBe('BUNDLE_FAILED');
  });
});
