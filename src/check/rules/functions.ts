import type { AnyNode } from 'acorn';
import type { NodeRule } from '../context.js';
import { isFunctionNode } from '../nodes.js';

/**
 * Function forms: generators, default parameters, and where `async`/`await` may
 * appear. The runtime lists async/await with two limits, "await can be used
 * inside async functions only" and "async arguments and closures are not
 * supported" (a top-level `const f = async () => {}` is a declaration in all but
 * syntax, so it is allowed); NGINX njs, the engine the runtime is derived from, words the first
 * of those as "await in arguments not supported" (`f(await x)`).
 */
export const functionRule: NodeRule = (node, ancestors, context) => {
  const parent = ancestors[ancestors.length - 1];
  if (isFunctionNode(node)) {
    if (node.generator) {
      context.report(node, node.async ? 'no-async-generator' : 'no-generator', node.async
        ? 'async generators are not supported; return a promise of an array instead'
        : 'generators are not supported; build and return an array, or take a callback');
    } else if (node.async && !isTopLevelDeclaration(node, parent) && !isTopLevelBinding(node, ancestors)) {
      context.report(node, 'no-async-closure',
        'async closures are not supported; declare it at the top level (async function name(...) { ... }) and call it');
    }
    for (const param of node.params) {
      if (param.type === 'AssignmentPattern') {
        context.report(param, 'no-default-param',
          'default parameters are not supported; write if (x === undefined) x = value; at the start of the body');
      }
    }
    return;
  }
  if (node.type === 'YieldExpression') {
    context.report(node, 'no-yield', 'yield is not supported (there are no generators); collect the values in an array');
    return;
  }
  if (node.type === 'AwaitExpression') {
    const call = enclosingCallArgument(node, ancestors);
    if (call === 'top-level') {
      context.report(node, 'no-top-level-await', 'await at the top level is not supported; await inside async function handler(event)');
    } else if (call) {
      context.report(node, 'no-await-in-arguments',
        'await inside call arguments is not supported; await into a variable first: const value = await x; f(value)');
    }
  }
};

function isTopLevelDeclaration(node: AnyNode, parent: AnyNode | undefined): boolean {
  if (node.type !== 'FunctionDeclaration') return false;
  return parent?.type === 'Program' || parent?.type === 'ExportNamedDeclaration' || parent?.type === 'ExportDefaultDeclaration';
}

/**
 * `const name = async (...) => { ... }` (or `= async function ...`) at the top
 * level: a named async function in all but syntax, not a closure. AWS's own
 * samples write it, and runtime 2.0 and njs both run it.
 */
function isTopLevelBinding(node: AnyNode, ancestors: readonly AnyNode[]): boolean {
  const [declaration, declarator] = ancestors.slice(-2);
  const holder = ancestors[ancestors.length - 3];
  return (
    declarator?.type === 'VariableDeclarator' &&
    declarator.init === node &&
    declaration?.type === 'VariableDeclaration' &&
    (holder?.type === 'Program' || holder?.type === 'ExportNamedDeclaration')
  );
}

/**
 * The call whose arguments hold `node` (stopping at the enclosing function), or
 * `'top-level'` when no function encloses it at all.
 */
function enclosingCallArgument(node: AnyNode, ancestors: readonly AnyNode[]): AnyNode | 'top-level' | undefined {
  let call: AnyNode | undefined;
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const ancestor = ancestors[i] as AnyNode;
    if (isFunctionNode(ancestor)) return call;
    if (call) continue;
    if (ancestor.type === 'CallExpression' || ancestor.type === 'NewExpression') {
      if (ancestor.arguments.some((arg) => arg.start <= node.start && node.end <= arg.end)) call = ancestor;
    }
  }
  return 'top-level';
}
