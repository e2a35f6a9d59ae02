import { describe, expect, it } from 'vitest';
import { checkFunction, formatDiagnostic, formatDiagnostics, hasErrors } from '../../src/check/index.js';
import { FUNCTION_CODE_MAX_BYTES } from '../../src/limits.js';

const labels = (source: string): string[] =>
  checkFunction(source, 'f.js').map((d) => `${d.rule}@${d.line}:${d.column}`);

describe('checkFunction: the handler entry point', () => {
  it('accepts a top-level function handler, async or not', () => {
    expect(labels('function handler(event) { return event.request; }')).toEqual([]);
    expect(labels('async function handler(event) { return event.request; }')).toEqual([]);
  });

  it('reports a file without a handler at 1:1', () => {
    const diagnostics = checkFunction('function main(event) { return event.request; }', 'f.js');
    expect(diagnostics).toEqual([
      {
        line: 1,
        column: 1,
        rule: 'missing-handler',
        message: 'no top-level function handler(event) found; the runtime calls the function named handler',
        severity: 'error',
      },
    ]);
  });

  it('reports a handler held in a variable where it is declared', () => {
    expect(labels('var a = 1;\nconst handler = (event) => event.request;')).toEqual(['missing-handler@2:7']);
  });

  it('does not find a handler nested in a block', () => {
    expect(labels('{\n  function handler(event) { return event.request; }\n}')).toEqual(['missing-handler@1:1']);
  });

  it('counts an exported handler as the handler and reports only the export', () => {
    expect(labels('export function handler(event) { return event.request; }')).toEqual(['no-export@1:1']);
  });
});

describe('checkFunction: code size', () => {
  const handler = 'function handler(event) { return event.request; }\n';

  it('accepts code of exactly the limit', () => {
    const source = handler + `//${'x'.repeat(FUNCTION_CODE_MAX_BYTES - handler.length - 2)}`;
    expect(Buffer.byteLength(source)).toBe(FUNCTION_CODE_MAX_BYTES);
    expect(labels(source)).toEqual([]);
  });

  it('reports code over the limit at 1:1 with the size and the limit', () => {
    const source = handler + `//${'x'.repeat(FUNCTION_CODE_MAX_BYTES - handler.length - 1)}`;
    expect(checkFunction(source, 'f.js')).toEqual([
      {
        line: 1,
        column: 1,
        rule: 'code-too-large',
        message: `function code is ${FUNCTION_CODE_MAX_BYTES + 1} bytes (UTF-8); the limit is ${FUNCTION_CODE_MAX_BYTES}: minify it or move data into the KeyValueStore`,
        severity: 'error',
      },
    ]);
  });

  it('counts UTF-8 bytes, not characters', () => {
    // 'é' is one character and two bytes: under the limit in characters, over it in bytes
    const source = handler + `//${'é'.repeat(FUNCTION_CODE_MAX_BYTES / 2)}`;
    expect(source.length).toBeLessThan(FUNCTION_CODE_MAX_BYTES);
    expect(labels(source)).toEqual(['code-too-large@1:1']);
  });
});

describe('formatDiagnostic', () => {
  const diagnostic = { line: 3, column: 7, rule: 'no-class', message: 'classes are not supported', severity: 'error' } as const;

  it('writes FILE:LINE:COL, the severity, the message and the rule', () => {
    expect(formatDiagnostic('src/fn.js', diagnostic)).toBe('src/fn.js:3:7 error: classes are not supported [no-class]');
  });

  it('writes one line per diagnostic', () => {
    const warning = { ...diagnostic, line: 4, severity: 'warning' } as const;
    expect(formatDiagnostics('fn.js', [diagnostic, warning])).toBe(
      'fn.js:3:7 error: classes are not supported [no-class]\nfn.js:4:7 warning: classes are not supported [no-class]\n',
    );
  });

  it('fails a check on errors only', () => {
    expect(hasErrors([{ ...diagnostic, severity: 'warning' }])).toBe(false);
    expect(hasErrors([diagnostic])).toBe(true);
  });
});
