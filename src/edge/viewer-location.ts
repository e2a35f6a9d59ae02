/**
 * The viewer's location, as the local edge sets it. On AWS, CloudFront itself
 * adds `CloudFront-Viewer-Country` and `CloudFront-Viewer-Country-Region` from
 * the viewer's IP address (when a cache or origin request policy includes
 * them), and a viewer cannot set them. Locally there is no geolocation, so a
 * developer names the location per request with the dev-only headers below:
 * the local edge turns them into CloudFront's headers and removes them, so the
 * function never sees them, and removes any `CloudFront-Viewer-Country*` the
 * viewer sent itself, as CloudFront would not take those from a viewer either.
 * Nothing in the deployed function reads or writes the dev headers.
 */

/** Dev-only request header: the viewer's country code, e.g. `DE`. */
export const DEV_COUNTRY_HEADER = 'x-cellfront-dev-viewer-country';
/** Dev-only request header: the viewer's region code (ISO 3166-2 subdivision), e.g. `BY`. */
export const DEV_REGION_HEADER = 'x-cellfront-dev-viewer-country-region';

/** CloudFront's own headers, which only the edge sets. */
const VIEWER_COUNTRY = 'cloudfront-viewer-country';
const VIEWER_REGION = 'cloudfront-viewer-country-region';

/**
 * The request's raw headers (`[name, value, name, value, ...]`) with the dev
 * location headers turned into CloudFront's and every viewer-sent
 * `CloudFront-Viewer-Country*` removed. A country must be two letters and a
 * region one to three letters or digits; anything else is dropped.
 *
 * @example viewerLocationHeaders(['X-Cellfront-Dev-Viewer-Country', 'de']) // ['CloudFront-Viewer-Country', 'DE']
 */
export function viewerLocationHeaders(rawHeaders: readonly string[]): string[] {
  const out: string[] = [];
  let country = '';
  let region = '';
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] as string).toLowerCase();
    const value = (rawHeaders[i + 1] as string).trim().toUpperCase();
    if (name === DEV_COUNTRY_HEADER) country = /^[A-Z]{2}$/.test(value) ? value : '';
    else if (name === DEV_REGION_HEADER) region = /^[A-Z0-9]{1,3}$/.test(value) ? value : '';
    else if (name !== VIEWER_COUNTRY && name !== VIEWER_REGION) out.push(rawHeaders[i] as string, rawHeaders[i + 1] as string);
  }
  if (country) out.push('CloudFront-Viewer-Country', country);
  if (country && region) out.push('CloudFront-Viewer-Country-Region', region);
  return out;
}
