import type { RedirectStatus } from '../router/table/constants.js';

/** Where a partition key is read from, in the order given in the config. */
export type PartitionSource =
  | { readonly kind: 'header'; readonly name: string }
  | { readonly kind: 'cookie'; readonly name: string }
  | { readonly kind: 'query'; readonly name: string }
  | { readonly kind: 'path'; readonly index: number }
  | { readonly kind: 'client-ip' };

/** A cell after validation, its origin resolved to an absolute http(s) URL. */
export interface ResolvedCell {
  readonly id: string;
  /** Absolute URL with no query or fragment, e.g. `https://abc.execute-api.eu-west-1.amazonaws.com/prod`. */
  readonly origin: string;
  readonly weight: number;
  readonly disabled: boolean;
}

/** One override: requests whose partition key is `key` go to cell `cell`. */
export interface Override {
  readonly key: string;
  readonly cell: string;
}

/** A validated `cellfront.config.json`, defaults applied and stack outputs resolved. */
export interface ResolvedConfig {
  /** The config file as the user named it, for messages. */
  readonly file: string;
  readonly mode: 'proxy' | 'redirect';
  /** @default 307 */
  readonly redirectStatus: RedirectStatus;
  readonly cells: readonly ResolvedCell[];
  readonly partition: {
    readonly from: readonly PartitionSource[];
    readonly sticky: { readonly cookie: string; readonly maxAgeSeconds: number };
  };
  /** In file order. */
  readonly overrides: readonly Override[];
  readonly force: { readonly header?: string; readonly cookie?: string };
  /** @default the first enabled cell */
  readonly fallback: string;
  /** Response header naming the chosen cell; `undefined` when turned off. @default 'x-cellfront-cell' */
  readonly cellHeader: string | undefined;
  /** Pools rules may target, in file order. Empty when the config has none. */
  readonly pools?: readonly ResolvedPool[];
  /** Routing rules, in order: the first that matches wins. Empty when the config has none. */
  readonly rules?: readonly ResolvedRule[];
}

/** A pool: a subset of the cells with its own weights. */
export interface ResolvedPool {
  readonly id: string;
  readonly members: readonly { readonly cell: string; readonly weight: number }[];
}

/**
 * What a rule condition reads from a request: the viewer's country
 * (`cloudfront-viewer-country`), country and region joined by `-`, the
 * method, the path, or a named header (lower case), cookie or query parameter.
 */
export type RuleFact =
  | { readonly kind: 'country' | 'country-region' | 'method' | 'path' }
  | { readonly kind: 'header' | 'cookie' | 'query'; readonly name: string };

/** One condition: the fact equals one of `values`, or starts with one of them. */
export interface RuleCondition {
  readonly fact: RuleFact;
  readonly test: 'equals' | 'prefix';
  readonly values: readonly string[];
}

/** A rule: every condition holds (all of) -> the target pool or cell. */
export interface ResolvedRule {
  /** From the config, or `rule-<index>`. */
  readonly name: string;
  /** JSON pointer of the rule in the config, for messages. */
  readonly pointer: string;
  readonly conditions: readonly RuleCondition[];
  readonly target: { readonly pool: string } | { readonly cell: string };
}
