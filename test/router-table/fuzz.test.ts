import { describe, expect, it } from 'vitest';
import { compileTable } from '../../src/router/table/compile.js';
import { headerNameProblem, isValidHeaderValue } from '../../src/runtime/headers.js';
import { validateOriginChange } from '../../src/runtime/origin.js';
import { decide } from '../../src/router/table/decide.js';
import { decisionFault, decodeTable, openTable } from '../../src/router/table/decode.js';
import { proxyOrigin, redirectLocation } from '../../src/router/table/origin.js';
import type { Decision, RequestFacts, RoutingTable } from '../../src/router/table/types.js';
import { corruptTables, isSoundTable } from './corrupt.js';
import { cell, makeConfig } from './support.js';

// One table exercising every part the decision reads: a disabled cell, two key
// sources, the sticky cookie, both force sources, an override and a fallback.
const table = compileTable(
  makeConfig({
    cells: [cell('a', 3), cell('b', 2), cell('c', 0, true)],
    partition: { from: [{ kind: 'header', name: 'x-t' }, { kind: 'path', index: 0 }], sticky: { cookie: 'v', maxAgeSeconds: 60 } },
    force: { header: 'x-force', cookie: 'force' },
    overrides: [{ key: 'k', cell: 'b' }],
    fallback: 'a',
  }),
).table;

describe('decodeTable on corrupt input', () => {

  it('never throws on 1,000 corrupt tables, and whatever it accepts routes safely', () => {
    const inputs = corruptTables(table, 1000, 2024);
    let unusable = 0;
    for (const input of inputs) {
      const decoded = decodeTable(input);
      if (!decoded.ok) {
        expect(decoded.code).toBe('unusable-table');
        expect(decoded.reason).not.toBe('');
        unusable++;
        continue;
      }
      expect(isSoundTable(decoded.table)).toBe(true);
      const d = decide(
        { headers: { 'x-t': 'key', 'x-force': 'b' }, cookies: {}, query: {}, path: '/p/q', clientIp: '1.2.3.4', newVisitorId: 'n' },
        decoded.table,
        'a',
      );
      expect(decoded.table.c).toContain(d.cell);
      expect(d.cell.x).toBeUndefined();
    }
    // Most damage must be caught; a few mutations land on valid values.
    expect(unusable).toBeGreaterThan(800);
  });
});

describe('openTable and decisionFault on corrupt input (the edge function checks)', () => {
  const base: RequestFacts = { headers: {}, cookies: {}, query: {}, path: '/', clientIp: '1.2.3.4', newVisitorId: 'n' };
  // Forced, pinned, hashed by header or by path, a returning and a new visitor: every path through decide.
  const requests: Array<[RequestFacts, string | undefined]> = [
    [{ ...base, headers: { 'x-force': 'b' } }, undefined],
    [{ ...base, headers: { 'x-t': { value: 'key' } } }, 'a'],
    [{ ...base, headers: { 'x-t': 'other' } }, undefined],
    [{ ...base, path: '/p/q' }, undefined],
    [{ ...base, cookies: { v: 'returning' } }, 'b'],
    [base, undefined],
  ];

  /** What CloudFront would refuse (a 502) in what the decision hands it, by the local runtime's own checks. */
  function refusedByCloudFront(t: RoutingTable, d: Decision): string | undefined {
    try {
      if (t.m === 'p') validateOriginChange(proxyOrigin(d.cell));
      else if (!/^https?:\/\/\S+$/.test(redirectLocation(d.cell, '/p', 'q=1')) || !isValidHeaderValue(redirectLocation(d.cell, '/p', 'q=1'))) return 'location';
    } catch (error) {
      return (error as Error).message;
    }
    if (t.h !== undefined && (t.h === '__proto__' || headerNameProblem(t.h) || !isValidHeaderValue(d.cell.i))) return `header ${t.h}`;
    const cookie = d.setVisitorCookie;
    if (cookie && (!/^[\w!#$%&'*+.^`|~-]+$/.test(cookie.name) || cookie.name === '__proto__' || !/Max-Age=\d+;/.test(cookie.attributes))) return `cookie ${cookie.name}`;
    return undefined;
  }

  it('never throws on 1,000 corrupt tables, and every decision it lets through is one CloudFront accepts', () => {
    const inputs = corruptTables(table, 1000, 2024).map((v) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? '')));
    let refusedAtOpen = 0;
    let served = 0;
    let servedDespiteDamage = 0;
    for (const text of inputs) {
      const opened = openTable(text);
      if (typeof opened === 'string') {
        expect(opened).toMatch(/^bad /);
        refusedAtOpen++;
        continue;
      }
      const whole = decodeTable(text).ok;
      for (const [facts, pin] of requests) {
        const d = decide(facts, opened, pin);
        expect(opened.c).toContain(d.cell);
        expect(d.cell.x).toBeUndefined();
        const fault = decisionFault(opened, d);
        // A table that decodes whole serves every request.
        if (whole) expect(fault).toBe('');
        if (fault) continue;
        expect(refusedByCloudFront(opened, d)).toBeUndefined();
        served++;
        if (!whole) servedDespiteDamage++;
      }
    }
    expect(refusedAtOpen).toBeGreaterThan(600);
    // Laziness is visible: damage in parts a request does not use leaves that request served.
    expect(servedDespiteDamage).toBeGreaterThan(300);
    expect(served).toBeGreaterThan(servedDespiteDamage);
  });
});
