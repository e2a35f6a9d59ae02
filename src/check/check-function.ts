import type { Program } from 'acorn';
import { FUNCTION_CODE_MAX_BYTES } from '../limits.js';
import { collectBindings } from './bindings.js';
import { createContext, type NodeRule } from './context.js';
import { sortDiagnostics, type Diagnostic } from './diagnostic.js';
import { parseFunctionSource } from './parse.js';
import { builtinRule } from './rules/builtins.js';
import { functionRule } from './rules/functions.js';
import { globalRule } from './rules/globals.js';
import { checkHandler } from './rules/handler.js';
import { moduleRule } from './rules/modules.js';
import { strictRule } from './rules/strict.js';
import { syntaxRule } from './rules/syntax.js';
import { walk } from './walk.js';

const nodeRules: readonly NodeRule[] = [syntaxRule, functionRule, strictRule, moduleRule, globalRule, builtinRule];

/**
 * Checks a CloudFront Function's source against the runtime 2.0 allow-list,
 * before any deploy: syntax, globals, built-in members, modules, the `handler`
 * entry point and the code size. Returns the findings sorted by position; an
 * empty array means the runtime should accept the code.
 *
 * `filename` names the source for callers that format the result; the checks
 * themselves depend on the text alone.
 *
 * @example
 * const diagnostics = checkFunction(readFileSync('fn.js', 'utf8'), 'fn.js');
 * process.stdout.write(formatDiagnostics('fn.js', diagnostics));
 */
export function checkFunction(source: string, filename: string): Diagnostic[] {
  void filename;
  const diagnostics: Diagnostic[] = [];
  const bytes = Buffer.byteLength(source, 'utf8');
  if (bytes > FUNCTION_CODE_MAX_BYTES) {
    diagnostics.push({
      line: 1,
      column: 1,
      rule: 'code-too-large',
      message: `function code is ${bytes} bytes (UTF-8); the limit is ${FUNCTION_CODE_MAX_BYTES}: minify it or move data into the KeyValueStore`,
      severity: 'error',
    });
  }
  const parsed = parseFunctionSource(source);
  if (parsed.ok) {
    diagnostics.push(...runRules(source, parsed.program));
  } else {
    // A tree parsed in sloppy mode is only trusted when it explains the failure
    // (a strict-mode rule fired); otherwise the parser's own message is the finding.
    const found = parsed.sloppy ? runRules(source, parsed.sloppy) : [];
    diagnostics.push(...(found.some((d) => STRICT_RULES.has(d.rule)) ? found : [parsed.error]));
  }
  return sortDiagnostics(diagnostics);
}

const STRICT_RULES: ReadonlySet<string> = new Set(['no-with', 'no-octal', 'no-delete-identifier', 'no-duplicate-param']);

function runRules(source: string, program: Program): Diagnostic[] {
  const found: Diagnostic[] = [];
  const context = createContext(source, program, collectBindings(program), found);
  walk(program, (node, ancestors) => {
    for (const rule of nodeRules) rule(node, ancestors, context);
  });
  checkHandler(program, context);
  return found;
}
