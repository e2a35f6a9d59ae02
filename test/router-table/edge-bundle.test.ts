import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse } from 'acorn';
import { build, type BuildOptions } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileTable } from '../../src/router/table/compile.js';
import { decide } from '../../src/router/table/decide.js';
import { decisionFault, openTable } from '../../src/router/table/decode.js';
import { slotOf } from '../../src/router/table/hash.js';
import { proxyOrigin, redirectLocation } from '../../src/router/table/origin.js';
import type { RequestFacts } from '../../src/router/table/types.js';
import { cell, makeConfig } from './support.js';

/*
 * The decode/decide code runs inside the CloudFront Function. Bundled alone
 * with the runtime 2.0 syntax switched off, it must come out small and free of
 * every form the runtime rejects, and it must give the same answers under njs
 * (the engine CloudFront Functions derive from) as under Node.
 */

const ENTRY = fileURLToPath(new URL('../../src/router/table/edge.ts', import.meta.url));
const RUNTIME_20_OFF = {
  destructuring: false,
  'object-extensions': false,
  'object-rest-spread': false,
  'optional-chain': false,
  'nullish-coalescing': false,
  'for-of': false,
  class: false,
  'default-argument': false,
  'array-spread': false,
  // njs rejects `catch {`; esbuild's minifier writes it unless told not to.
  'optional-catch-binding': false,
};

async function bundle(options: BuildOptions): Promise<string> {
  const result = await build({ entryPoints: [ENTRY], bundle: true, write: false, platform: 'neutral', supported: RUNTIME_20_OFF, ...options });
  return result.outputFiles?.[0]?.text ?? '';
}

interface Node {
  type: string;
  [field: string]: unknown;
}

/** Every runtime-2.0-rejected form in a program, as `NodeType` or `Identifier:Name`. */
function forbiddenForms(code: string): string[] {
  const found: string[] = [];
  const banned = new Set([
    'ClassDeclaration',
    'ClassExpression',
    'ObjectPattern',
    'ArrayPattern',
    'SpreadElement',
    'RestElement',
    'ChainExpression',
    'ForOfStatement',
    'AssignmentPattern',
    'MethodDefinition',
    'YieldExpression',
    'ImportExpression',
  ]);
  const bannedNames = new Set(['BigInt', 'Map', 'Set', 'WeakMap', 'Proxy', 'Reflect', 'eval']);
  const visit = (node: Node) => {
    if (banned.has(node.type)) found.push(node.type);
    if (node.type === 'LogicalExpression' && node.operator === '??') found.push('??');
    if (node.type === 'AssignmentExpression' && /^(\?\?|\|\||&&)=$/.test(String(node.operator))) found.push(String(node.operator));
    if (node.type === 'Property' && (node.shorthand || node.method)) found.push('shorthand or method property');
    if (node.type === 'CatchClause' && node.param === null) found.push('catch without binding');
    if ((node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression') && node.generator) found.push('generator');
    if (node.type === 'Identifier' && bannedNames.has(String(node.name))) found.push(`Identifier:${String(node.name)}`);
    if (node.type === 'MemberExpression' && (node.object as Node).type === 'Identifier' && (node.object as Node).name === 'Array' && (node.property as Node).name === 'from') {
      found.push('Array.from');
    }
    for (const value of Object.values(node)) {
      for (const child of Array.isArray(value) ? value : [value]) {
        if (child && typeof child === 'object' && typeof (child as Node).type === 'string') visit(child as Node);
      }
    }
  };
  visit(parse(code, { ecmaVersion: 'latest', sourceType: 'module' }) as unknown as Node);
  return found;
}

describe('the edge bundle of the routing table', () => {
  let plain = '';
  let builderStyle = '';
  let minified = '';

  beforeAll(async () => {
    plain = await bundle({ format: 'esm' });
    builderStyle = await bundle({ format: 'esm', minifyWhitespace: true, minifySyntax: true });
    minified = await bundle({ format: 'esm', minify: true });
    console.log(
      `edge bundle of src/router/table/edge.ts: ${Buffer.byteLength(plain)} bytes plain, ` +
        `${Buffer.byteLength(builderStyle)} with whitespace+syntax minification, ${Buffer.byteLength(minified)} fully minified`,
    );
  });

  it('stays small', () => {
    // The whole function must stay under 5,120 bytes with a table embedded (the
    // function's build tests check it); this part must leave room for the handler.
    // The checks of origins, paths and tokens, as CloudFront would make them, are
    // most of it: no decision they pass can make CloudFront answer 502.
    // Both table formats are in it (one value, pooled); a build for one format
    // keeps only that one's code (the function's build tests check the sizes).
    expect(Buffer.byteLength(builderStyle)).toBeLessThan(6_600);
    expect(Buffer.byteLength(minified)).toBeLessThan(5_650);
  });

  it('contains none of the forms runtime 2.0 rejects', () => {
    expect(forbiddenForms(plain)).toEqual([]);
    expect(forbiddenForms(minified)).toEqual([]);
  });

  it('catches the forms it looks for (the checker itself works)', () => {
    expect(forbiddenForms('const { a } = b; for (const x of y) {} class C {} const o = { a }; f?.(); a ?? b; try {} catch {}; [...z]')).toEqual(
      expect.arrayContaining(['ObjectPattern', 'ForOfStatement', 'ClassDeclaration', 'shorthand or method property', 'ChainExpression', '??', 'catch without binding', 'SpreadElement']),
    );
  });
});

describe('the edge bundle under njs', () => {
  const execFileAsync = promisify(execFile);
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cellfront-njs-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('opens, hashes, decides and checks decisions exactly as Node does', async () => {
    const compiled = compileTable(
      makeConfig({
        cells: [cell('api1', 30), cell('api2', 70), cell('old', 1, true)],
        partition: { from: [{ kind: 'header', name: 'x-tenant-id' }, { kind: 'path', index: 0 }], sticky: { cookie: 'v', maxAgeSeconds: 60 } },
        force: { header: 'x-force', cookie: 'force' },
      }),
    );
    const table = compiled.encoded;
    const keys = ['', 'a', 'tenant-42', 'ünïcödé', '🙂', 'a🙂b', '\ud83d', 'x\udc00y', 'x'.repeat(300), ...Array.from({ length: 50 }, (_, i) => `user-${i}`)];
    const facts: RequestFacts[] = [
      { headers: { 'x-tenant-id': 't-1' }, cookies: {}, query: {}, path: '/', clientIp: '1.2.3.4', newVisitorId: 'n1' },
      { headers: {}, cookies: {}, query: {}, path: '/t-9/orders', clientIp: '1.2.3.4', newVisitorId: 'n2' },
      { headers: {}, cookies: { v: 'returning' }, query: {}, path: '/', clientIp: '1.2.3.4', newVisitorId: 'n3' },
      { headers: {}, cookies: {}, query: {}, path: '/', clientIp: '1.2.3.4', newVisitorId: 'n4' },
      { headers: { 'x-force': 'api1' }, cookies: {}, query: {}, path: '/', clientIp: '', newVisitorId: 'n5' },
      { headers: { 'x-force': { value: 'old' } }, cookies: { force: { value: 'api2' } }, query: {}, path: '/', clientIp: '', newVisitorId: 'n6' },
    ];
    const pins = [undefined, 'api2', 'old'];
    // Damage where the two regular expression engines differ (a final newline, letters
    // njs matches case-insensitively, `__proto__`), in every cell so that any decision meets it.
    const t = compiled.table;
    const everyCell = (change: (c: (typeof t.c)[number]) => object) => JSON.stringify({ ...t, c: t.c.map((c) => ({ ...c, ...change(c) })) });
    const damaged = [
      everyCell((c) => ({ i: `${c.i}\n` })),
      everyCell((c) => ({ d: `${c.d}\n` })),
      everyCell(() => ({ d: 'api.\u212aexample.com' })),
      everyCell(() => ({ d: 'api.example.\u017fe' })),
      everyCell((c) => ({ o: `${c.o}\n` })),
      JSON.stringify({ ...t, h: 'x-cell\n' }),
      JSON.stringify({ ...t, h: '__proto__' }),
      JSON.stringify({ ...t, sc: '__proto__' }),
      JSON.stringify({ ...t, sc: 'v\n' }),
      JSON.stringify({ ...t, k: [...t.k, ''] }),
      JSON.stringify({ ...t, k: ['h:x-tenant-id\n'] }),
      JSON.stringify({ ...t, m: 'r', rs: 307, c: t.c.map((c) => ({ i: c.i, u: `https://${c.d}\n` })) }),
      '{',
      JSON.stringify({ ...t, v: 3 }),
    ];
    const scenario = (
      lib: {
        openTable: typeof openTable;
        decisionFault: typeof decisionFault;
        slotOf: typeof slotOf;
        decide: typeof decide;
        proxyOrigin: typeof proxyOrigin;
        redirectLocation: typeof redirectLocation;
      },
      text: string,
      keyList: string[],
      factList: RequestFacts[],
      pinList: (string | undefined)[],
      damagedList: string[],
    ) => {
      const opened = lib.openTable(text);
      if (typeof opened === 'string') return ['unusable', opened];
      const decisions = [];
      for (let f = 0; f < factList.length; f++) {
        for (let p = 0; p < pinList.length; p++) {
          const d = lib.decide(factList[f] as RequestFacts, opened, pinList[p]);
          decisions.push([d.cell.i, d.reason, d.key, d.source, d.setVisitorCookie ? d.setVisitorCookie.attributes : '', JSON.stringify(lib.proxyOrigin(d.cell)), lib.decisionFault(opened, d)]);
        }
      }
      // For each damaged table: why it does not open, or what each decision's check says.
      const faults = damagedList.map((bad) => {
        const o = lib.openTable(bad);
        if (typeof o === 'string') return o;
        const found = [];
        for (let f = 0; f < factList.length; f++) found.push(lib.decisionFault(o, lib.decide(factList[f] as RequestFacts, o)));
        return found.join(',');
      });
      return [keyList.map(lib.slotOf), decisions, faults, lib.redirectLocation({ i: 'r', u: 'https://r.example' }, '/a', 'b=1')];
    };
    const expected = scenario({ openTable, decisionFault, slotOf, decide, proxyOrigin, redirectLocation }, table, keys, facts, pins, damaged);
    // Refused for every decision; the cookie name only where a new visitor gets the cookie.
    const every = (field: string) => Array(facts.length).fill(field).join(',');
    expect(expected[2]).toEqual([
      ...Array(5).fill(every('c')),
      every('h'),
      every('h'),
      ',,sc,sc,sc,sc',
      ',,sc,sc,sc,sc',
      'bad k',
      'bad k',
      every('c'),
      'bad JSON',
      'bad v',
    ]);

    const library = await bundle({ format: 'iife', globalName: 'lib' });
    const args = [JSON.stringify(table), JSON.stringify(keys), JSON.stringify(facts), JSON.stringify(pins).replace(/null/g, 'undefined'), JSON.stringify(damaged)];
    // njs cuts a console.log line at 2,048 characters: print the answer in pieces.
    const script =
      `${library}\nvar scenario = ${scenario.toString()};\n` +
      `var text = JSON.stringify(scenario(lib, ${args.join(', ')}));\n` +
      'for (var i = 0; i < text.length; i += 1000) console.log(text.slice(i, i + 1000));\n';
    const file = join(dir, 'edge-check.js');
    await writeFile(file, script, 'utf8');
    const { stdout } = await execFileAsync('njs', [file]);
    expect(JSON.parse(stdout.split('\n').join(''))).toEqual(JSON.parse(JSON.stringify(expected)));
  });
});
