import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, type AnyNode, type ExportNamedDeclaration, type FunctionDeclaration, type Program } from 'acorn';
import { build, type BuildFailure, type Message, type Plugin } from 'esbuild';
import { FUNCTION_CODE_MAX_BYTES } from '../limits.js';
import { decodeTable, fallbackFault, openStored } from '../router/table/decode.js';
import type { PoolHead, RoutingTable } from '../router/table/edge.js';
import { EdgeBuildError } from './build-error.js';
import { embeddedTableDefines } from './embedded-table.js';
import { checkFunction, formatDiagnostics, hasErrors } from '../check/index.js';
import { walk } from '../check/walk.js';
import { RUNTIME_20_SYNTAX } from './syntax.js';

/** The edge function as CloudFront receives it. */
export interface BuiltFunction {
  /** One file: `import … from 'cloudfront'`, minified code, and a top-level `function handler(event)`. */
  readonly code: string;
  /** UTF-8 size of `code`, checked against `FUNCTION_CODE_MAX_BYTES`. */
  readonly bytes: number;
}

export interface EdgeBuildOptions {
  /**
   * The module to bundle; it must export `handler`.
   * @default - cellfront's edge function (`src/function/edge-function.ts`)
   */
  readonly entry?: string;
  /**
   * The last known good routing table (a compiled table), embedded so the
   * function keeps routing when the store's table is missing, unreadable or
   * unusable.
   * @default - none: without a usable table in the store, the function falls back to the seed layout or the default origin
   */
  readonly table?: RoutingTable | PoolHead;
  /**
   * Without a table: serve only tables of this format (1: one value; 2:
   * pooled), and leave out the seed layout. With a table, its format.
   * @default - every format, and the seed layout for a store without a table
   */
  readonly format?: 1 | 2;
  /**
   * With a table: serve tables of both formats all the same, not only the
   * embedded table's, so a table of the other format written later (a config
   * that gains rules or pools, or loses them) is read rather than refused as
   * `bad v`. Costs the other format's code (about 3 KB).
   * @default false
   */
  readonly everyFormat?: boolean;
}

/**
 * cellfront's own budget for the built function with its table embedded: half
 * of CloudFront's 10 KB limit (`FUNCTION_CODE_MAX_BYTES`), so the function
 * stays cheap to load and leaves room to grow. Checked by the tests and the bench.
 */
export const FUNCTION_BUDGET_BYTES = 5_120;

/** Properties only the function's own code reads and writes, so the bundler may rename them. */
const INTERNAL_PROPERTIES = /^(setVisitorCookie|newVisitorId|clientIp|reason|source|cell|rule|pool|key|path|query)$/;

// Compiled, the package bundles its compiled modules; from the sources, the sources.
const DEFAULT_ENTRY = fileURLToPath(new URL(import.meta.url.endsWith('.js') ? './edge-function.js' : './edge-function.ts', import.meta.url));
const SEED_MODULE = /[\\/]function[\\/]seed\.[jt]s$/;

/**
 * Bundles the edge function into one CloudFront Functions file: the
 * `cloudfront` import stays external, syntax runtime 2.0 lacks is lowered or
 * rejected, and everything is minified, identifiers included (CloudFront
 * counts every byte against the size limit). esbuild's `export` line is
 * replaced by a top-level `function handler(event)` calling the renamed entry.
 *
 * @throws EdgeBuildError `UNUSABLE_TABLE`, `UNSUPPORTED_SYNTAX`, `BUNDLE_FAILED`, `BAD_SHAPE`, `FUNCTION_TOO_LARGE`
 * @example const { code, bytes } = await buildEdgeFunction({ table: compileTable(config).table });
 */
export async function buildEdgeFunction(options: EdgeBuildOptions = {}): Promise<BuiltFunction> {
  if (options.table?.v === 2) {
    const opened = openStored(JSON.stringify(options.table));
    const fault = typeof opened === 'string' ? opened : opened.v === 2 && fallbackFault(opened) ? `bad ${fallbackFault(opened)}` : '';
    if (fault) throw new EdgeBuildError('UNUSABLE_TABLE', `the table to embed is unusable: ${fault}`);
  } else if (options.table) {
    const decoded = decodeTable(JSON.stringify(options.table));
    if (!decoded.ok) throw new EdgeBuildError('UNUSABLE_TABLE', `the table to embed is unusable: ${decoded.reason}`);
  }
  const bundled = await bundle(options.entry ?? DEFAULT_ENTRY, options.table, options.format, options.everyFormat === true);
  const program = parseBundle(bundled);
  const exported = exportOfHandler(program);
  const imports: AnyNode[] = program.body.filter((s) => s.type === 'ImportDeclaration');
  const local = exported.specifiers[0]?.local;
  const entryName = local?.type === 'Identifier' ? local.name : 'handler';
  // CloudFront calls the top-level function named `handler`; the minifier renamed it.
  const entry = entryName === 'handler' ? undefined : renamableEntry(program, exported, entryName);
  const code =
    // The import first: CloudFront's documentation has `import cf from 'cloudfront'`
    // open the file (so no banner comment), and esbuild hoists the embedded table above it.
    [...imports, ...program.body.filter((s) => s !== exported && !imports.includes(s))]
      .map((s) => (s === entry ? bundled.slice(s.start, s.id.start) + 'handler' + bundled.slice(s.id.end, s.end) : bundled.slice(s.start, s.end)))
      .join('') +
    (entryName === 'handler' || entry ? '' : `function handler(e){return ${entryName}(e)}`) +
    '\n';
  checkShape(parseBundle(code));

  // The same static check users run (`cellfront check-function`): what esbuild
  // lets through but the runtime lacks (spread arguments, await inside call
  // arguments, injected helpers using unlisted built-ins) fails the build here.
  const diagnostics = checkFunction(code, 'edge-function.js').filter((d) => d.rule !== 'code-too-large');
  if (hasErrors(diagnostics)) {
    throw new EdgeBuildError('UNSUPPORTED_SYNTAX', `runtime 2.0 does not support:\n${formatDiagnostics('edge-function.js', diagnostics)}`);
  }

  const bytes = Buffer.byteLength(code, 'utf8');
  if (bytes > FUNCTION_CODE_MAX_BYTES) {
    throw new EdgeBuildError(
      'FUNCTION_TOO_LARGE',
      `the edge function is ${bytes} bytes, over CloudFront's limit of ${FUNCTION_CODE_MAX_BYTES} bytes`,
    );
  }
  return { code: code, bytes: bytes };
}

/**
 * Builds the edge function and writes it to `outFile` (relative paths resolve
 * against the working directory), creating the folder if needed.
 *
 * @example await writeEdgeFunction() // dist/edge-function.js
 */
export async function writeEdgeFunction(
  outFile = 'dist/edge-function.js',
  options: EdgeBuildOptions = {},
): Promise<BuiltFunction & { readonly file: string }> {
  const built = await buildEdgeFunction(options);
  const file = resolve(outFile);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, built.code, 'utf8');
  return { ...built, file };
}

async function bundle(entry: string, table: RoutingTable | PoolHead | undefined, format: 1 | 2 | undefined, everyFormat: boolean): Promise<string> {
  try {
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'neutral',
      external: ['cloudfront'],
      target: 'es2017',
      // Template literals are runtime 2.0 syntax, but the minifier writes every "\n" as one (a byte
      // shorter), and njs evaluates a template literal about 30 times slower than a string
      // literal (about 1.3 us against 0.04 each, measured): the function keeps plain strings.
      supported: { ...RUNTIME_20_SYNTAX, 'template-literal': false },
      minify: true,
      // Names of the function's own objects (a decision, a partition key, the
      // request facts) are shortened too: CloudFront counts every byte. None
      // of them is a name CloudFront or the store reads.
      mangleProps: INTERNAL_PROPERTIES,
      legalComments: 'none',
      logLevel: 'silent',
      define: {
        ...embeddedTableDefines(table),
        ...(format && !table ? { 'globalThis.CELLFRONT_FORMAT': String(format) } : {}),
        ...(table && everyFormat ? { 'globalThis.CELLFRONT_FORMAT': '0' } : {}),
      },
      plugins: table || format ? [withoutSeedLayout] : [],
    });
    const output = result.outputFiles[0];
    if (!output) throw new EdgeBuildError('BUNDLE_FAILED', `esbuild produced no output for ${entry}`);
    return output.text;
  } catch (error) {
    if (!isBuildFailure(error)) throw error;
    const unsupported = error.errors.some((m) => /not supported yet/.test(m.text));
    const lines = error.errors.map(describeMessage);
    throw new EdgeBuildError(
      unsupported ? 'UNSUPPORTED_SYNTAX' : 'BUNDLE_FAILED',
      `${unsupported ? 'runtime 2.0 does not support' : 'bundling failed'}:\n  ${lines.join('\n  ')}`,
    );
  }
}

/**
 * With a table embedded, the function never falls back to the seed layout, so
 * the build leaves it out (esbuild keeps a module whose only call was removed
 * as dead code, so the module itself is swapped for a stub).
 */
const withoutSeedLayout: Plugin = {
  name: 'cellfront-without-seed-layout',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: SEED_MODULE }, () => ({ contents: 'export function routeBySeedLayout(kvs, request) { return request; }', loader: 'js' }));
  },
};

function parseBundle(code: string): Program {
  try {
    return parse(code, { ecmaVersion: 2022, sourceType: 'module', locations: true });
  } catch (error) {
    throw new EdgeBuildError('BAD_SHAPE', `the bundle does not parse: ${(error as Error).message}`);
  }
}

// esbuild ends an ES module bundle with `export { x as handler };`: CloudFront
// wants a plain top-level function, so that statement is found here and dropped.
function exportOfHandler(program: Program): ExportNamedDeclaration {
  const exports = program.body.filter((s) => s.type === 'ExportNamedDeclaration' || s.type === 'ExportDefaultDeclaration');
  const only = exports[0];
  if (exports.length === 1 && only?.type === 'ExportNamedDeclaration' && only.specifiers.length === 1) {
    const specifier = only.specifiers[0];
    if (specifier?.local.type === 'Identifier' && isName(specifier.exported, 'handler')) return only;
  }
  throw new EdgeBuildError('BAD_SHAPE', 'the entry module must export exactly one thing: `handler`');
}

/**
 * The top-level function declaration named `name`, when it can be renamed
 * `handler` in place (saving a wrapper's bytes): nothing but its declaration
 * names it, and no identifier is called `handler` already.
 */
function renamableEntry(program: Program, exported: ExportNamedDeclaration, name: string): FunctionDeclaration | undefined {
  const declaration = program.body.find((s): s is FunctionDeclaration => s.type === 'FunctionDeclaration' && s.id.name === name);
  let uses = 0;
  let clash = false;
  for (const statement of program.body) {
    if (statement === exported) continue;
    walk(statement, (node) => {
      if (node.type !== 'Identifier') return;
      if (node.name === name) uses++;
      if (node.name === 'handler') clash = true;
    });
  }
  return uses === 1 && !clash ? declaration : undefined;
}

function isName(node: { type: string; name?: unknown } | undefined, name: string): boolean {
  return node?.type === 'Identifier' && node.name === name;
}

function checkShape(program: Program): void {
  const hasHandler = program.body.some((s) => s.type === 'FunctionDeclaration' && s.id?.name === 'handler');
  if (!hasHandler) {
    throw new EdgeBuildError('BAD_SHAPE', 'the bundle has no top-level `function handler(event)`');
  }
  const foreign = program.body.filter(
    (s) => s.type === 'ImportDeclaration' && s.source.value !== 'cloudfront',
  );
  if (foreign.length > 0) {
    throw new EdgeBuildError('BAD_SHAPE', 'the bundle may import only the `cloudfront` module');
  }
}

function describeMessage(message: Message): string {
  const at = message.location
    ? `${message.location.file}:${message.location.line}:${message.location.column + 1}: `
    : '';
  return at + message.text;
}

function isBuildFailure(error: unknown): error is BuildFailure {
  return error instanceof Error && Array.isArray((error as Partial<BuildFailure>).errors);
}
