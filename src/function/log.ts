/**
 * One line in the function's log. The runtime's `console.log` takes exactly
 * one argument, so each line is built as one string.
 *
 * @example log('cellfront:table bad r -> default origin') // "cellfront: cellfront:table bad r -> default origin"
 */
export function log(message: string): void {
  console.log('cellfront: ' + message);
}

/** Appended to a log line when the request is left to the distribution's default origin. */
export const TO_DEFAULT_ORIGIN = ' -> default origin';
