import { describe, expect, it } from 'vitest';
import { liveStateFrom } from '../../src/control/live-state.js';
import { parsePlanFile, planFileText } from '../../src/control/plan-file.js';
import { planFromConfig } from '../../src/control/plan.js';
import { TABLE_KEY } from '../../src/router/table/index.js';
import { cellsWithWeights, makeConfig } from '../router-table/support.js';

const ARN = 'arn:aws:cloudfront::000000000000:key-value-store/9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f';
const plan = planFromConfig(
  liveStateFrom({ arn: ARN, etag: 'KVAAAAAAAAAAAAA', totalBytes: 0 }, []),
  makeConfig({ cells: cellsWithWeights([50, 50]), fallback: 'c0', overrides: [{ key: 't', cell: 'c1' }] }),
);

/** The plan file with one field replaced at `path`. */
function edited(path: readonly (string | number)[], value: unknown): string {
  const file = JSON.parse(planFileText(plan)) as Record<string, unknown>;
  let at: Record<string | number, unknown> = file;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  at[path[path.length - 1]!] = value;
  return JSON.stringify(file);
}

describe('plan files', () => {
  it('round-trips a plan with the ETag it was computed against', () => {
    const text = planFileText(plan, new Date(Date.UTC(2025, 0, 2)));
    expect(JSON.parse(text)).toMatchObject({ format: 'cellfront-plan', version: 1, createdAt: '2025-01-02T00:00:00.000Z' });
    expect(parsePlanFile(text, 'plan.json')).toEqual(plan);
  });

  it('refuses what is not a plan, or a plan edited into something unsafe, naming the pointer', () => {
    const errors = [
      parseError('nope', 'plan.json'),
      parseError('{"format": "other"}', 'plan.json'),
      parseError(edited(['version'], 2), 'plan.json'),
      parseError(edited(['plan', 'etag'], ''), 'plan.json'),
      parseError(edited(['plan', 'writes', 'puts', 1, 'key'], 'APIGW1URL'), 'plan.json'),
      parseError(edited(['plan', 'writes', 'puts', 0], { key: TABLE_KEY, value: '{"v":1}' }), 'plan.json'),
      parseError(edited(['plan', 'writes', 'deletes'], [42]), 'plan.json'),
    ];
    expect(errors).toMatchInlineSnapshot(`
      [
        "plan.json: not valid JSON (Unexpected token 'o', "nope" is not valid JSON); expected a file written by \`cellfront plan --out\`",
        "plan.json#/format: not a cellfront plan; expected "format": "cellfront-plan", as \`cellfront plan --out\` writes",
        "plan.json#/version: version 2 is not supported; expected 1",
        "plan.json#/plan/etag: must be a non-empty string",
        "plan.json#/plan/writes/puts/1/key: "APIGW1URL" is not a cellfront key; a plan writes only cellfront:table, cellfront:table:previous and cellfront:pin:<key>",
        "plan.json#/plan/writes/puts/0/value: the routing table is not usable at the edge (bad m)",
        "plan.json#/plan/writes/deletes/0: must be a cellfront key",
      ]
    `);
  });
});

function parseError(text: string, file: string): string {
  try {
    parsePlanFile(text, file);
  } catch (error) {
    return (error as Error).message;
  }
  return 'no error';
}
