/**
 * What a warm njs process must check after each invocation so that the next one
 * starts as if in a fresh VM (`host-module.js`, `serve`). Every invocation runs
 * the function's code in a fresh scope, so its own bindings never carry over; what
 * could carry over is a change to the built-ins and globals the invocations share.
 * After each invocation the process compares them with how they were (values,
 * prototypes, extensibility); new properties are looked for by name, the names the
 * function can write being read off its source here. A function whose writes
 * cannot be named this way (a computed key, `Object.defineProperty`, a prototype
 * reached indirectly, `call`/`apply`) gets the full comparison of every own key.
 * A process that finds a change is retired, so the next invocation gets a new one.
 */
import { parse, type Node } from 'acorn';
import { visit } from './module-text.js';

/** What the njs side checks for new properties. */
export interface IsolationPlan {
  /** Property names the function may add to a shared object. */
  readonly names: readonly string[];
  /** Compare every own key of every shared object: the writes cannot be named. */
  readonly full: boolean;
}

/** Names whose mention means a write may reach a shared object in a way the names do not show. */
const INDIRECT = new Set([
  'prototype',
  'constructor',
  '__proto__',
  'getPrototypeOf',
  'setPrototypeOf',
  'defineProperty',
  'defineProperties',
  'assign',
  'call',
  'apply',
  'bind',
  '__defineGetter__',
  '__defineSetter__',
]);

/**
 * The isolation plan for `code` (a classic script, as the engines run it).
 *
 * @example isolationPlan("function handler(e) { e.request.uri = '/a'; return e.request; }") // { names: ['uri'], full: false }
 */
export function isolationPlan(code: string): IsolationPlan {
  let program: Node;
  try {
    program = parse(code, { ecmaVersion: 'latest', sourceType: 'script', allowReturnOutsideFunction: true });
  } catch {
    return { names: [], full: true };
  }
  const names = new Set<string>();
  let full = false;
  const written = (target: Node): void => {
    if (target.type !== 'MemberExpression') return;
    const member = target as Node & { computed: boolean; property: Node & { name?: string; value?: unknown } };
    if (!member.computed && member.property.type === 'Identifier') names.add(String(member.property.name));
    else if (member.property.type === 'Literal') names.add(String(member.property.value));
    else full = true;
  };
  visit(program, (node) => {
    const any = node as Node & { left?: Node; argument?: Node; operator?: string; name?: string; property?: Node & { name?: string; value?: unknown } };
    if (node.type === 'AssignmentExpression' && any.left) written(any.left);
    else if (node.type === 'UpdateExpression' && any.argument) written(any.argument);
    else if (node.type === 'UnaryExpression' && any.operator === 'delete' && any.argument) written(any.argument);
    else if (node.type === 'Identifier' && INDIRECT.has(String(any.name))) full = true;
    else if (node.type === 'Literal' && INDIRECT.has(String((node as Node & { value?: unknown }).value))) full = true;
  });
  return { names: [...names].sort(), full };
}
