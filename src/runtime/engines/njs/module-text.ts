/**
 * The two files an njs run needs, as text: the host module (`cellfront-host`),
 * made of `host-module.js` plus the vm engine's own in-context scripts for the
 * `cloudfront` module and the driver (one implementation of the module's
 * behaviour and of how `handler` is called, on both engines), and the function's
 * file, which imports the host first and runs the function's code inside a
 * function so that a throw at its top level is caught and reported like the vm
 * engine reports it. Line numbers in the function's file are the original ones.
 */
import { readFileSync } from 'node:fs';
import { parse, type Node } from 'acorn';
import { BUILTIN_STATICS, SUPPORTED_GLOBALS } from '../../../check/allowlist.js';
import { ARRAY_METHODS, STRING_METHODS } from '../../allowlist.js';
import type { PreparedSource } from '../../source.js';

/** The module name the function's file imports the host by (a file of that name in njs's module path). */
export const HOST_MODULE_NAME = 'cellfront-host';
/** The function file's name in njs's stack traces; replaced by the real name in messages. */
export const MAIN_FILE_NAME = 'cellfront-function.js';

const CATCH_BINDING = '__cellfront_error';

/** What a run passes to the host module: primitives the in-context scripts read, and the bridge's function names. */
export interface HostConstants {
  readonly constants: Readonly<Record<string, unknown>>;
  readonly functions: readonly string[];
}

/**
 * The runtime's allow-list as the host module reads it: njs's own built-ins are not
 * V8's, so what `restrict.js` removes is worked out in njs, from the same lists the
 * vm engine's removals come from (`../../allowlist.ts`).
 */
const ALLOW = {
  // eval stays, listed as present and throwing; the host module makes it throw.
  globals: lookup([...SUPPORTED_GLOBALS, 'eval', '__cellfront__']),
  owners: {
    ...Object.fromEntries(Object.entries(BUILTIN_STATICS).map(([owner, members]) => [owner, lookup(members)])),
    'String.prototype': lookup(STRING_METHODS),
    'Array.prototype': lookup(ARRAY_METHODS),
  },
  // Own properties every function has.
  always: lookup(['length', 'name', 'prototype', 'caller', 'arguments', 'constructor']),
};

/**
 * The host module's installer, and the vm engine's in-context scripts njs runs
 * too (before the host's globals, and after them), rewritten for njs. Worked out
 * on first use: parsing them costs a start of the vm engine over 100 ms for nothing.
 */
let installers: { readonly host: string; readonly before: readonly string[]; readonly after: readonly string[] } | undefined;
function njsInstallers(): NonNullable<typeof installers> {
  installers ??= {
    host: installerExpression(readFileSync(new URL('./host-module.js', import.meta.url), 'utf8'), 'host-module.js'),
    before: ['cloudfront.js', 'driver.js'].map(sandboxInstaller),
    after: ['restrict.js'].map(sandboxInstaller),
  };
  return installers;
}

/** The text of the `cellfront-host` module for one run. */
export function hostModuleText(host: HostConstants): string {
  // undefined constants are dropped by JSON; the in-context scripts read them as undefined anyway.
  const json = JSON.stringify({ ...host, allow: ALLOW }).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  // Each installer is bound to a variable of its own: in njs 0.7.9, running a
  // function expression written inside an array literal corrupts the script's
  // number constants (`typeof 0` becomes "string" everywhere).
  const bind = (texts: readonly string[], prefix: string) => texts.map((text, i) => `var ${prefix}${i} = ${text};`);
  const names = (texts: readonly string[], prefix: string) => texts.map((_, i) => `${prefix}${i}`).join(', ');
  const { host: hostInstaller, before, after } = njsInstallers();
  return [
    "import fs from 'fs';",
    `var installHost = ${hostInstaller};`,
    ...bind(before, 'install'),
    ...bind(after, 'finalize'),
    `export default installHost(${json}, fs, [${names(before, 'install')}], [${names(after, 'finalize')}]);`,
    '',
  ].join('\n');
}

/** The function's file for njs: its code (imports already turned into `require`) wrapped so the host runs it. */
export function mainModuleText(prepared: PreparedSource): string {
  return (
    `import __cellfront_host__ from '${HOST_MODULE_NAME}';__cellfront_host__.start(function () {${prepared.code}\n` +
    ";return typeof handler === 'function' ? handler : undefined;});\n"
  );
}

/**
 * The function's file for a warm process: the host serves one invocation after
 * another, each calling the wrapped code afresh, and compares everything the
 * invocations share after each (`host-module.js`); `plan.always` retires the
 * process after every invocation instead.
 */
export function warmMainModuleText(prepared: PreparedSource, plan: { always: boolean }): string {
  const json = JSON.stringify(plan).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  return (
    `import __cellfront_host__ from '${HOST_MODULE_NAME}';__cellfront_host__.serve(function () {${prepared.code}\n` +
    `;return typeof handler === 'function' ? handler : undefined;}, ${json});\n`
  );
}

function sandboxInstaller(name: string): string {
  return installerExpression(readFileSync(new URL(`../../sandbox/${name}`, import.meta.url), 'utf8'), name);
}

/**
 * The function expression an in-context script consists of (`(function install(host, internal) {...});`),
 * rewritten for njs 0.7: a `catch` without a binding gets one.
 */
function installerExpression(source: string, name: string): string {
  const program = parse(source, { ecmaVersion: 'latest', sourceType: 'script' });
  const [statement, ...rest] = program.body;
  if (!statement || rest.length > 0 || statement.type !== 'ExpressionStatement') {
    throw new Error(`${name} must hold exactly one function expression`);
  }
  const expression = statement.expression;
  const inserts: number[] = [];
  visit(expression, (node) => {
    if (node.type === 'CatchClause' && (node as Node & { param: Node | null }).param === null) inserts.push(node.start + 'catch'.length);
  });
  let text = source.slice(expression.start, expression.end);
  for (const at of inserts.sort((a, b) => b - a)) {
    const offset = at - expression.start;
    text = `${text.slice(0, offset)} (${CATCH_BINDING})${text.slice(offset)}`;
  }
  return text;
}

/** Calls `see` with `node` and every node below it (acorn's tree, walked by its fields). */
export function visit(node: Node, see: (node: Node) => void): void {
  see(node);
  for (const value of Object.values(node) as unknown[]) {
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) visit(item, see);
    } else if (isNode(value)) {
      visit(value, see);
    }
  }
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

function lookup(names: Iterable<string>): Record<string, 1> {
  return Object.fromEntries([...names].map((name) => [name, 1]));
}
