import type { AnyNode, Identifier, Pattern, Program } from 'acorn';
import { walk } from './walk.js';

/**
 * The names a file declares. Scoping is deliberately flat: a name declared
 * anywhere counts as declared everywhere, so a global is only reported when the
 * file never defines it at all (no false alarms from hoisting or shadowing).
 */
export interface Bindings {
  readonly declared: ReadonlySet<string>;
  /** Identifier nodes that declare a name, as opposed to reading one. */
  readonly declarations: ReadonlySet<AnyNode>;
  /** Local names bound to a module: `import cf from 'cloudfront'`, `const crypto = require('crypto')`. */
  readonly modules: ReadonlyMap<string, string>;
}

/** Collects every declared name of `program`. */
export function collectBindings(program: Program): Bindings {
  const declared = new Set<string>();
  const declarations = new Set<AnyNode>();
  const modules = new Map<string, string>();
  const declare = (pattern: Pattern | null | undefined): void => {
    for (const id of patternIdentifiers(pattern)) {
      declared.add(id.name);
      declarations.add(id);
    }
  };
  walk(program, (node) => {
    switch (node.type) {
      case 'VariableDeclarator': {
        declare(node.id);
        const module = requiredModule(node.init);
        if (module !== undefined && node.id.type === 'Identifier') modules.set(node.id.name, module);
        break;
      }
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        if (node.type !== 'ArrowFunctionExpression') declare(node.id);
        for (const param of node.params) declare(param);
        break;
      case 'ClassDeclaration':
      case 'ClassExpression':
        declare(node.id);
        break;
      case 'CatchClause':
        declare(node.param);
        break;
      case 'ImportDeclaration':
        for (const specifier of node.specifiers) {
          declare(specifier.local);
          if (specifier.type === 'ImportDefaultSpecifier' && typeof node.source.value === 'string') {
            modules.set(specifier.local.name, node.source.value);
          }
        }
        break;
      default:
        break;
    }
  });
  return { declared, declarations, modules };
}

/** The identifiers a binding pattern declares (defaults and computed keys are not bindings). */
export function patternIdentifiers(pattern: Pattern | null | undefined): Identifier[] {
  if (!pattern) return [];
  switch (pattern.type) {
    case 'Identifier':
      return [pattern];
    case 'ObjectPattern':
      return pattern.properties.flatMap((p) => patternIdentifiers(p.type === 'RestElement' ? p : p.value));
    case 'ArrayPattern':
      return pattern.elements.flatMap((e) => patternIdentifiers(e));
    case 'RestElement':
      return patternIdentifiers(pattern.argument);
    case 'AssignmentPattern':
      return patternIdentifiers(pattern.left);
    default:
      return [];
  }
}

/** The module name of a `require('name')` call, or `undefined` for anything else. */
export function requiredModule(node: AnyNode | null | undefined): string | undefined {
  if (node?.type !== 'CallExpression' || node.callee.type !== 'Identifier' || node.callee.name !== 'require') {
    return undefined;
  }
  const first = node.arguments[0];
  return first?.type === 'Literal' && typeof first.value === 'string' ? first.value : undefined;
}

/** The runtime module an expression stands for: a name bound to it, or a `require()` of it. */
export function moduleOf(node: AnyNode, bindings: Bindings): string | undefined {
  if (node.type === 'Identifier') return bindings.modules.get(node.name);
  return requiredModule(node);
}

/** True when `node` names the built-in global `name` (the file does not declare its own). */
export function isGlobalName(node: AnyNode, name: string, bindings: Bindings): boolean {
  return node.type === 'Identifier' && node.name === name && !bindings.declared.has(name);
}

/**
 * True when an identifier reads or writes a variable, as opposed to naming a
 * property, a label, or declaring a binding.
 */
export function isReference(node: Identifier, parent: AnyNode | undefined, bindings: Bindings): boolean {
  if (bindings.declarations.has(node)) return false;
  if (!parent) return true;
  switch (parent.type) {
    case 'MemberExpression':
      return parent.object === node || parent.computed;
    case 'Property':
      return parent.value === node || parent.computed;
    case 'MethodDefinition':
    case 'PropertyDefinition':
      return parent.value === node || parent.computed;
    case 'LabeledStatement':
    case 'BreakStatement':
    case 'ContinueStatement':
    case 'MetaProperty':
    case 'ImportSpecifier':
    case 'ImportDefaultSpecifier':
    case 'ImportNamespaceSpecifier':
      return false;
    case 'ExportSpecifier':
      return parent.local === node;
    default:
      return true;
  }
}
