import type { ResolvedConfig } from '../../src/config/index.js';

/** CloudFront's viewer location headers, as a policy names them. */
export const VIEWER_COUNTRY_HEADER = 'CloudFront-Viewer-Country';
export const VIEWER_COUNTRY_REGION_HEADER = 'CloudFront-Viewer-Country-Region';

/**
 * The CloudFront headers the config's rules read, which the distribution's policy must
 * include for the function to receive them: `CloudFront-Viewer-Country` for country rules,
 * both for country-region rules (the region is read with its country).
 *
 * @example viewerHeadersFor(config) // ['CloudFront-Viewer-Country']
 */
export function viewerHeadersFor(config: ResolvedConfig | undefined): string[] {
  const kinds = new Set((config?.rules ?? []).flatMap((r) => r.conditions.map((c) => c.fact.kind)));
  if (kinds.has('country-region')) return [VIEWER_COUNTRY_HEADER, VIEWER_COUNTRY_REGION_HEADER];
  return kinds.has('country') ? [VIEWER_COUNTRY_HEADER] : [];
}
