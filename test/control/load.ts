/** Traffic for the local edge: many distinct partition keys, the cell read from the response header. */
import { Agent, request } from 'node:http';
import { slotOf } from '../../src/router/table/index.js';
import { SLOT_COUNT } from '../../src/router/table/index.js';

export interface Answer {
  readonly status: number;
  /** The `x-cellfront-cell` response header, if any. */
  readonly cell: string | undefined;
}

/** Sends GET / to the edge with `x-tenant-id: key` and reads the cell that answered. */
export function get(agent: Agent, port: number, key: string): Promise<Answer> {
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port, path: '/', agent, headers: { 'x-tenant-id': key } }, (res) => {
      res.resume();
      res.on('end', () => done({ status: res.statusCode ?? 0, cell: res.headers['x-cellfront-cell'] as string | undefined }));
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end();
  });
}

/** Sends one request per key, `concurrency` at a time. */
export async function sendAll(port: number, keys: readonly string[], concurrency: number): Promise<Answer[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const answers: Answer[] = new Array<Answer>(keys.length);
  let next = 0;
  const worker = async () => {
    while (next < keys.length) {
      const i = next++;
      answers[i] = await get(agent, port, keys[i] as string);
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    agent.destroy();
  }
  return answers;
}

/**
 * `count` distinct keys whose slots spread evenly over the hash space: one key
 * per stratum of `SLOT_COUNT / count` slots, found by hashing `prefix-0`,
 * `prefix-1`, ... with the edge's own hash. A random sample of a few hundred
 * keys would put ±2 percentage points of sampling noise on every measured
 * share; an even spread leaves only the edge's routing to measure.
 */
export function spreadKeys(prefix: string, count: number): string[] {
  const width = SLOT_COUNT / count;
  const keys = new Array<string | undefined>(count).fill(undefined);
  let missing = count;
  for (let n = 0; missing > 0; n++) {
    const key = `${prefix}-${n}`;
    const stratum = Math.floor(slotOf(key) / width);
    if (keys[stratum] === undefined) {
      keys[stratum] = key;
      missing--;
    }
  }
  return keys as string[];
}

/** Load in the background: `workers` loops, each request with a new key, until `stop()`. */
export function backgroundLoad(port: number, workers: number): { stop: () => Promise<Answer[]> } {
  const agent = new Agent({ keepAlive: true, maxSockets: workers });
  const answers: Answer[] = [];
  let running = true;
  let n = 0;
  const loops = Array.from({ length: workers }, async () => {
    while (running) answers.push(await get(agent, port, `bg-${n++}`));
  });
  return {
    stop: async () => {
      running = false;
      await Promise.all(loops);
      agent.destroy();
      return answers;
    },
  };
}
