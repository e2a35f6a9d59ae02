/**
 * Counters the local edge keeps: responses by status class, and by origin (cell)
 * for requests that reached one. Read by `cellfront dev`'s status endpoint and tests.
 */
export class EdgeStats {
  private readonly byStatus = new Map<number, number>();
  private readonly byOrigin = new Map<string, { requests: number; errors5xx: number }>();

  /** Records one answer; `originId` when an origin produced (or failed) it. */
  count(status: number, originId?: string): void {
    this.byStatus.set(status, (this.byStatus.get(status) ?? 0) + 1);
    if (originId === undefined) return;
    const entry = this.byOrigin.get(originId) ?? { requests: 0, errors5xx: 0 };
    entry.requests++;
    if (status >= 500) entry.errors5xx++;
    this.byOrigin.set(originId, entry);
  }

  snapshot(): { byStatus: Record<string, number>; byOrigin: Record<string, { requests: number; errors5xx: number }> } {
    return {
      byStatus: Object.fromEntries([...this.byStatus].map(([k, v]) => [String(k), v])),
      byOrigin: Object.fromEntries([...this.byOrigin].map(([k, v]) => [k, { ...v }])),
    };
  }
}
