import type { AnyNode, Program } from 'acorn';
import type { CheckContext } from '../context.js';

/**
 * The entry point: the runtime calls a top-level function named `handler`
 * (`async` allowed). A `handler` held in a variable or nested in a block is not
 * found by the runtime, so it is reported where it stands.
 */
export function checkHandler(program: Program, context: CheckContext): void {
  for (const statement of program.body) {
    const declaration = exportedOrSelf(statement);
    if (declaration.type === 'FunctionDeclaration' && declaration.id?.name === 'handler') return;
  }
  for (const statement of program.body) {
    const declaration = exportedOrSelf(statement);
    if (declaration.type !== 'VariableDeclaration') continue;
    for (const declarator of declaration.declarations) {
      if (declarator.id.type === 'Identifier' && declarator.id.name === 'handler') {
        context.report(declarator, 'missing-handler',
          'handler must be a function declaration; write function handler(event) { ... } (or async function handler)');
        return;
      }
    }
  }
  context.report(0, 'missing-handler', 'no top-level function handler(event) found; the runtime calls the function named handler');
}

// An exported handler is reported by the export rule already; it is still the handler.
function exportedOrSelf(statement: AnyNode): AnyNode {
  if ((statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration') && statement.declaration) {
    return statement.declaration;
  }
  return statement;
}
