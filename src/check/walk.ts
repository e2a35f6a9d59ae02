import type { AnyNode } from 'acorn';

/** Called once per node, before its children; `ancestors` runs from the root to the parent. */
export type Visitor = (node: AnyNode, ancestors: readonly AnyNode[]) => void;

/**
 * Visits every node under `root` in source order. Generic on purpose: it follows
 * any property holding a node or an array of nodes, so node types added to the
 * language later are still walked (and then caught by the rules that know them).
 *
 * @example walk(program, (node) => { if (node.type === 'ClassDeclaration') found = true; });
 */
export function walk(root: AnyNode, visit: Visitor): void {
  const ancestors: AnyNode[] = [];
  const enter = (node: AnyNode): void => {
    visit(node, ancestors);
    ancestors.push(node);
    for (const child of children(node)) enter(child);
    ancestors.pop();
  };
  enter(root);
}

/** The direct child nodes of `node`, in source order. */
export function children(node: AnyNode): AnyNode[] {
  const found: AnyNode[] = [];
  // acorn nodes are plain objects; reading them as a record is how a generic walk sees every field.
  for (const [key, value] of Object.entries(node as unknown as Record<string, unknown>)) {
    if (key === 'loc') continue;
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) found.push(item);
    } else if (isNode(value)) {
      found.push(value);
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

function isNode(value: unknown): value is AnyNode {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { type?: unknown; start?: unknown };
  return typeof candidate.type === 'string' && typeof candidate.start === 'number';
}
