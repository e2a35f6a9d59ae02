/** How serious a finding is: an `error` means the runtime would refuse or break on it. */
export type Severity = 'error' | 'warning';

/**
 * One finding of the checker. `line` and `column` are 1-based, as editors expect.
 *
 * @example { line: 3, column: 1, rule: 'no-class', message: 'classes are not supported; ...', severity: 'error' }
 */
export interface Diagnostic {
  readonly line: number;
  readonly column: number;
  /** Stable id of the rule that fired, e.g. `no-class`. */
  readonly rule: string;
  readonly message: string;
  readonly severity: Severity;
}

/**
 * Formats one diagnostic as `FILE:LINE:COL severity: message [rule]`, the shape
 * editors and terminals turn into a link to the spot.
 *
 * @example formatDiagnostic('fn.js', d) // 'fn.js:3:1 error: classes are not supported; ... [no-class]'
 */
export function formatDiagnostic(file: string, diagnostic: Diagnostic): string {
  const { line, column, severity, message, rule } = diagnostic;
  return `${file}:${line}:${column} ${severity}: ${message} [${rule}]`;
}

/** Formats every diagnostic, one per line, each line ending in a newline. */
export function formatDiagnostics(file: string, diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map((d) => `${formatDiagnostic(file, d)}\n`).join('');
}

/** True when any diagnostic is an error (a warning alone does not fail a check). */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Orders by position, then rule, and drops exact repeats (same rule at the same spot). */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return [...diagnostics]
    .sort((a, b) => a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule))
    .filter((d) => {
      const key = `${d.line}:${d.column}:${d.rule}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}
