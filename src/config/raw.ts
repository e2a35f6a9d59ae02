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
