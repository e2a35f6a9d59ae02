/** Codes of the errors compiling a table can raise. */
export type TableErrorCode = 'table-too-large' | 'store-too-large' | 'previous-unusable';

/** Compiling refused: the table or the store entries would break a KVS limit, or the live table is unusable. */
export class TableError extends Error {
  override readonly name = 'TableError';
  constructor(
    readonly code: TableErrorCode,
    message: string,
    /** For `table-too-large` with a previous table: what laying runs out afresh would give instead. */
    readonly compactAlternative?: { readonly bytes: number; readonly movedShare: number },
  ) {
    super(message);
  }
}
