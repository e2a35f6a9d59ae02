import type { RedirectStatus } from './constants.js';

/*
 * The routing table as stored in one KVS value and as the edge reads it. Field
 * names are one or two letters on purpose: the whole table must fit in 1,024
 * bytes, and the edge function uses the parsed JSON as is, without a mapping
 * step that would cost code size (the function is capped too). Each field's
 * TSDoc gives its meaning; `docs/routing.md` has the full format.
 */

/** One cell as the edge sees it. Proxy tables carry `d`/`p`/`n`/`o`, redirect tables carry `u`. */
export interface TableCell {
  /** Cell id. */
  readonly i: string;
  /** Proxy: origin domain name. */
  readonly d?: string;
  /** Proxy: `'http'` when the origin speaks plain HTTP; absent means HTTPS. */
  readonly p?: 'http';
  /** Proxy: origin port, when not the protocol's default (443 or 80). */
  readonly n?: number;
  /** Proxy: origin path such as `/prod` (leading `/`, no trailing `/`); absent when empty. */
  readonly o?: string;
  /** Redirect: target URL without a trailing `/`; the request path is appended. */
  readonly u?: string;
  /** `1` when the cell is disabled: never chosen, its slots go to the fallback. */
  readonly x?: 1;
}

/**
 * Where a partition key may come from, in a table: `h:<header>` (lower case),
 * `c:<cookie>`, `q:<query parameter>`, `p:<path segment index, from 0>`, or `i`
 * (the viewer's IP address).
 */
export type SourceSpec = string;

/** The routing table (version 1). */
export interface RoutingTable {
  /** Format version, always 1. */
  readonly v: 1;
  /** Mode: `p` proxy (change the origin), `r` redirect (answer with a redirect). */
  readonly m: 'p' | 'r';
  /** Redirect status, in redirect mode. */
  readonly rs?: RedirectStatus;
  /** Cells, in config order; runs and `f` refer to them by index. */
  readonly c: readonly TableCell[];
  /** Runs `[cell, length, cell, length, ...]`, covering slots `[0, SLOT_COUNT)` in order. */
  readonly r: readonly number[];
  /** Partition key sources, tried in order. */
  readonly k: readonly SourceSpec[];
  /** Name of the sticky visitor cookie. */
  readonly sc: string;
  /** Max-Age of the sticky visitor cookie, in seconds. */
  readonly sa: number;
  /** Header whose value (a cell id) forces the cell, if any. */
  readonly fh?: string;
  /** Cookie whose value (a cell id) forces the cell, if any. */
  readonly fc?: string;
  /** Index of the fallback cell. */
  readonly f: number;
  /** Response header naming the chosen cell; absent when turned off. */
  readonly h?: string;
  /** `1` when override keys exist, so the edge knows a pin lookup can hit. */
  readonly pn?: 1;
}

/**
 * One rule dimension of a pooled table, `[map, name, testers, entries, kind]`:
 * where the fact is read (see `FACT_MAP` in `rule-index.ts`: 0 the request's
 * own facts, `p` path, `m` method, `c` country, `r` region; 1 headers,
 * 2 cookies, 3 query) and its name there;
 * the mask of the rules testing the fact (which a value no rule lists fails);
 * the entries (`entryText`: each listed value with the mask of the rules it
 * fails, each prefix with the mask of the rules it satisfies); and the kind:
 * 0 an equality, 1 an equality on country `-` region, the prefix lengths
 * (shortest first, a character each: `LENGTH_BASE` + length) for a prefix
 * test, or for a compact country dimension the groups' masks (six base-36
 * digits each; its entries are then the codes with a group digit each,
 * `"DE0FR0JP1"`).
 */
export type RuleDimension = [number, string, number, string, number | string];

/**
 * The head of a pooled table (version 2), stored as `cellfront:table`: the
 * settings of version 1, the fallback cell whole, the rules as dimensions,
 * and each pool's shard width. Cells live in shards and cell keys.
 */
export interface PoolHead {
  readonly v: 2;
  /** Generation: shard and cell keys carry it, so a new head switches all of them at once. */
  readonly g: number;
  readonly m: 'p' | 'r';
  readonly rs?: RedirectStatus;
  readonly k: readonly SourceSpec[];
  readonly sc: string;
  readonly sa: number;
  readonly fh?: string;
  readonly fc?: string;
  readonly h?: string;
  readonly pn?: 1;
  /** The fallback cell, whole: where a request goes when its shard or cell cannot be read. */
  readonly F: TableCell;
  /** Ids of cells switched off at the edge. */
  readonly x?: readonly string[];
  /** Slots per shard of each pool (a divisor of SLOT_COUNT). */
  readonly P: readonly number[];
  /** Rule dimensions (see `RuleDimension`), flat: five fields each. */
  readonly D: readonly (number | string)[];
  /** Each rule's pool index, in rule order, as one character each: `48 + index` (`"2310"`). */
  readonly T: string;
}

/** Where a partition key came from. */
export type KeySource = 'header' | 'cookie' | 'query' | 'path' | 'client-ip' | 'visitor' | 'new-visitor';

/** The partition key of a request and where it was found. */
export interface PartitionKey {
  readonly key: string;
  readonly source: KeySource;
}

/**
 * One request value: a string, or a field shaped like CloudFront's event
 * fields (`{ value }`, the first value when a name repeats). Either reads the
 * same; the edge function passes the event's own maps, since copying every
 * header and cookie on every request costs time the decision does not need.
 */
export type FactValue = string | { readonly value: string };

/**
 * What the routing decision reads from a request. Adapters build it from their
 * event. Names that are absent, or inherited from `Object.prototype`, read as
 * no value.
 */
export interface RequestFacts {
  /** Header values by lower-case name. */
  readonly headers: Readonly<Record<string, FactValue>>;
  readonly cookies: Readonly<Record<string, FactValue>>;
  /** Query parameters by name, as the viewer sent them. */
  readonly query: Readonly<Record<string, FactValue>>;
  /** The request path, starting with `/`. */
  readonly path: string;
  readonly clientIp: string;
  /** The request method (rules may test it); absent reads as no value. */
  readonly method?: string;
  /** A fresh random id, used as the key (and set as the visitor cookie) when the request has none. */
  readonly newVisitorId: string;
}

/** Why a cell was chosen. */
export type DecisionReason = 'force' | 'override' | 'hash' | 'fallback';

/** A `Set-Cookie` to send so that a new visitor keeps its cell. */
export interface VisitorCookie {
  readonly name: string;
  readonly value: string;
  /** Cookie attributes, e.g. `Path=/; Max-Age=86400; Secure; HttpOnly; SameSite=Lax`. */
  readonly attributes: string;
}

/** The routing decision for one request. */
export interface Decision {
  readonly cell: TableCell;
  readonly reason: DecisionReason;
  /** The partition key the decision was made for. */
  readonly key: string;
  readonly source: KeySource;
  /** Present when the request had no key: the adapter should set this cookie. */
  readonly setVisitorCookie?: VisitorCookie;
  /** Pooled tables: the index of the rule that matched (-1: none), when the decision got that far. */
  readonly rule?: number;
  /** Pooled tables: the index of the pool that decided (0: the default split). */
  readonly pool?: number;
}

/** The result of decoding a stored table: the table, or why it cannot be used. */
export type DecodedTable =
  | { readonly ok: true; readonly table: RoutingTable }
  | { readonly ok: false; readonly code: 'unusable-table'; readonly reason: string };
