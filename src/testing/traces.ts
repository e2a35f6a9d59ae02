/**
 * What a test edge's `fetch` returns beside the response: each request's function
 * logs and origin calls, as the edge reports them, kept by request id until `fetch`
 * claims them with the response's `x-amz-cf-id`. The edge reports only requests on
 * `fetch`'s own connections (`observe: 'in-memory'`), so nothing is kept for requests
 * to `edge.url`, which no one would claim.
 */
import type { EdgeObserver, OriginCall } from '../edge/index.js';

/** A request the edge sent to an origin. */
export interface OriginRecord {
  readonly id: string;
  readonly url: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string | string[]>>;
  readonly body: string;
  /** The origin's status; `undefined` when it could not be reached. */
  readonly status?: number;
}

/** One request's logs (viewer-request, then viewer-response) and origin calls, in order. */
export interface Trace {
  readonly logs: string[];
  readonly calls: OriginRecord[];
}

/** The traces of requests the edge has reported and `fetch` has not claimed yet. */
export class RequestTraces {
  readonly #traces = new Map<string, Trace>();

  /** The observer to give the edge. */
  readonly observer: EdgeObserver = {
    functionRun: ({ requestId, outcome }) => this.#of(requestId).logs.push(...outcome.logs),
    originCall: (call) => this.#of(call.requestId).calls.push(recordOf(call)),
  };

  /** The trace of `requestId`, forgotten from now on; empty when the edge reported nothing. */
  claim(requestId: string): Trace {
    const trace = this.#traces.get(requestId) ?? { logs: [], calls: [] };
    this.#traces.delete(requestId);
    return trace;
  }

  /** How many traces wait to be claimed. */
  get size(): number {
    return this.#traces.size;
  }

  #of(requestId: string): Trace {
    let found = this.#traces.get(requestId);
    if (!found) this.#traces.set(requestId, (found = { logs: [], calls: [] }));
    return found;
  }
}

function recordOf(call: OriginCall): OriginRecord {
  const record = { id: call.originId, url: call.url, method: call.method, headers: call.headers, body: call.body.toString('utf8') };
  return call.status === undefined ? record : { ...record, status: call.status };
}
