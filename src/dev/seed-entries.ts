/**
 * The seed pattern's data layout: `APIGW1URL`, `APIGW2URL`, … each holding one
 * target URL. `cellfront dev` writes these so the edge routes at once.
 */
export function seedLayoutEntries(targetUrls: readonly string[]): Array<{ key: string; value: string }> {
  return targetUrls.map((url, i) => ({ key: `APIGW${i + 1}URL`, value: url }));
}
