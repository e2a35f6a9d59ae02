import { checkFunction, type Diagnostic } from '../../src/check/index.js';

/**
 * Names the snippets may read without declaring them. They are declared after
 * the snippet, so the snippet keeps its line and column numbers, and the
 * checker's flat scoping counts them as declared.
 */
const PRELUDE_NAMES = 'obj = {}, arr = [], str = "", fn = function () {}, value = 1, key = "k"';

/** The source checked for a snippet: the snippet, shared declarations, and a handler. */
export function withHandler(snippet: string): string {
  return `${snippet}\nvar ${PRELUDE_NAMES};\nfunction handler(event) { return event.request; }\n`;
}

/** `rule@line:column` for every finding on a snippet (with the handler appended). */
export function findings(snippet: string): string[] {
  return checkFunction(withHandler(snippet), 'snippet.js').map(label);
}

/** Like `findings`, with the severity: `rule@line:column:warning`. */
export function findingsWithSeverity(snippet: string): string[] {
  return checkFunction(withHandler(snippet), 'snippet.js').map((d) => `${label(d)}:${d.severity}`);
}

function label(d: Diagnostic): string {
  return `${d.rule}@${d.line}:${d.column}`;
}
