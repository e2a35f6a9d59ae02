import type { AnyNode } from 'acorn';
import { BUFFER_ENCODINGS, DIGEST_ENCODINGS, HASH_ALGORITHMS, NOT_EMULATED_MEMBERS, RUNTIME_MODULES } from '../allowlist.js';
import { isGlobalName, moduleOf } from '../bindings.js';
import type { CheckContext, NodeRule } from '../context.js';
import { propertyName } from '../nodes.js';

const MODULE_NAMES = Object.keys(RUNTIME_MODULES);
const ACCEPTED = MODULE_NAMES.map((m) => `'${m}'`).join(', ');

/**
 * Modules and exports: a function exports nothing, loads only the runtime's own
 * modules, by default import or `require('name')`, and uses only the members,
 * hash algorithms and encodings those modules offer.
 */
export const moduleRule: NodeRule = (node, _ancestors, context) => {
  switch (node.type) {
    case 'ExportNamedDeclaration':
    case 'ExportDefaultDeclaration':
    case 'ExportAllDeclaration':
      context.report(node, 'no-export', 'a function exports nothing; remove export and declare a top-level function handler(event)');
      break;
    case 'ImportDeclaration': {
      const name = node.source.value;
      if (typeof name === 'string' && !(name in RUNTIME_MODULES)) reportModule(node.source, name, context);
      if (node.specifiers.length === 0) {
        context.report(node, 'no-bare-import', `import without a binding is not supported; write import ${suggestedName(name)} from '${String(name)}'`);
      }
      for (const specifier of node.specifiers) {
        if (specifier.type !== 'ImportDefaultSpecifier') {
          context.report(specifier, 'no-named-import',
            `only default imports are supported; write import ${suggestedName(name)} from '${String(name)}' and use ${suggestedName(name)}.member`);
        }
      }
      break;
    }
    case 'CallExpression':
      checkRequire(node, context);
      checkHashAndEncoding(node, context);
      break;
    case 'MemberExpression':
      checkModuleMember(node, context);
      break;
    default:
      break;
  }
};

/** A member a module lacks is an error; one CloudFront has and cellfront does not emulate, a warning. */
function checkModuleMember(node: Extract<AnyNode, { type: 'MemberExpression' }>, context: CheckContext): void {
  const module = moduleOf(node.object, context.bindings);
  const members = module === undefined ? undefined : RUNTIME_MODULES[module];
  const member = propertyName(node);
  if (!members || member === undefined) return;
  if (!members.has(member)) {
    context.report(node.property, 'unsupported-module-member', `the ${module} module has no ${member}; it offers ${[...members].join(', ')}`);
    return;
  }
  const locally = NOT_EMULATED_MEMBERS[module ?? '']?.[member];
  if (locally !== undefined) {
    context.report(node.property, 'not-emulated-module-member', `the ${module} module's ${member} is CloudFront's, not emulated by cellfront: ${locally}`, 'warning');
  }
}

function reportModule(at: AnyNode, name: string, context: CheckContext): void {
  let hint = `the runtime offers ${ACCEPTED}`;
  if (name === 'buffer' || name === 'node:buffer') hint = 'Buffer is a global: use it without loading a module';
  else if (name.startsWith('node:') && name.slice(5) in RUNTIME_MODULES) hint = `write '${name.slice(5)}'`;
  context.report(at, 'unsupported-module', `module '${name}' is not available; ${hint}`);
}

function checkRequire(node: Extract<AnyNode, { type: 'CallExpression' }>, context: CheckContext): void {
  if (!isGlobalName(node.callee, 'require', context.bindings)) return;
  const first = node.arguments[0];
  if (node.arguments.length !== 1 || first?.type !== 'Literal' || typeof first.value !== 'string') {
    context.report(node, 'no-dynamic-require', `require() takes one module name as a string literal, one of ${ACCEPTED}`);
    return;
  }
  if (!(first.value in RUNTIME_MODULES)) reportModule(first, first.value, context);
}

function checkHashAndEncoding(node: Extract<AnyNode, { type: 'CallExpression' }>, context: CheckContext): void {
  const callee = node.callee;
  if (callee.type !== 'MemberExpression') return;
  const method = propertyName(callee);
  const literal = (index: number): { node: AnyNode; value: string } | undefined => {
    const arg = node.arguments[index];
    return arg?.type === 'Literal' && typeof arg.value === 'string' ? { node: arg, value: arg.value } : undefined;
  };
  if ((method === 'createHash' || method === 'createHmac') && moduleOf(callee.object, context.bindings) === 'crypto') {
    const algorithm = literal(0);
    if (algorithm && !HASH_ALGORITHMS.has(algorithm.value)) {
      context.report(algorithm.node, 'unsupported-hash',
        `hash algorithm '${algorithm.value}' is not supported; use ${[...HASH_ALGORITHMS].join(', ')}`);
    }
    return;
  }
  if (method === 'digest' && isHashChain(callee.object, context)) {
    const encoding = literal(0);
    if (encoding && !DIGEST_ENCODINGS.has(encoding.value)) {
      context.report(encoding.node, 'unsupported-encoding',
        `digest encoding '${encoding.value}' is not supported; use ${[...DIGEST_ENCODINGS].join(', ')}, or none for a Buffer`);
    }
    return;
  }
  const bufferArgument = isGlobalName(callee.object, 'Buffer', context.bindings)
    ? { from: 1, byteLength: 1, alloc: 2 }[method ?? '']
    : undefined;
  const encoding = bufferArgument !== undefined ? literal(bufferArgument) : method === 'toString' ? literal(0) : undefined;
  if (encoding && !BUFFER_ENCODINGS.has(encoding.value)) {
    // toString('name') is almost always a Buffer's, but the receiver is not known for sure.
    context.report(encoding.node, 'unsupported-encoding',
      `Buffer encoding '${encoding.value}' is not supported; use utf8, hex, base64 or base64url`,
      bufferArgument !== undefined ? 'error' : 'warning');
  }
}

/** True for `crypto.createHash(...)` or `createHmac(...)`, followed by any number of `.update(...)`. */
function isHashChain(node: AnyNode, context: CheckContext): boolean {
  let current = node;
  while (current.type === 'CallExpression' && current.callee.type === 'MemberExpression') {
    const method = propertyName(current.callee);
    if (method === 'createHash' || method === 'createHmac') return moduleOf(current.callee.object, context.bindings) === 'crypto';
    if (method !== 'update') return false;
    current = current.callee.object;
  }
  return false;
}

function suggestedName(module: unknown): string {
  return module === 'cloudfront' ? 'cf' : typeof module === 'string' && /^[a-z]+$/i.test(module) ? module : 'name';
}
