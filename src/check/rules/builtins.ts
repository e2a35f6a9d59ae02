import type { AnyNode } from 'acorn';
import { BUILTIN_STATICS, STATIC_HINTS, UNSUPPORTED_METHODS } from '../allowlist.js';
import { isGlobalName } from '../bindings.js';
import type { CheckContext, NodeRule } from '../context.js';
import { propertyName } from '../nodes.js';

type Member = Extract<AnyNode, { type: 'MemberExpression' }>;

/**
 * Members of the built-ins: static functions the runtime does not list
 * (`Array.from`), prototype methods newer than it (`flat`, `at`, `matchAll`), and
 * `console`, which has only `log`, and logs only its first argument.
 */
export const builtinRule: NodeRule = (node, ancestors, context) => {
  if (node.type === 'MemberExpression') {
    checkStatic(node, context);
    checkMethod(node, ancestors[ancestors.length - 1], context);
    return;
  }
  if (node.type !== 'CallExpression' || node.callee.type !== 'MemberExpression') return;
  const callee = node.callee;
  const method = propertyName(callee);
  if (isGlobalName(callee.object, 'console', context.bindings) && method === 'log' && node.arguments.length > 1) {
    context.report(node.arguments[1] as AnyNode, 'console-log-args',
      "console.log logs only its first argument; join them: console.log(a + ' ' + b)");
  }
  if (isGlobalName(callee.object, 'Object', context.bindings) && method === 'create' && node.arguments.length > 1) {
    context.report(node.arguments[1] as AnyNode, 'no-object-create-properties',
      'Object.create takes no property map here; create the object, then Object.defineProperties(obj, map)');
  }
};

function checkStatic(node: Member, context: CheckContext): void {
  if (node.object.type !== 'Identifier') return;
  const owner = node.object.name;
  const statics = BUILTIN_STATICS[owner];
  const name = propertyName(node);
  if (!statics || name === undefined || name === 'prototype' || context.bindings.declared.has(owner)) return;
  if (owner === 'console') {
    if (name !== 'log') context.report(node.property, 'unsupported-console', `console.${name} is not supported; only console.log is`);
    return;
  }
  if (statics.has(name)) return;
  const hint = STATIC_HINTS[`${owner}.${name}`];
  const offered = statics.size > 0 ? `${owner} offers ${[...statics].join(', ')}` : `${owner} has no static members`;
  context.report(node.property, 'unsupported-static', `${owner}.${name} is not supported; ${hint ?? offered}`);
}

function checkMethod(node: Member, parent: AnyNode | undefined, context: CheckContext): void {
  const name = propertyName(node);
  const method = name === undefined ? undefined : UNSUPPORTED_METHODS[name];
  if (!method || name === undefined) return;
  const receiver = receiverKind(node.object, context);
  const called = parent?.type === 'CallExpression' && parent.callee === node;
  if (receiver === 'unknown') {
    if (called && method.warnOnUnknown) {
      context.report(node.property, 'unsupported-method',
        `${name}() is not supported on ${method.on === 'array or string' ? 'arrays or strings' : `${method.on}s`}; if this is one, ${method.instead}`,
        'warning');
    }
    return;
  }
  const what = receiver === 'array' ? 'Array.prototype' : 'String.prototype';
  context.report(node.property, 'unsupported-method', `${what}.${name} is not supported; ${method.instead}`);
}

/** What a receiver is known to be: certain only for literals and the built-in prototypes. */
function receiverKind(node: AnyNode, context: CheckContext): 'array' | 'string' | 'unknown' {
  if (node.type === 'ArrayExpression') return 'array';
  if (node.type === 'TemplateLiteral' || (node.type === 'Literal' && typeof node.value === 'string')) return 'string';
  if (node.type === 'MemberExpression' && propertyName(node) === 'prototype') {
    if (isGlobalName(node.object, 'Array', context.bindings)) return 'array';
    if (isGlobalName(node.object, 'String', context.bindings)) return 'string';
  }
  return 'unknown';
}
