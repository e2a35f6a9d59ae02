import { cellKey, decisionFault, forcedId, isOff, overrideKeyOf, partitionKeyOf, poolDecision, poolOf, ruleOf, shardCell, shardKey, slotOf } from '../router/table/edge.js';
import type { Decision, PoolHead, RequestFacts } from '../router/table/edge.js';
import { log } from './log.js';
import type { Store } from './store.js';

/**
 * The decision for a pooled table (version 2), read from the store: a force
 * header or a pin names a cell (read `cellfront:c:<g>:<id>`), else the first
 * matching rule picks a pool and the key's slot one shard of it (read
 * `cellfront:s:<g>:<pool>:<shard>`). One read after the head without pins,
 * two with. Anything missing, broken, switched off or unfit for CloudFront
 * sends the request to the head's fallback cell, and the log says why; a
 * fallback cell CloudFront would refuse returns `'bad F'` (the head is unusable).
 * Never throws. The same steps as `routePooled`, which the tools use.
 *
 * @example const decision = await routeByPools(kvs, facts, head);
 */
export async function routeByPools(kvs: Store, f: RequestFacts, t: PoolHead): Promise<Decision | string> {
  const pk = partitionKeyOf(f, t);
  let id = forcedId(f, t);
  const reason: Decision['reason'] = id ? 'force' : 'override';
  let key = overrideKeyOf(t, pk);
  // No store (an embedded head): nothing can be read, and the fallback cell serves.
  const store = typeof kvs !== 'string' && kvs;
  if (!id && key && store) id = await store.get(key).then(undefined, () => '');
  const slot = slotOf(pk.key);
  const pool = poolOf(t, id ? -1 : ruleOf(f, t));
  key = id ? cellKey(t, id) : shardKey(t, pool, slot);
  const text = store && (await store.get(key).then(undefined, () => ''));
  // A cell key reads like a shard of one run (see pools-compile.ts).
  const cell = shardCell(text, t, pool, slot);
  let d = poolDecision(t, cell || t.F, id ? reason : 'hash', pk);
  const why = !cell ? 'bad' : isOff(t, cell) ? 'off' : decisionFault(t, d);
  if (why) {
    log(key + ' ' + why + ' -> fallback');
    d = poolDecision(t, t.F, 'fallback', pk);
    // The fallback cell is checked only when it serves: a head whose fallback fails is not usable.
    if (decisionFault(t, d)) return 'bad F';
  }
  return d;
}
