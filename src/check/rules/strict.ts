import type { Pattern } from 'acorn';
import { patternIdentifiers } from '../bindings.js';
import type { CheckContext, NodeRule } from '../context.js';
import { isFunctionNode } from '../nodes.js';

/**
 * ES 5.1 strict mode, which the runtime enforces. These forms never parse as a
 * module, so the rule runs on the sloppy-mode tree the parser falls back to, and
 * gives each violation its own id instead of a bare syntax error.
 */
export const strictRule: NodeRule = (node, _ancestors, context) => {
  if (isFunctionNode(node)) {
    reportDuplicateParams(node.params, context);
    return;
  }
  switch (node.type) {
    case 'WithStatement':
      context.report(node, 'no-with', 'with is not allowed in strict mode; name the object: obj.x instead of x');
      break;
    case 'UnaryExpression':
      if (node.operator === 'delete' && node.argument.type === 'Identifier') {
        context.report(node, 'no-delete-identifier',
          'delete of a variable is not allowed in strict mode; delete properties only (delete obj.key), or set the variable to undefined');
      }
      break;
    case 'Literal':
      if (typeof node.value === 'number' && node.raw !== undefined && /^0\d/.test(node.raw)) {
        context.report(node, 'no-octal', `legacy octal literal ${node.raw} is not allowed in strict mode; write it in decimal or hex (0x...)`);
      } else if (typeof node.value === 'string' && node.raw !== undefined && hasOctalEscape(node.raw)) {
        context.report(node, 'no-octal', 'octal escapes are not allowed in strict mode; write \\xHH or \\uHHHH');
      }
      break;
    default:
      break;
  }
};

function reportDuplicateParams(params: readonly Pattern[], context: CheckContext): void {
  const seen = new Set<string>();
  for (const param of params) {
    for (const id of patternIdentifiers(param)) {
      if (seen.has(id.name)) {
        context.report(id, 'no-duplicate-param', `duplicate parameter "${id.name}" is not allowed in strict mode; rename one`);
      }
      seen.add(id.name);
    }
  }
}

/** True for `\1`..`\7`, `\0` followed by a digit, `\8` and `\9` (all refused in strict mode). */
function hasOctalEscape(raw: string): boolean {
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] !== '\\') continue;
    const next = raw[i + 1] ?? '';
    if (/[1-9]/.test(next) || (next === '0' && /\d/.test(raw[i + 2] ?? ''))) return true;
    i++; // skip the escaped character, so `\\1` is a backslash and a 1
  }
  return false;
}
