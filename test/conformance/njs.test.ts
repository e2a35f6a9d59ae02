/**
 * The conformance suite on the njs engine (NGINX njs 0.7.9, the engine CloudFront's
 * runtime appears to derive from). njs must be installed: without it every case
 * fails with "njs is not installed: apt-get install njs"; nothing is skipped.
 *
 * Where njs and the vm engine end a case differently for a reason the divergence
 * list documents (docs/divergences.md, "Engines"), the case holds njs to njs's
 * own, pinned outcome instead: if njs ever ends it like the vm engine, the case
 * fails here and the entry (and the list) must go.
 */
import { describe, expect, it } from 'vitest';
import { loadFunction } from '../../src/runtime/index.js';
import type { ConformanceCase, Expectation } from './case.js';
import { loaderEngine } from './loader-engine.js';
import { CASE_TABLES, runConformance } from './suite.js';

/** Case id → how njs ends it (each one is in docs/divergences.md, "Engines"). */
export const NJS_OUTCOMES: Readonly<Record<string, Expectation>> = {
  // njs's querystring: unescape turns "+" into a space; parse hands a custom decoder the raw text.
  'qs-unescape': { kind: 'request', logs: ['A b c'] },
  'qs-custom-decode': { kind: 'request', logs: ['{"<a>":"<x+y%21>"}'] },
};

// This file's own copy of the suite's tables (vitest isolates test files), with njs's outcomes.
const tables = CASE_TABLES as Record<string, readonly ConformanceCase[]>;
const caseIds = new Set(Object.values(tables).flatMap((cases) => cases.map((c) => c.id)));
for (const [table, cases] of Object.entries(tables)) {
  tables[table] = cases.map((c) => {
    const outcome = NJS_OUTCOMES[c.id];
    return outcome ? { ...c, spec: `${c.spec} (njs differs: docs/divergences.md)`, expect: outcome } : c;
  });
}

runConformance(loaderEngine('njs', (source, options) => loadFunction(source, { ...options, engine: 'njs' })));

describe('njs: the divergence list', () => {
  it('names only cases the suite has', () => {
    expect(Object.keys(NJS_OUTCOMES).filter((id) => !caseIds.has(id))).toEqual([]);
  });
});
