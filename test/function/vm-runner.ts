/**
 * Runs a built function in Node's `vm` with a tiny `cloudfront` shim: a second,
 * independent engine for the shared edge cases (njs is the first), with the
 * same batch interface and records as the njs runner. The import line is
 * swapped for a context variable, since `vm` scripts cannot import.
 */
import { createContext, runInContext } from 'node:vm';
import type { EdgeBatch, EdgeBatchOutcome, EdgeCall, EdgeCallResult } from './njs-runner.js';

const IMPORT = /^import ?(\w+) ?from ?["']cloudfront["'];?/m;

interface CallState {
  kvs: Readonly<Record<string, string>> | null;
  failing: readonly string[];
  reads: string[];
  origin: Record<string, unknown> | undefined;
}

export async function runBatchInVm(batch: EdgeBatch): Promise<EdgeBatchOutcome> {
  const match = IMPORT.exec(batch.code);
  if (!match) throw new Error('the function has no `import ... from "cloudfront"` line');
  const logs: string[] = [];
  const violations: string[] = [];
  let state: CallState = { kvs: null, failing: [], reads: [], origin: undefined };
  const context = createContext({
    cloudfrontShim: shim(() => state),
    console: {
      log: (...args: unknown[]) => {
        if (args.length !== 1) violations.push(`console.log called with ${args.length} arguments`);
        logs.push(String(args[0]));
      },
    },
  });
  const source = batch.code.replace(IMPORT, `var ${match[1]} = cloudfrontShim;`);
  const handler = runInContext(`${source}\nhandler;`, context, { filename: 'edge-function.js' }) as (event: unknown) => Promise<unknown>;
  const results: EdgeCallResult[] = [];
  for (const call of batch.calls) {
    state = { kvs: call.kvs, failing: call.failingKeys ?? [], reads: [], origin: undefined };
    try {
      const value = await handler(eventOf(call));
      results.push({ ok: true, value: JSON.parse(JSON.stringify(value)) as unknown, ...(state.origin ? { origin: state.origin } : {}), reads: state.reads });
    } catch (error) {
      results.push({ ok: false, error: String(error) });
    }
  }
  return { results, logs, violations, timedMs: 0 };
}

function eventOf(call: EdgeCall): unknown {
  const event = JSON.parse(JSON.stringify(call.event)) as { request: Record<string, unknown> };
  const raw = call.rawQueryString;
  if (raw) event.request.rawQueryString = () => raw.returns;
  return event;
}

function shim(current: () => CallState) {
  const refuse = (key: string) => Promise.reject(new Error(`InternalError: the store did not answer for ${key}`));
  const handle = {
    get: (key: string) => {
      const s = current();
      s.reads.push(`get ${key}`);
      if (s.failing.includes(key)) return refuse(key);
      const value = s.kvs && Object.hasOwn(s.kvs, key) ? s.kvs[key] : undefined;
      return value === undefined ? Promise.reject(new Error(`KeyNotFound: ${key}`)) : Promise.resolve(value);
    },
    exists: (key: string) => {
      const s = current();
      s.reads.push(`exists ${key}`);
      return s.failing.includes(key) ? refuse(key) : Promise.resolve(s.kvs !== null && Object.hasOwn(s.kvs, key));
    },
  };
  return {
    kvs: () => {
      if (current().kvs === null) throw new Error('KVSNamespaceNotFound: no KeyValueStore is associated with this function');
      return handle;
    },
    updateRequestOrigin: (props: Record<string, unknown>) => {
      const s = current();
      s.origin = { ...s.origin, ...(JSON.parse(JSON.stringify(props)) as Record<string, unknown>) };
    },
  };
}
