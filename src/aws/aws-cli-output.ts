/**
 * Output the way the AWS CLI prints it, so scripts written against
 * `aws cloudfront-keyvaluestore` read `cellfront kvs` unchanged: JSON indented by four
 * spaces, header fields (ETag) before body fields, timestamps as ISO-8601 with an offset.
 */

/**
 * A timestamp as the AWS CLI prints it (Python's `isoformat()`, here in UTC): microseconds
 * only when there is a fraction.
 *
 * @example awsCliTimestamp(new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678))) // '2024-01-02T03:04:05.678000+00:00'
 */
export function awsCliTimestamp(date: Date): string {
  const iso = date.toISOString();
  const ms = date.getUTCMilliseconds();
  return `${iso.slice(0, 19)}${ms === 0 ? '' : `.${String(ms).padStart(3, '0')}000`}+00:00`;
}

/** `value` as the AWS CLI's `--output json` prints it, with a trailing newline. */
export function awsCliJson(value: unknown): string {
  return `${JSON.stringify(value, null, 4)}\n`;
}

/** Drops `undefined` fields (the AWS CLI prints absent members not at all) and keeps the order given. */
export function present<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<T>;
}
