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
  /** Statement start offsets in the measured script (loop bodies apart). */
  readonly statements: readonly number[];
  /** Start offsets of loop bodies: each run of one is an iteration. */
  readonly iterations: readonly number[];
  /** Start offsets of call and `new` expressions: each run of one is a call made. */
  readonly callSites: readonly number[];
}

/** What one run did, by kind of work. */
export interface WorkCounts {
  /** Statements executed, loop bodies apart. */
  readonly statements: number;
  /** Loop iterations: entries into a loop's body. */
  readonly iterations: number;
  /** Calls into the function's own functions (handler included, callbacks too). */
  readonly functionCalls: number;
  /** Call and `new` expressions evaluated: calls of built-ins and of its own functions alike. */
  readonly callSites: number;
}

/**
 * The statements of `code` (a classic script, as the vm engine compiles it) that
 * start at or after `from`: where the function's own code begins.
 */
export function statementsOf(code: string, from: number): Counted {
  const program = parse(code, { ecmaVersion: 'latest', sourceType: 'script' });
  const statements: number[] = [];
  const iterations: number[] = [];
  const callSites: number[] = [];
  visit(program, null, (node, parent) => {
    if (node.start < from) return;
    if (node.type === 'CallExpression' || node.type === 'NewExpression' || node.type === 'TaggedTemplateExpression') callSites.push(node.start);
    if (!isStep(node, parent)) return;
    if (parent && isLoop(parent) && (parent as Node & { body?: Node }).body === node) iterations.push(node.start);
    else statements.push(node.start);
  });
  return { statements, iterations, callSites };
}

/** The work of one run, counted from coverage of the functions that start at or after `from`. */
export function countWork(counted: Counted, functions: readonly CoverageFunction[], from: number): WorkCounts {
  const ranges = functions.flatMap((fn) => fn.ranges);
  const total = (offsets: readonly number[]) => offsets.reduce((sum, start) => sum + innermostCount(ranges, start), 0);
  let functionCalls = 0;
  for (const fn of functions) {
    const whole = fn.ranges[0];
    if (whole && whole.startOffset >= from) functionCalls += whole.count;
  }
  return { statements: total(counted.statements), iterations: total(counted.iterations), functionCalls, callSites: total(counted.callSites) };
}

function isLoop(node: Node): boolean {
  return /^(For|ForIn|ForOf|While|DoWhile)Statement$/.test(node.type);
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
