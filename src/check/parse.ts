import { parse, type Options, type Program } from 'acorn';
import type { Diagnostic } from './diagnostic.js';

/** The outcome of parsing a function's source. */
export type ParseOutcome =
  | { readonly ok: true; readonly program: Program }
  | {
      readonly ok: false;
      /** The parser's own complaint, at its location. */
      readonly error: Diagnostic;
      /**
       * The same source parsed as sloppy-mode script, when that succeeds. Strict-mode
       * violations (`with`, octal literals, `delete x`, duplicate parameters) only
       * parse this way, and a tree lets the checker name each one with its own rule.
       */
      readonly sloppy?: Program;
    };

// The runtime accepts `import` statements, so the source is a module: strict, and
// with top-level `await` parsed (a rule then rejects it, the runtime does not allow it).
const moduleOptions: Options = { ecmaVersion: 'latest', sourceType: 'module', locations: true };
const sloppyOptions: Options = {
  ecmaVersion: 'latest',
  sourceType: 'script',
  locations: true,
  allowImportExportEverywhere: true,
  allowAwaitOutsideFunction: true,
};

/** Parses `source` as the runtime would see it (an ES module, hence strict mode). */
export function parseFunctionSource(source: string): ParseOutcome {
  try {
    return { ok: true, program: parse(source, moduleOptions) };
  } catch (error) {
    const diagnostic = syntaxDiagnostic(error);
    if (!diagnostic) throw error;
    let sloppy: Program | undefined;
    try {
      sloppy = parse(source, sloppyOptions);
    } catch {
      sloppy = undefined;
    }
    return sloppy ? { ok: false, error: diagnostic, sloppy } : { ok: false, error: diagnostic };
  }
}

function syntaxDiagnostic(error: unknown): Diagnostic | undefined {
  if (!(error instanceof SyntaxError)) return undefined;
  const loc = (error as SyntaxError & { loc?: { line: number; column: number } }).loc;
  if (!loc) return undefined;
  // acorn appends "(line:column)" to its message; the diagnostic carries the position itself.
  const message = error.message.replace(/\s*\(\d+:\d+\)$/, '');
  return { line: loc.line, column: loc.column + 1, rule: 'syntax', message: `syntax error: ${message}`, severity: 'error' };
}
