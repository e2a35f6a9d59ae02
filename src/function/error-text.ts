/**
 * The message of anything thrown. Checks the shape rather than `instanceof
 * Error`, which fails for errors made in another realm (a test's vm context).
 */
export function errorText(thrown: unknown): string {
  if (thrown !== null && typeof thrown === 'object') {
    const message = (thrown as { message?: unknown }).message;
    if (typeof message === 'string') return message;
  }
  return String(thrown);
}
