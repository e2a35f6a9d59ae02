/**
 * Errors of the local KeyValueStore. They carry the error codes and HTTP statuses of the
 * CloudFront KeyValueStore API (service `cloudfront-keyvaluestore`), so the HTTP layer
 * can send them as they are and the AWS SDK rebuilds the same exception classes.
 */

/** Error codes the KeyValueStore API defines, with the HTTP status each travels with. */
export const KVS_ERROR_STATUS = {
  ValidationException: 400,
  ServiceQuotaExceededException: 402,
  AccessDeniedException: 403,
  ResourceNotFoundException: 404,
  ConflictException: 409,
  InternalServerException: 500,
} as const;

/** One of the KeyValueStore API's error codes. */
export type KvsErrorCode = keyof typeof KVS_ERROR_STATUS;

/**
 * A request the store refused (or, for `InternalServerException`, could not carry out).
 *
 * @example
 * try { await store.put('k', 'v', staleEtag); }
 * catch (e) { if (e instanceof KvsError && e.code === 'ConflictException') refetchEtag(); }
 */
export class KvsError extends Error {
  override readonly name = 'KvsError';
  /** The HTTP status the API answers this error with. */
  readonly statusCode: number;

  constructor(
    readonly code: KvsErrorCode,
    message: string,
  ) {
    super(message);
    this.statusCode = KVS_ERROR_STATUS[code];
  }

  /** Whether the caller (4xx) or the store (5xx) is at fault. */
  get fault(): 'client' | 'server' {
    return this.statusCode >= 500 ? 'server' : 'client';
  }
}

/**
 * A store file on disk cannot be read as a store. Loading stops rather than dropping
 * the file, so a damaged store is never silently replaced by an empty one.
 */
export class StoreFileError extends Error {
  override readonly name = 'StoreFileError';
  readonly code = 'StoreFileCorrupt';

  constructor(
    /** The file that could not be loaded. */
    readonly file: string,
    reason: string,
  ) {
    super(`Store file ${file} is not a valid key value store: ${reason}`);
  }
}

/** Shortens user input quoted back in messages, so a 512-byte key does not flood a log line. */
export function quote(text: string, max = 60): string {
  const shown = text.length > max ? `${text.slice(0, max)}…` : text;
  return JSON.stringify(shown);
}

/**
 * Another live process owns the data directory (its lock file names it). Two processes
 * writing the same store files would undo each other's writes, so the second is refused.
 */
export class StoreLockedError extends Error {
  override readonly name = 'StoreLockedError';
  readonly code = 'StoreLocked';

  constructor(
    readonly dataDir: string,
    /** The process that holds the lock. */
    readonly pid: number,
  ) {
    super(
      `the data directory ${dataDir} is in use by another cellfront process (pid ${pid}); stop that process, or give this one its own directory (--data-dir)`,
    );
  }
}
