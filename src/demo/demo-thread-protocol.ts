/** The messages between `demo-api-thread.ts` (the host) and `demo-api-worker.ts` (the thread). */

/** One demo API the thread starts: `DemoApiOptions` with the port decided. */
export interface DemoApiSpec {
  readonly index: number;
  readonly host: string;
  readonly port: number;
}

/** The thread's `workerData`: the APIs to start, in order. */
export interface DemoThreadData {
  readonly apis: readonly DemoApiSpec[];
}

/** A listen error, as plain data: an `Error` loses `code` and the others through `postMessage`. */
export interface ErrorData {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
  readonly errno?: number;
  readonly syscall?: string;
  readonly address?: string;
  readonly port?: number;
}

/** Host → thread: close these APIs (by index); the thread ends when none is left. */
export interface CloseMessage {
  readonly type: 'close';
  readonly id: number;
  readonly indexes: readonly number[];
}

/** Thread → host. */
export type DemoThreadMessage =
  | { readonly type: 'listening'; readonly apis: ReadonlyArray<{ readonly index: number; readonly host: string; readonly port: number; readonly url: string }> }
  | { readonly type: 'failed'; readonly error: ErrorData }
  | { readonly type: 'closed'; readonly id: number };

const ERROR_FIELDS = ['code', 'errno', 'syscall', 'address', 'port'] as const;

/** `error` as data to post. */
export function errorData(error: unknown): ErrorData {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const data: Record<string, unknown> = { name: error.name, message: error.message };
  const fields = error as unknown as Record<string, unknown>;
  for (const field of ERROR_FIELDS) if (fields[field] !== undefined) data[field] = fields[field];
  return data as unknown as ErrorData;
}

/** The error again, with its code and fields, as `startDemoApi` would have thrown it in-process. */
export function errorFrom(data: ErrorData): Error {
  const error = new Error(data.message);
  if (data.name !== 'Error') error.name = data.name;
  for (const field of ERROR_FIELDS) if (data[field] !== undefined) Object.assign(error, { [field]: data[field] });
  return error;
}
