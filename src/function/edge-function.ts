/**
 * The CloudFront Function (runtime 2.0), associated with the viewer-request
 * event and, for proxy mode, the viewer-response event too: the same file
 * serves both. `cellfront build` bundles this file and everything it imports
 * into one file; `cloudfront` stays an import.
 *
 * - A routing table (the store's, else the one embedded at build time) decides
 *   the cell: proxy or redirect on the request, then the cell header and a new
 *   visitor's cookie on the response. Both events make the same decision from
 *   the same facts.
 * - The store's table is checked as far as this request uses it: its
 *   structure, then what the decision hands to CloudFront (see
 *   `router/table/decode.ts`). Any fault sends the request to the fallback.
 * - With no table anywhere, the seed's layout (`APIGW<n>URL`) keeps working.
 * - The router never answers 5xx for a store that fails or a table that is
 *   corrupt: it routes with the embedded table, or leaves the request to the
 *   default origin, and logs why. Only "nothing to route with" is a 503.
 *
 * Written in runtime 2.0's subset of JavaScript (no destructuring, spread, `?.`,
 * `??`, classes, for...of, default parameters, Map/Set); the build rejects the rest.
 */
import cf from 'cloudfront';
import {
  cellKey,
  decide,
  decisionFault,
  forcedId,
  openStored,
  overrideKeyOf,
  partitionKeyOf,
  poolDecision,
  poolOf,
  ruleOf,
  shardCell,
  shardKey,
  slotOf,
  TABLE_KEY,
  type PoolHead,
  type RoutingTable,
} from '../router/table/edge.js';
import { answer } from './cell.js';
import type { WithEmbeddedTable } from './embedded-table.js';
import type { CfEvent, CfRequest, CfResponse } from './event.js';
import { requestFacts } from './facts.js';
import { log, TO_DEFAULT_ORIGIN } from './log.js';
import { routeBySeedLayout } from './seed.js';
import type { KvsReader, Store } from './store.js';

/**
 * The entry point CloudFront calls, for either event. Never throws; at most
 * two store reads (the table, then the request key's override) with a
 * one-value table, three with a pooled one (the head, a pin, a shard or cell).
 *
 * The reads are awaited here rather than in async helpers, and a failed read
 * is caught with `try`: under njs an async function that returns a promise
 * costs more than the read itself (about 10 us per request, measured with
 * `npm run bench`), and so does a `.then` with a rejection handler.
 */
export async function handler(event: CfEvent): Promise<CfRequest | CfResponse> {
  const response = event.context.eventType === 'viewer-response' ? event.response : undefined;
  try {
    // Why the store's table does not serve this request; first, why there is no store.
    let why = '';
    let kvs: Store;
    try {
      kvs = cf.kvs();
    } catch (err) {
      kvs = why = String(err);
    }
    const facts = requestFacts(event);
    let text: string | undefined;
    if (typeof kvs !== 'string') {
      try {
        text = await kvs.get(TABLE_KEY);
      } catch (err) {
        // A missing key and a failed read look alike here; the seed layout's
        // own reads tell them apart when it comes to that.
        why = TABLE_KEY + ' ' + err;
      }
    }
    let table: RoutingTable | PoolHead | string | undefined = text === undefined ? undefined : openStored(text);
    // The one override read a request may make: its key, and what it held.
    let pinKey = '';
    let pin: string | undefined;
    // The store's table, checked as far as this decision goes; then the
    // embedded one, checked whole at build time.
    for (let live = true; ; live = false) {
      // A pooled table (version 2) reads its cell from a shard. A build for one
      // format (see embedded-table.ts) keeps only that format's code.
      if (typeof table === 'object' && (globalThis as WithEmbeddedTable).CELLFRONT_FORMAT !== 1 && table.v === 2) {
        // A force header or a pin names a cell (read `cellfront:c:<g>:<id>`); else the
        // first matching rule picks a pool and the key's slot one shard of it
        // (`cellfront:s:<g>:<pool>:<shard>`). One read after the head without pins, two with.
        const pk = partitionKeyOf(facts, table);
        const forced = forcedId(facts, table);
        let id = forced;
        let key = overrideKeyOf(table, pk);
        let value: string | undefined;
        // A missing key rejects, and so does a read with no store (`kvs` is then why there is
        // none, and has no `get`): no pin, and `id` stays ''.
        if (!id && key) {
          try {
            id = await (kvs as KvsReader).get(key);
            // The binding stays: njs, the engine CloudFront Functions derive from, rejects `catch {`.
            // eslint-disable-next-line @typescript-eslint/no-unused-vars
          } catch (e) {
            // No pin.
          }
        }
        const slot = slotOf(pk.key);
        const pool = poolOf(table, id ? -1 : ruleOf(facts, table));
        key = id ? cellKey(table, id) : shardKey(table, pool, slot);
        try {
          value = await (kvs as KvsReader).get(key);
          // eslint-disable-next-line @typescript-eslint/no-unused-vars
        } catch (e) {
          // Missing, unreadable or no store: the fallback cell serves, and the log says so.
        }
        // A cell key reads like a shard of one run (see pools-compile.ts). Anything missing,
        // broken, switched off or unfit for CloudFront sends the request to the head's
        // fallback cell, and the log says why; the fallback cell is checked only when it
        // serves, and one CloudFront would refuse makes the head unusable (`bad F`).
        const cell = shardCell(value, table, pool, slot);
        let decision = poolDecision(table, cell || table.F, forced ? 'force' : id ? 'override' : 'hash', pk);
        // (`x` lists the cells switched off; see isOff, which the tools use.)
        const fault = !cell ? 'bad' : table.x && table.x.indexOf(cell.i) >= 0 ? 'off' : decisionFault(table, decision);
        if (fault) {
          log(key + ' ' + fault + ' -> fallback');
          decision = poolDecision(table, table.F, 'fallback', pk);
        }
        if (!fault || !decisionFault(table, decision)) return answer(event.request, response, table as unknown as RoutingTable, decision, cf);
        table = 'bad F';
      }
      if (typeof table === 'object' && (globalThis as WithEmbeddedTable).CELLFRONT_FORMAT !== 2) {
        table = table as RoutingTable;
        const pk = partitionKeyOf(facts, table);
        const key = overrideKeyOf(table, pk);
        if (key && !pinKey && typeof kvs !== 'string') {
          pinKey = key;
          // A missing key rejects: no pin.
          pin = await kvs.get(key).then(undefined, () => undefined);
        }
        // A pin read for the store's table counts for the embedded one only if it names the same key.
        const decision = decide(facts, table, key === pinKey ? pin : undefined, pk);
        const fault = live ? decisionFault(table, decision) : '';
        if (!fault) return answer(event.request, response, table, decision, cf);
        table = 'bad ' + fault;
      }
      if (table) why = TABLE_KEY + ' ' + table;
      // A literal after the build (see embedded-table.ts): the bundler keeps only what applies.
      if (!live || !(globalThis as WithEmbeddedTable).CELLFRONT_HAS_EMBEDDED_TABLE) break;
      log(why + ' -> embedded table');
      table = (globalThis as WithEmbeddedTable).CELLFRONT_EMBEDDED_TABLE as RoutingTable | PoolHead;
    }
    // The embedded table always serves: only builds without one get here.
    if (!(globalThis as WithEmbeddedTable).CELLFRONT_HAS_EMBEDDED_TABLE) {
      if (text !== undefined) log(why + TO_DEFAULT_ORIGIN);
      // A store with no table at all (or no store): the seed layout.
      // (A build for one table format leaves the seed layout out.)
      else if (!response && !(globalThis as WithEmbeddedTable).CELLFRONT_FORMAT) return await routeBySeedLayout(kvs, event.request);
    }
  } catch (err) {
    log(err + TO_DEFAULT_ORIGIN);
  }
  return response || event.request;
}
