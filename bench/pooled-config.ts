/**
 * A config at the scale cell-based architectures run: 100 cells with API
 * Gateway-length origins (`<10 chars>.execute-api.<region>.amazonaws.com/<stage>`),
 * five pools and 20 rules testing geography, headers, cookies, queries, the
 * path and the method. Shared by the bench and the tests; deterministic.
 */
import type { RawConfig, RawRule } from '../src/config/index.js';

/** Countries of the European Union, for the EU rule. */
export const EU_COUNTRIES = ['AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE'];

const REGIONS = ['eu-west-1', 'eu-central-1', 'us-east-1', 'us-west-2', 'ap-northeast-1'];

/** The id of cell `n`: `c000` ... `c099`. */
export function cellId(n: number): string {
  return `c${String(n).padStart(3, '0')}`;
}

/** A 10-character API id, as API Gateway makes them (lower-case letters and digits). */
function apiId(n: number): string {
  let x = (n + 1) * 2654435761;
  let id = '';
  for (let i = 0; i < 10; i++) {
    id += 'abcdefghijklmnopqrstuvwxyz0123456789'.charAt(x % 36);
    x = Math.floor(x / 36) + (i + 7) * 7919;
  }
  return id;
}

/** The cells of each pool, by index range. */
export const POOL_RANGES = {
  eu: [0, 20],
  premium: [20, 30],
  v2: [30, 40],
  'us-west': [40, 50],
  apac: [50, 60],
} as const;

function range([from, to]: readonly [number, number]): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

/**
 * The config: cells `c000`-`c099`; the default split over `c060`-`c099`;
 * pools `eu`, `premium`, `v2`, `us-west`, `apac` of ten or twenty cells with
 * uneven weights; rules in this order: `x-plan: premium` -> premium, `/v2/`
 * -> v2, an EU country -> eu, then 17 more.
 *
 * @example pooledConfig(100).cells.length // 100
 */
export function pooledConfig(cellCount = 100): RawConfig {
  const cells = Array.from({ length: cellCount }, (_, n) => ({
    id: cellId(n),
    origin: `https://${apiId(n)}.execute-api.${REGIONS[n % REGIONS.length]}.amazonaws.com/prod`,
    weight: n >= 60 ? 10 + (n % 7) : 0,
  }));
  const pools = Object.fromEntries(
    Object.entries(POOL_RANGES).map(([id, r]) => [id, Object.fromEntries(range(r).map((n) => [cellId(n), 5 + (n % 4) * 5]))]),
  );
  const rules: RawRule[] = [
    { name: 'premium', match: { header: { name: 'x-plan', equals: 'premium' } }, pool: 'premium' },
    { name: 'v2', match: { pathPrefix: '/v2/' }, pool: 'v2' },
    { name: 'eu', match: { country: EU_COUNTRIES }, pool: 'eu' },
    { name: 'us-west', match: { countryRegion: ['US-CA', 'US-OR', 'US-WA'] }, pool: 'us-west' },
    { name: 'apac', match: { country: ['JP', 'KR', 'SG', 'AU', 'NZ'] }, pool: 'apac' },
    { name: 'enterprise', match: { cookie: { name: 'plan', oneOf: ['enterprise', 'gold'] } }, pool: 'premium' },
    { name: 'beta', match: { header: { name: 'x-beta', oneOf: ['1', 'true'] } }, pool: 'v2' },
    { name: 'canary', match: { query: { name: 'canary', equals: '1' } }, cell: cellId(99) },
    { name: 'admin-writes', match: { allOf: [{ pathPrefix: '/admin/' }, { method: ['POST', 'PUT', 'DELETE'] }] }, cell: cellId(98) },
    { name: 'graphql', match: { pathPrefix: '/graphql' }, pool: 'v2' },
    { name: 'partner', match: { header: { name: 'x-partner', prefix: 'acme-' } }, pool: 'premium' },
    { name: 'uk', match: { country: ['GB'] }, pool: 'eu' },
    { name: 'ch-no', match: { country: ['CH', 'NO', 'IS'] }, pool: 'eu' },
    { name: 'canada', match: { countryRegion: ['CA-BC'] }, pool: 'us-west' },
    { name: 'mobile', match: { allOf: [{ header: { name: 'x-client', equals: 'ios' } }, { country: ['US'] }] }, pool: 'us-west' },
    { name: 'india', match: { country: ['IN'] }, pool: 'apac' },
    { name: 'debug', match: { cookie: { name: 'debug', equals: 'on' } }, cell: cellId(97) },
    { name: 'reports', match: { pathPrefix: '/reports/' }, pool: 'premium' },
    { name: 'preview', match: { query: { name: 'preview', oneOf: ['v2', 'next'] } }, pool: 'v2' },
    { name: 'latam', match: { country: ['BR', 'AR', 'MX', 'CL'] }, pool: 'us-west' },
  ];
  return {
    mode: 'proxy',
    cells,
    pools,
    rules,
    partition: { from: [{ header: 'x-tenant-id' }, { cookie: 'session' }] },
    overrides: { 'tenant-42': cellId(61) },
    force: { header: 'x-cellfront-cell' },
    fallback: cellId(60),
  };
}
