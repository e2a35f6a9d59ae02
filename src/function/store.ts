/** The KeyValueStore calls the edge function makes (runtime 2.0 offers no listing). */
export interface KvsReader {
  /** Rejects when the key is missing, and when the read fails. */
  get(key: string): Promise<string>;
  exists(key: string): Promise<boolean>;
}

/** The associated store, or why there is none (what `cf.kvs()` threw). */
export type Store = KvsReader | string;
