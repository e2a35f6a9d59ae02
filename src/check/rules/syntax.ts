import type { AnyNode } from 'acorn';
import { REGEXP_FLAGS } from '../allowlist.js';
import { isGlobalName } from '../bindings.js';
import { tokenOffset, type CheckContext, type NodeRule } from '../context.js';

/**
 * Language forms newer than ES 5.1 that runtime 2.0 does not list: classes,
 * destructuring, spread, optional chaining, `??`, `for...of`, dynamic import and
 * the rest. Each has its own rule id and says what to write instead.
 */
export const syntaxRule: NodeRule = (node, ancestors, context) => {
  const parent = ancestors[ancestors.length - 1];
  switch (node.type) {
    case 'ClassDeclaration':
    case 'ClassExpression':
      context.report(node, 'no-class', 'classes are not supported; use a constructor function with methods on its prototype, or plain objects');
      break;
    case 'ObjectPattern':
    case 'ArrayPattern':
      reportPattern(node, ancestors, context);
      break;
    case 'SpreadElement':
      reportSpread(node, parent, context);
      break;
    case 'MemberExpression':
    case 'CallExpression':
      if (node.type === 'CallExpression') reportRegExpConstructor(node, context);
      if (node.optional) {
        const from = node.type === 'MemberExpression' ? node.object.end : node.callee.end;
        context.report(tokenOffset(context.source, '?.', from), 'no-optional-chaining',
          'optional chaining (?.) is not supported; test first: (x !== undefined && x !== null ? x.y : undefined)');
      }
      break;
    case 'LogicalExpression':
      if (node.operator === '??') {
        context.report(tokenOffset(context.source, '??', node.left.end), 'no-nullish-coalescing',
          '?? is not supported; write (x !== undefined && x !== null ? x : fallback)');
      }
      break;
    case 'AssignmentExpression':
      if (node.operator === '??=' || node.operator === '||=' || node.operator === '&&=') {
        const instead = node.operator === '??='
          ? 'if (x === undefined || x === null) x = y'
          : `x = x ${node.operator.slice(0, -1)} y`;
        context.report(tokenOffset(context.source, node.operator, node.left.end), 'no-logical-assignment',
          `${node.operator} is not supported; write ${instead}`);
      }
      break;
    case 'ForOfStatement':
      if (node.await) {
        context.report(node, 'no-for-await', 'for await...of is not supported; await each promise in a for loop with an index');
      } else {
        context.report(node, 'no-for-of', 'for...of is not supported; use a for loop with an index, or forEach()');
      }
      break;
    case 'ImportExpression':
      context.report(node, 'no-dynamic-import', "dynamic import() is not supported; import the module at the top: import crypto from 'crypto'");
      break;
    case 'MetaProperty':
      if (node.meta.name === 'import') {
        context.report(node, 'no-import-meta', 'import.meta is not supported; a function has no module URL');
      } else {
        context.report(node, 'no-new-target', 'new.target is not supported; test this instanceof YourConstructor');
      }
      break;
    case 'Super':
      context.report(node, 'no-super', 'super is not supported; call the parent explicitly: Parent.prototype.method.call(this)');
      break;
    case 'Literal':
      if (node.bigint !== undefined) {
        context.report(node, 'no-bigint', 'BigInt literals are not supported; use a Number (safe up to 2^53 - 1)');
      } else if (node.regex) {
        reportRegexFlags(node, node.regex.flags, context);
      }
      break;
    case 'NewExpression':
      reportRegExpConstructor(node, context);
      break;
    case 'Property':
      if (parent?.type === 'ObjectExpression') reportProperty(node, context);
      break;
    case 'CatchClause':
      if (!node.param) {
        context.report(node, 'no-optional-catch-binding', 'catch without a binding is not supported; write catch (e)');
      }
      break;
    case 'TaggedTemplateExpression':
      context.report(node, 'no-tagged-template',
        'tagged templates are not listed as supported (only template literals are); call the function with the values instead');
      break;
    default:
      break;
  }
};

function reportPattern(node: AnyNode, ancestors: readonly AnyNode[], context: CheckContext): void {
  // Only the outermost pattern is reported: one rewrite fixes the nested ones too.
  if (!insidePattern(ancestors)) {
    context.report(node, 'no-destructuring', 'destructuring is not supported; read each value into its own variable: const a = obj.a');
  }
  if (node.type === 'ObjectPattern') {
    for (const property of node.properties) {
      if (property.type === 'RestElement') {
        context.report(property, 'no-object-rest', 'object rest (...rest) is not supported; copy with Object.assign({}, obj) and delete the keys taken');
      }
    }
  }
}

function insidePattern(ancestors: readonly AnyNode[]): boolean {
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const ancestor = ancestors[i] as AnyNode;
    if (ancestor.type === 'ObjectPattern' || ancestor.type === 'ArrayPattern') return true;
    if (ancestor.type !== 'Property' && ancestor.type !== 'RestElement' && ancestor.type !== 'AssignmentPattern') return false;
  }
  return false;
}

function reportRegExpConstructor(
  node: Extract<AnyNode, { type: 'CallExpression' | 'NewExpression' }>,
  context: CheckContext,
): void {
  if (!isGlobalName(node.callee, 'RegExp', context.bindings)) return;
  const flags = node.arguments[1];
  if (flags?.type === 'Literal' && typeof flags.value === 'string') reportRegexFlags(flags, flags.value, context);
}

function reportSpread(node: AnyNode, parent: AnyNode | undefined, context: CheckContext): void {
  if (parent?.type === 'ObjectExpression') {
    context.report(node, 'no-spread', 'object spread is not supported; use Object.assign({}, obj, extra)');
  } else if (parent?.type === 'CallExpression' || parent?.type === 'NewExpression') {
    context.report(node, 'no-spread', 'spread in a call is not supported; use fn.apply(null, args)');
  } else {
    context.report(node, 'no-spread', 'array spread is not supported; use concat(): a.concat(b)');
  }
}

function reportProperty(node: Extract<AnyNode, { type: 'Property' }>, context: CheckContext): void {
  if (node.shorthand) {
    const name = node.key.type === 'Identifier' ? node.key.name : 'name';
    context.report(node, 'no-shorthand-property', `shorthand properties are not supported; write ${name}: ${name}`);
  }
  if (node.method) {
    context.report(node, 'no-method-shorthand', 'method shorthand is not supported; write name: function (...) { ... }');
  }
  if (node.computed) {
    context.report(node, 'no-computed-key', 'computed keys are not supported; create the object, then assign obj[key] = value');
  }
}

const FLAG_HINTS: Readonly<Record<string, string>> = {
  s: 'for s, match any character with [\\s\\S]',
  u: 'for u, write \\uXXXX escapes (surrogate pairs for astral characters)',
  d: 'for d, read match.index',
  v: 'for v, write the character class without set operations',
};

function reportRegexFlags(node: AnyNode, flags: string, context: CheckContext): void {
  const refused = [...flags].filter((flag) => !REGEXP_FLAGS.has(flag));
  if (refused.length === 0) return;
  const hints = refused.map((flag) => FLAG_HINTS[flag]).filter((hint) => hint !== undefined);
  const names = refused.map((flag) => `"${flag}"`).join(', ');
  context.report(node, 'no-regex-flag',
    `the RegExp flag${refused.length > 1 ? 's' : ''} ${names} ${refused.length > 1 ? 'are' : 'is'} not supported (only g, i, m, y are)${hints.length ? `; ${hints.join('; ')}` : ''}`);
}
