/**
 * `createTestEdge` in-process, as a user's test suite drives it: cellfront's
 * own edge function (seed layout: it reads the KVS, picks a cell, answers 307)
 * behind a test edge, 16 requests in flight through `edge.fetch`, for a fixed time.
 */
import { buildEdgeFunction } from '../src/function/index.js';
import { createTestEdge } from '../src/testing/index.js';

export async function measureTestEdge(seconds: number): Promise<{ requestsPerSecond: number; requests: number }> {
  const { code } = await buildEdgeFunction({});
  const edge = await createTestEdge({
    code,
    kvs: { APIGW1URL: 'https://api1.example.com/prod/', APIGW2URL: 'https://api2.example.com/prod/' },
  });
  try {
    const run = async (ms: number) => {
      let requests = 0;
      let wrong = 0;
      const until = performance.now() + ms;
      const worker = async (n: number) => {
        for (let i = 0; performance.now() < until; i++) {
          const response = await edge.fetch(`/orders/${i}`, { headers: { 'x-tenant-id': `tenant-${n}-${i}` } });
          if (response.status !== 307) wrong++;
          requests++;
        }
      };
      const started = performance.now();
      await Promise.all(Array.from({ length: 16 }, (_, n) => worker(n)));
      if (wrong > 0) throw new Error(`createTestEdge: ${wrong} answers were not the function's 307`);
      return { requests, requestsPerSecond: requests / ((performance.now() - started) / 1000) };
    };
    await run(500);
    return await run(seconds * 1000);
  } finally {
    await edge.close();
  }
}
