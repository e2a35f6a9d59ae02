/**
 * Names and sizes of the routing table that the edge function and the tools
 * must agree on. Production limits (value size, store size) live in
 * `src/limits.ts`; these are cellfront's own choices.
 */

/** Slots in the hash space; each slot belongs to one cell. 10,000 slots give shares in steps of 0.01%. */
export const SLOT_COUNT = 10_000;

/** Version of the encoded table; the edge refuses any other. */
export const TABLE_VERSION = 1;

/** KVS key holding the live routing table. */
export const TABLE_KEY = 'cellfront:table';

/** KVS key holding the table the live one replaced, for rollback. */
export const PREVIOUS_TABLE_KEY = 'cellfront:table:previous';

/** Prefix of override keys: `cellfront:pin:<partition key>` holds the pinned cell's id. */
export const PIN_KEY_PREFIX = 'cellfront:pin:';

/** Redirect statuses a table may carry. 301 is left out: browsers cache it forever and may turn POST into GET. */
export const REDIRECT_STATUSES = [307, 308, 302] as const;

/** A redirect status a table may carry. */
export type RedirectStatus = (typeof REDIRECT_STATUSES)[number];

/** Cell ids appear in headers, cookies and KVS values, so they stay short and plain. */
export const CELL_ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

/** Cells one table may name; more would not fit in one KVS value anyway. */
export const TABLE_MAX_CELLS = 64;
