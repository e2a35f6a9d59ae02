import { describe, expect, it } from 'vitest';
import { checkFunction, formatDiagnostics } from '../../src/check/index.js';
import { buildEdgeFunction } from '../../src/function/build.js';

describe("the project's own edge function", () => {
  it('passes the runtime 2.0 checker once built', async () => {
    // GIVEN the bundle `cellfront build` ships to CloudFront
    const { code } = await buildEdgeFunction();
    // WHEN it is checked, THEN nothing is reported (compared as text, so a failure names the spot)
    expect(formatDiagnostics('edge-function.js', checkFunction(code, 'edge-function.js'))).toBe('');
  });
});
