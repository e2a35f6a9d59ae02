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
  interface CloudFront {
    /** Throws when no store is associated with the function. */
    kvs(kvsId?: string): KeyValueStoreHandle;
  }
  const cf: CloudFront;
  export default cf;
}
