import type { AnyNode } from 'acorn';

/** Small questions about acorn nodes that several rules ask. */

/** True for every kind of function node (declaration, expression, arrow). */
export function isFunctionNode(
  node: AnyNode,
): node is Extract<AnyNode, { type: 'FunctionDeclaration' | 'FunctionExpression' | 'ArrowFunctionExpression' }> {
  return node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression';
}

/**
 * The nearest enclosing function declared with `function` (arrows are looked
 * through: they share `this` and `arguments` with it), or `undefined`.
 */
export function enclosingPlainFunction(ancestors: readonly AnyNode[]): AnyNode | undefined {
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const node = ancestors[i] as AnyNode;
    if (isFunctionNode(node) && node.type !== 'ArrowFunctionExpression') return node;
  }
  return undefined;
}

/** The property name of `a.b` or `a['b']`, or `undefined` when it is computed at run time. */
export function propertyName(node: Extract<AnyNode, { type: 'MemberExpression' }>): string | undefined {
  if (!node.computed && node.property.type === 'Identifier') return node.property.name;
  if (node.property.type === 'Literal' && typeof node.property.value === 'string') return node.property.value;
  return undefined;
}
