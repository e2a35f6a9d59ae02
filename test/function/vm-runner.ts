/**
 * Runs a built function in Node's `vm` with a tiny `cloudfront` shim: a second,
 * independent engine for the shared edge cases (njs is the first). The import
 * line is swapped for a context variable, since `vm` scripts cannot import.
 */
import { runInContext, createContext } from 'node:vm';
import type { CallResult, FunctionInvocation, FunctionOutcome } from '../support/njs.js';

const IMPORT = /^import cf from ?["']cloudfront["'];?$/m;

export async function runInVm(invocation: FunctionInvocation): Promise<FunctionOutcome> {
  if (!IMPORT.test(invocation.code)) throw new Error('the function has no `import cf from "cloudfront"` line');
  const logs: string[] = [];
  const violations: string[] = [];
  const context = createContext({
    cloudfrontShim: shim(invocation),
    console: {
      log: (...args: unknown[]) => {
        if (args.length !== 1) violations.push(`console.log called with ${args.length} arguments`);
        logs.push(String(args[0]));
      },
    },
  });
  const source = invocation.code.replace(IMPORT, 'var cf = cloudfrontShim;');
  const handler = runInContext(`${source}\nhandler;`, context, { filename: 'edge-function.js' }) as (
    event: unknown,
  ) => Promise<unknown>;
  const results: CallResult[] = [];
  for (let i = 0; i < (invocation.times ?? 1); i++) {
    const event = JSON.parse(JSON.stringify(invocation.event)) as { request: Record<string, unknown> };
    const raw = invocation.rawQueryString;
    if (raw) event.request.rawQueryString = () => raw.returns;
    try {
      results.push({ ok: true, value: await handler(event) });
    } catch (error) {
      results.push({ ok: false, error: String(error) });
    }
  }
  return { results, logs, violations };
}

function shim(invocation: FunctionInvocation) {
  const data = invocation.kvs;
  const failing = invocation.failingKeys ?? [];
  const refuse = (key: string) => Promise.reject(new Error(`InternalError: the store did not answer for ${key}`));
  return {
    kvs: () => {
      if (data === null) throw new Error('KVSNamespaceNotFound: no KeyValueStore is associated with this function');
      return {
        get: (key: string) => {
          if (failing.includes(key)) return refuse(key);
          const value = Object.hasOwn(data, key) ? data[key] : undefined;
          return value === undefined ? Promise.reject(new Error(`KeyNotFound: ${key}`)) : Promise.resolve(value);
        },
        exists: (key: string) => (failing.includes(key) ? refuse(key) : Promise.resolve(Object.hasOwn(data, key))),
      };
    },
  };
}
