import { getLineInfo, type AnyNode, type Program } from 'acorn';
import type { Bindings } from './bindings.js';
import type { Diagnostic, Severity } from './diagnostic.js';

/** What every rule sees: the source, its tree, the names it declares, and a way to report. */
export interface CheckContext {
  readonly source: string;
  readonly program: Program;
  readonly bindings: Bindings;
  /** Reports at a node's start or at a source offset. */
  report(at: AnyNode | number, rule: string, message: string, severity?: Severity): void;
}

/** A rule looks at one node at a time, with the path from the root to its parent. */
export type NodeRule = (node: AnyNode, ancestors: readonly AnyNode[], context: CheckContext) => void;

/** Builds a context whose reports land in `sink`, with 1-based lines and columns. */
export function createContext(source: string, program: Program, bindings: Bindings, sink: Diagnostic[]): CheckContext {
  return {
    source,
    program,
    bindings,
    report(at, rule, message, severity = 'error') {
      sink.push({ ...position(source, typeof at === 'number' ? at : at.start), rule, message, severity });
    },
  };
}

/** 1-based line and column of a source offset. */
export function position(source: string, offset: number): { line: number; column: number } {
  const { line, column } = getLineInfo(source, offset);
  return { line, column: column + 1 };
}

/**
 * The offset of `token` at or after `from`, for pointing at an operator rather
 * than at the start of the expression around it. Falls back to `from`.
 */
export function tokenOffset(source: string, token: string, from: number): number {
  const at = source.indexOf(token, from);
  return at === -1 ? from : at;
}
