import { PIN_KEY_PREFIX, type KvsEntry } from '../router/table/index.js';
import type { PlanChange } from './plan.js';

/**
 * The writes and plan changes that turn the live pins into `wanted` (partition
 * key to cell), appended to `puts`, `deletes` and `changes`: a put for each pin
 * added or changed, a delete for each pin the config no longer has.
 */
export function pinWrites(live: ReadonlyMap<string, string>, wanted: ReadonlyMap<string, string>, puts: KvsEntry[], deletes: string[], changes: PlanChange[]): void {
  for (const [key, cell] of wanted) {
    const had = live.get(key);
    if (had === cell) continue;
    puts.push({ key: PIN_KEY_PREFIX + key, value: cell });
    changes.push(had === undefined ? { kind: 'pin-added', key, cell } : { kind: 'pin-changed', key, from: had, to: cell });
  }
  for (const [key, cell] of live) {
    if (wanted.has(key)) continue;
    deletes.push(PIN_KEY_PREFIX + key);
    changes.push({ kind: 'pin-removed', key, cell });
  }
}
