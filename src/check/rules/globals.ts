import { GLOBAL_HINTS, SUPPORTED_GLOBALS } from '../allowlist.js';
import { isGlobalName, isReference } from '../bindings.js';
import type { CheckContext, NodeRule } from '../context.js';
import { enclosingPlainFunction, propertyName } from '../nodes.js';

/**
 * Globals: a name the file reads must be declared in the file or be one of the
 * runtime's globals. `eval`, `new Function` and `Symbol()` are refused outright.
 */
export const globalRule: NodeRule = (node, ancestors, context) => {
  switch (node.type) {
    case 'Identifier': {
      const parent = ancestors[ancestors.length - 1];
      if (!isReference(node, parent, context.bindings) || context.bindings.declared.has(node.name)) return;
      if (node.name === 'eval') {
        context.report(node, 'no-eval', 'eval is not supported; write the code directly');
      } else if (node.name === 'arguments') {
        if (!enclosingPlainFunction(ancestors)) {
          context.report(node, 'unsupported-global', 'arguments exists only inside a function declared with function; name the parameters');
        }
      } else if (!SUPPORTED_GLOBALS.has(node.name)) {
        reportGlobal(node, node.name, context);
      }
      break;
    }
    case 'MemberExpression': {
      const name = propertyName(node);
      if (isGlobalName(node.object, 'globalThis', context.bindings) && name !== undefined && !SUPPORTED_GLOBALS.has(name)) {
        reportGlobal(node.property, name, context);
      }
      break;
    }
    case 'NewExpression':
    case 'CallExpression':
      if (isGlobalName(node.callee, 'Function', context.bindings)) {
        context.report(node, 'no-new-function', 'new Function() is not supported (it compiles code at run time); write a regular function');
      } else if (node.type === 'CallExpression' && isGlobalName(node.callee, 'Symbol', context.bindings)) {
        context.report(node, 'no-symbol-call', "Symbol() is not supported (only Symbol.for and Symbol.keyFor are); write Symbol.for('name')");
      }
      break;
    default:
      break;
  }
};

function reportGlobal(at: Parameters<CheckContext['report']>[0], name: string, context: CheckContext): void {
  const hint = GLOBAL_HINTS[name] ?? 'declare it in the file, or use one of the globals the runtime lists';
  context.report(at, 'unsupported-global', `${name} is not available in CloudFront Functions; ${hint}`);
}
