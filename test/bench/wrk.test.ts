import { describe, expect, it } from 'vitest';
import { parseWrk } from '../../bench/wrk.js';

const REPORT = `Running 10s test @ http://127.0.0.1:8080/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.62ms    2.10ms  31.36ms   95.12%
    Req/Sec     3.74k   410.22     4.52k    71.00%
  Latency Distribution
     50%  758.00us
     75%    1.10ms
     90%    2.01ms
     99%    1.36s
  74412 requests in 10.00s, 12.42MB read
  Socket errors: connect 0, read 0, write 0, timeout 21
  Non-2xx or 3xx responses: 4
Requests/sec:   7441.20
Transfer/sec:      1.24MB
`;

describe('parseWrk', () => {
  it('reads throughput, percentiles in any unit, and what did not answer as expected', () => {
    expect(parseWrk(REPORT)).toEqual({ rps: 7441.2, p50ms: 0.758, p99ms: 1360, unexpected: 25, timeouts: 21, tool: 'wrk' });
  });

  it('gives NaN, not zero, for a report it cannot read', () => {
    const result = parseWrk('unable to connect to 127.0.0.1:1 Connection refused');
    expect(result.rps).toBeNaN();
    expect(result.p99ms).toBeNaN();
  });
});
