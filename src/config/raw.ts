/** The config file as written, once it passed the schema (`cellfront.schema.json`). */
export interface RawConfig {
  readonly $schema?: string;
  readonly mode?: 'proxy' | 'redirect';
  readonly redirectStatus?: 307 | 308 | 302;
  readonly cells: readonly RawCell[];
  readonly partition?: {
    readonly from?: readonly RawSource[];
    readonly sticky?: { readonly cookie?: string; readonly maxAgeSeconds?: number };
  };
  readonly overrides?: Readonly<Record<string, string>>;
  readonly force?: { readonly header?: string; readonly cookie?: string };
  readonly fallback?: string;
  readonly cellHeader?: string | false;
  /** Pool id -> (cell id -> weight). */
  readonly pools?: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly rules?: readonly RawRule[];
}

/** One routing rule: a match and exactly one target (`pool` or `cell`). */
export interface RawRule {
  readonly name?: string;
  readonly match: RawMatch;
  readonly pool?: string;
  readonly cell?: string;
}

/** A test of a header, cookie or query value: exactly one of `equals`, `oneOf`, `prefix`. */
export interface RawValueTest {
  readonly name: string;
  readonly equals?: string;
  readonly oneOf?: readonly string[];
  readonly prefix?: string;
}

/** Exactly one property is present (the schema checks it). */
export interface RawMatch {
  readonly country?: readonly string[];
  readonly countryRegion?: readonly string[];
  readonly header?: RawValueTest;
  readonly cookie?: RawValueTest;
  readonly query?: RawValueTest;
  readonly pathPrefix?: string;
  readonly method?: readonly string[];
  readonly allOf?: readonly RawMatch[];
}

export interface RawCell {
  readonly id: string;
  readonly origin: string;
  readonly weight: number;
  readonly disabled?: boolean;
}

/** Exactly one property is present (the schema checks it). */
export interface RawSource {
  readonly header?: string;
  readonly cookie?: string;
  readonly query?: string;
  readonly pathSegment?: number;
  readonly clientIp?: true;
}

/** Defaults, as documented in the schema. */
export const CONFIG_DEFAULTS = {
  mode: 'proxy',
  redirectStatus: 307,
  stickyCookie: 'cellfront-visitor',
  /** 30 days: a visitor stays on its cell for a month of visits. */
  stickyMaxAgeSeconds: 2_592_000,
  cellHeader: 'x-cellfront-cell',
} as const;
