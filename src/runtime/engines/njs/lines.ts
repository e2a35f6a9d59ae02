import type { Readable } from 'node:stream';

/**
 * Calls `see` with each complete, non-empty line of `stream` (UTF-8): how the host reads the
 * requests an njs process writes, whether the process serves one invocation or many.
 */
export function readLines(stream: Readable, see: (line: string) => void): void {
  let buffered = '';
  stream.setEncoding('utf8');
  stream.on('data', (text: string) => {
    buffered += text;
    let end = buffered.indexOf('\n');
    while (end !== -1) {
      const line = buffered.slice(0, end);
      buffered = buffered.slice(end + 1);
      if (line !== '') see(line);
      end = buffered.indexOf('\n');
    }
  });
}
