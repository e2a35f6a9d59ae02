import type { ResolvedCell, ResolvedConfig } from '../../src/config/index.js';
import { seededRandom } from '../../src/router/table/prng.js';

/** A resolved config with the defaults `loadConfig` applies, for tests that start past validation. */
export function makeConfig(overrides: Partial<ResolvedConfig> = {}): ResolvedConfig {
  return {
    file: 'cellfront.config.json',
    mode: 'proxy',
    redirectStatus: 307,
    cells: [cell('api1', 50), cell('api2', 50)],
    partition: { from: [{ kind: 'header', name: 'x-tenant-id' }], sticky: { cookie: 'cellfront-visitor', maxAgeSeconds: 86_400 } },
    overrides: [],
    force: { header: 'x-cellfront-cell' },
    fallback: 'api1',
    cellHeader: 'x-cellfront-cell',
    ...overrides,
  };
}

/** A cell with an API Gateway-like origin. */
export function cell(id: string, weight: number, disabled = false): ResolvedCell {
  return { id, origin: `https://${id}.execute-api.eu-west-1.amazonaws.com/prod`, weight, disabled };
}

/** Cells `c0..c<n-1>` with the given weights. */
export function cellsWithWeights(weights: readonly number[]): ResolvedCell[] {
  return weights.map((w, i) => cell(`c${i}`, w));
}

/** A small deterministic PRNG (mulberry32) for property tests. */
export const prng = seededRandom;

/** Request facts with nothing in them but a fresh visitor id. */
export function emptyFacts(newVisitorId = 'visitor-new') {
  return { headers: {}, cookies: {}, query: {}, path: '/', clientIp: '', newVisitorId };
}
