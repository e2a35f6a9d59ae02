import { FUNCTION_LOG_MAX_BYTES } from '../limits.js';

/**
 * The `console.log` lines of one invocation. CloudFront truncates a run's logs at
 * 10 KB: the line that crosses the limit is cut, later lines are dropped.
 */
export class LogCollector {
  readonly lines: string[] = [];
  #bytes = 0;
  #full = false;

  add(line: string): void {
    if (this.#full) return;
    const size = Buffer.byteLength(line, 'utf8');
    if (this.#bytes + size <= FUNCTION_LOG_MAX_BYTES) {
      this.lines.push(line);
      this.#bytes += size;
      return;
    }
    this.#full = true;
    const room = FUNCTION_LOG_MAX_BYTES - this.#bytes;
    // Cut on a byte budget without splitting a character.
    const cut = Buffer.from(line, 'utf8').subarray(0, room).toString('utf8').replace(/\uFFFD$/, '');
    if (cut !== '') this.lines.push(cut);
    this.#bytes = FUNCTION_LOG_MAX_BYTES;
  }
}
