/**
 * The conformance suite: every case table in `cases/`, run on one engine. Each
 * engine's runner file calls `runConformance(engine)` (hono's `runTest({ newRouter })`
 * pattern), so the same cases hold every engine to the same spec lines.
 */
import { describe, expect, it } from 'vitest';
import type { ConformanceCase, Expectation } from './case.js';
import { requestEvent } from './case.js';
import { builtinCases } from './cases/builtins.js';
import { bufferCases } from './cases/buffer.js';
import { bufferMethodCases } from './cases/buffer-methods.js';
import { cryptoCases } from './cases/crypto.js';
import { eventCases } from './cases/event.js';
import { kvsCases } from './cases/kvs.js';
import { originCases } from './cases/origin.js';
import { publishedCases } from './cases/published.js';
import { outputCases } from './cases/output.js';
import { querystringCases } from './cases/querystring.js';
import { restrictionCases } from './cases/restrictions.js';
import { statusCases } from './cases/status.js';
import type { ConformanceEngine, ConformanceResult } from './engine.js';

/** Every table, by the part of the spec it covers. */
export const CASE_TABLES: Readonly<Record<string, readonly ConformanceCase[]>> = {
  'event shape (§1)': eventCases,
  'output and merge rules (§1)': outputCases,
  'status rules (§1, §3)': statusCases,
  'built-ins (§2)': builtinCases,
  'restrictions (§2)': restrictionCases,
  'Buffer and text encodings (§2)': bufferCases,
  'Buffer byte methods (§2)': bufferMethodCases,
  'crypto module (§2)': cryptoCases,
  'querystring module (§2)': querystringCases,
  'cloudfront module: kvs (§4)': kvsCases,
  'cloudfront module: origins (§5)': originCases,
  'public evidence (AWS samples, Developer Guide, njs)': publishedCases,
};

/**
 * Registers every case that applies to `engine` as a vitest test. Each case
 * invokes its function twice, on one load: an engine that keeps a function warm
 * between invocations must end the second run the same way.
 */
export function runConformance(engine: ConformanceEngine): void {
  for (const [table, cases] of Object.entries(CASE_TABLES)) {
    describe(`${engine.name}: ${table}`, () => {
      for (const c of cases.filter((one) => !one.engines || one.engines.includes(engine.name))) {
        const divergent = c.byEngine?.[engine.name];
        it(`${c.spec}${divergent ? ' (differs on this engine: docs/divergences.md)' : ''} [${c.id}]`, async () => {
          const fn = engine.load({ source: c.source, kvs: c.kvs, originIds: c.originIds });
          const want = divergent ?? c.expect;
          for (const invocation of ['first', 'second']) {
            const event = c.event ? c.event() : requestEvent();
            expectOutcome(await fn.run(event), want, invocation);
          }
        });
      }
    });
  }
}

function expectOutcome(result: ConformanceResult, want: Expectation, invocation: string): void {
  const context = `${invocation} invocation: ${JSON.stringify(result)}`;
  expect(result.kind, context).toBe(want.kind);
  if (want.status !== undefined) {
    expect(want.kind === 'response' ? (result.value as { statusCode?: number } | undefined)?.statusCode : result.status, context).toBe(want.status);
  }
  if (want.logs !== undefined) expect(result.logs, context).toEqual(want.logs);
  if (want.value !== undefined) expect(result.value, context).toMatchObject(want.value as object);
  if (want.origin !== undefined) expect(result.origin, context).toMatchObject(want.origin as object);
  if (typeof want.message === 'string') expect(result.message, context).toBe(want.message);
  else if (want.message) expect(result.message, context).toMatch(want.message);
}
