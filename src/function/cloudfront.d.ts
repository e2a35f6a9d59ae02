/**
 * The `cloudfront` module CloudFront Functions runtime 2.0 provides (only the
 * parts cellfront uses). It exists at the edge only: the build leaves the import
 * in place.
 */
declare module 'cloudfront' {
  /** A handle on the KeyValueStore associated with the function. */
  interface KeyValueStoreHandle {
    /** Rejects when the key is missing. */
    get(key: string, options?: { format?: 'string' }): Promise<string>;
    exists(key: string): Promise<boolean>;
    meta(): Promise<{ creationDateTime: string; lastUpdatedDateTime: string; keyCount: number }>;
  }
  /** The fields of `updateRequestOrigin` cellfront sets; the others are inherited from the current origin. */
  interface OriginUpdate {
    readonly domainName: string;
    readonly hostHeader?: string;
    readonly originPath?: string;
    readonly customOriginConfig: {
      readonly port: number;
      readonly protocol: 'http' | 'https';
      readonly sslProtocols?: readonly string[];
    };
  }
  interface CloudFront {
    /** Throws when no store is associated with the function. */
    kvs(kvsId?: string): KeyValueStoreHandle;
    /** Sends the request to another origin (viewer request only). */
    updateRequestOrigin(origin: OriginUpdate): void;
  }
  const cf: CloudFront;
  export default cf;
}
