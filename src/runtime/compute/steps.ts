/**
 * Steps: the unit of work ComputeUtilization is estimated in. One step is one
 * statement of the function's code executed, or one call of one of its
 * functions. A loop costs a step per iteration for its body (an empty body too),
 * plus the steps of the statements in it; an arrow callback passed to `map` costs
 * a step per element. Built-ins and the runtime's own code cost nothing.
 *
 * The counts come from V8's block coverage (`./coverage.ts`): a statement ran as
 * often as the innermost covered range it starts in.
 */
import { parse, type Node } from 'acorn';
import type { CoverageFunction, CoverageRange } from './coverage.js';

interface Counted {
  /** Statement start offsets in the measured script. */
  readonly statements: readonly number[];
}

/**
 * The statements of `code` (a classic script, as the vm engine compiles it) that
 * start at or after `from`: where the function's own code begins.
 */
export function statementsOf(code: string, from: number): Counted {
  const program = parse(code, { ecmaVersion: 'latest', sourceType: 'script' });
  const statements: number[] = [];
  visit(program, null, (node, parent) => {
    if (node.start < from || !isStep(node, parent)) return;
    statements.push(node.start);
  });
  return { statements };
}

/** Steps of one run: statements executed plus calls of functions that start at or after `from`. */
export function countSteps(counted: Counted, functions: readonly CoverageFunction[], from: number): number {
  const ranges = functions.flatMap((fn) => fn.ranges);
  let steps = 0;
  for (const start of counted.statements) steps += innermostCount(ranges, start);
  for (const fn of functions) {
    const whole = fn.ranges[0];
    if (whole && whole.startOffset >= from) steps += whole.count;
  }
  return steps;
}

function isStep(node: Node, parent: Node | null): boolean {
  if (node.type === 'FunctionDeclaration') return false; // hoisted, not run; its calls are counted
  if (node.type === 'VariableDeclaration') {
    // `for (var i = 0; ...)` and `for (const k in o)`: part of the loop statement.
    return !(parent && /^For(In|Of)?Statement$/.test(parent.type));
  }
  if (node.type === 'BlockStatement') {
    // A function's body is its call, counted apart.
    return !(parent && /Function/.test(parent.type));
  }
  return node.type.endsWith('Statement');
}

function innermostCount(ranges: readonly CoverageRange[], offset: number): number {
  let best: CoverageRange | undefined;
  for (const range of ranges) {
    if (range.startOffset > offset || offset >= range.endOffset) continue;
    if (!best || range.endOffset - range.startOffset < best.endOffset - best.startOffset) best = range;
  }
  return best?.count ?? 0;
}

function visit(node: Node, parent: Node | null, see: (node: Node, parent: Node | null) => void): void {
  see(node, parent);
  for (const value of Object.values(node) as unknown[]) {
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) visit(item, node, see);
    } else if (isNode(value)) {
      visit(value, node, see);
    }
  }
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}
