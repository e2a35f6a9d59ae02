/**
 * Turns a function file into a script the sandbox can compile: checks its size,
 * parses it as the runtime does (an ES module, hence strict), turns each
 * `import x from 'mod'` into `const x = require('mod')` in place (line numbers keep),
 * and finds the top-level `handler`.
 */
import { parse, type Program } from 'acorn';
import { walk } from '../check/walk.js';
import { FUNCTION_CODE_MAX_BYTES } from '../limits.js';
import { FunctionLoadError } from './errors.js';
import { STRICT_PREFIX } from './strict-prefix.js';

/** The modules runtime 2.0 lets a function import or require. */
export const RUNTIME_MODULES: readonly string[] = ['cloudfront', 'crypto', 'querystring'];

/** Prepended so the classic script runs in strict mode, as the runtime does. */
export { STRICT_PREFIX };

/** A function's code, ready for `vm.Script`. */
export interface PreparedSource {
  /** Strict-mode script text; compile with `columnOffset: -STRICT_PREFIX.length`. */
  readonly code: string;
  readonly filename: string;
}

interface Position {
  line: number;
  column: number;
}

/**
 * @throws FunctionLoadError `SyntaxError` when the code does not parse, `LoadError`
 * when it is too large or imports something the runtime does not offer,
 * `NoHandler` when there is no top-level `function handler(event)`.
 */
export function prepareSource(source: string, filename: string): PreparedSource {
  const bytes = Buffer.byteLength(source, 'utf8');
  if (bytes > FUNCTION_CODE_MAX_BYTES) {
    throw new FunctionLoadError(
      'LoadError',
      `${filename} is ${bytes} bytes; CloudFront Functions accept at most ${FUNCTION_CODE_MAX_BYTES} bytes of code (FunctionSizeLimitExceeded)`,
    );
  }
  let program: Program;
  try {
    program = parse(source, { ecmaVersion: 'latest', sourceType: 'module', locations: true, allowHashBang: false });
  } catch (error) {
    throw syntaxError(error, filename);
  }

  const replacements: Array<{ start: number; end: number; text: string }> = [];
  let hasHandler = false;
  for (const node of program.body) {
    const at = (node.loc?.start ?? { line: 0, column: 0 }) as Position;
    switch (node.type) {
      case 'ImportDeclaration': {
        const moduleName = String(node.source.value);
        if (!RUNTIME_MODULES.includes(moduleName)) {
          throw new FunctionLoadError(
            'LoadError',
            `Cannot find module "${moduleName}" (${filename}:${at.line}); runtime 2.0 offers ${RUNTIME_MODULES.join(', ')}`,
            at.line,
            at.column + 1,
          );
        }
        const [specifier, ...rest] = node.specifiers;
        if (!specifier || rest.length > 0 || specifier.type !== 'ImportDefaultSpecifier') {
          throw new FunctionLoadError(
            'LoadError',
            `Only a default import is supported (${filename}:${at.line}): write \`import ${moduleName} from '${moduleName}'\``,
            at.line,
            at.column + 1,
          );
        }
        // Keep the line count so later line numbers still match the file.
        const newlines = source.slice(node.start, node.end).split('\n').length - 1;
        const text = `const ${specifier.local.name} = require(${JSON.stringify(moduleName)});${'\n'.repeat(newlines)}`;
        replacements.push({ start: node.start, end: node.end, text });
        break;
      }
      case 'ExportNamedDeclaration':
      case 'ExportDefaultDeclaration':
      case 'ExportAllDeclaration':
        throw new FunctionLoadError(
          'LoadError',
          `export is not supported (${filename}:${at.line}): CloudFront calls the top-level function handler(event)`,
          at.line,
          at.column + 1,
        );
      case 'FunctionDeclaration':
        if (node.id.name === 'handler') hasHandler = true;
        break;
      default:
        break;
    }
  }
  if (!hasHandler) {
    throw new FunctionLoadError('NoHandler', `${filename} has no top-level function handler(event); CloudFront calls it for every event`);
  }
  refuseUnsupportedSyntax(program, filename);

  let code = source;
  for (const { start, end, text } of replacements.reverse()) code = code.slice(0, start) + text + code.slice(end);
  return { code: STRICT_PREFIX + code, filename };
}

/**
 * Syntax V8 compiles and runtime 2.0 does not (njs rejects it as it parses), refused
 * as a syntax error, as CloudFront refuses the function: `import()` (in a vm context
 * it would reject with an error from the host's realm, not the function's) and
 * BigInt literals.
 */
function refuseUnsupportedSyntax(program: Program, filename: string): void {
  walk(program, (node) => {
    const what = node.type === 'ImportExpression' ? 'import() is' : node.type === 'Literal' && node.bigint !== undefined ? 'BigInt literals are' : undefined;
    if (what === undefined) return;
    const at = (node.loc?.start ?? { line: 0, column: 0 }) as Position;
    throw new FunctionLoadError('SyntaxError', `SyntaxError: ${what} not supported in runtime 2.0 (${filename}:${at.line}:${at.column + 1})`, at.line, at.column + 1);
  });
}

function syntaxError(error: unknown, filename: string): FunctionLoadError {
  if (error instanceof SyntaxError) {
    const loc = (error as SyntaxError & { loc?: Position }).loc;
    // acorn appends "(line:column)"; say where in the file instead.
    const message = error.message.replace(/\s*\(\d+:\d+\)$/, '');
    return new FunctionLoadError(
      'SyntaxError',
      loc ? `SyntaxError: ${message} (${filename}:${loc.line}:${loc.column + 1})` : `SyntaxError: ${message}`,
      loc?.line,
      loc ? loc.column + 1 : undefined,
    );
  }
  return new FunctionLoadError('SyntaxError', `SyntaxError: ${String(error)}`);
}
